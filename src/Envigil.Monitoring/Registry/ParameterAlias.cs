namespace Envigil.Monitoring.Registry;

/// <summary>A spelling of a parameter code added for this province (e.g. a datalogger that writes "COD_out").</summary>
public sealed class ParameterAlias
{
    /// <summary>Normalised with <see cref="ParameterCatalogue.NormalizeAlias"/>.</summary>
    public required string Alias { get; set; }
    public required string ParameterCode { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public required string CreatedBy { get; set; }
}
