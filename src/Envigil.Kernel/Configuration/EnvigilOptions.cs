namespace Envigil.Kernel.Configuration;

/// <summary>The <c>Envigil</c> configuration section (appsettings.json or <c>Envigil__*</c> environment variables).</summary>
public sealed class EnvigilOptions
{
    public const string Section = "Envigil";

    /// <summary>Where the embedded database, archived files and other runtime output live.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Demo mode seeds demo users and runs the station simulator. Never on in production.</summary>
    public bool DemoMode { get; set; }

    /// <summary>Official 2-digit code of the province this installation serves (Decision 19/2025/QĐ-TTg).</summary>
    public string ProvinceCode { get; set; } = "96";

    public DatabaseOptions Database { get; set; } = new();

    public MapOptions Map { get; set; } = new();

    /// <summary>Point-to-commune lookups accept points this far outside every boundary (simplified boundaries leave slivers).</summary>
    public double CommuneLookupToleranceMetres { get; set; } = 250;

    /// <summary>A JSON file assigning the province's communes to regions; empty uses the one shipped for the province.</summary>
    public string? RegionsFile { get; set; }

    public string ResolvedDataDirectory => Path.GetFullPath(DataDirectory);
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    /// <summary><c>Sqlite</c> (embedded default) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>For SQLite, empty means <c>{DataDirectory}/envigil.db</c>. For PostgreSQL, an Npgsql connection string.</summary>
    public string? ConnectionString { get; set; }

    public DatabaseProvider ParsedProvider =>
        Enum.TryParse<DatabaseProvider>(Provider, ignoreCase: true, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"Unknown database provider '{Provider}'.");
}

public sealed class MapOptions
{
    /// <summary>
    /// Raster tile URL template, e.g. <c>https://tile.openstreetmap.org/{z}/{x}/{y}.png</c>. Empty means no base
    /// tiles: the map still shows the commune boundaries, which are served by Envigil itself, so it works offline.
    /// </summary>
    public string TileUrl { get; set; } = "";

    public string TileAttribution { get; set; } = "";
}
