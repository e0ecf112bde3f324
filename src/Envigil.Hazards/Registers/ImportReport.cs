namespace Envigil.Hazards.Registers;

/// <summary>A problem with one row (feature) of an import: the row number the person sees (header = 1 in a sheet, feature index + 1 in GeoJSON; 0 = the whole file).</summary>
public sealed record ImportError(int Row, string? Column, string MessageVi, string MessageEn);

/// <summary>What an import did: rows stored, rows left out with their reasons.</summary>
public sealed record ImportReport(int Stored, int Rejected, IReadOnlyList<ImportError> Errors)
{
    public static ImportReport Failed(ImportError error) => new(0, 0, [error]);
}
