using Envigil.Host;
using Envigil.Host.Composition;
using Envigil.Kernel.Configuration;
using Envigil.Kernel.Persistence;
using Envigil.Monitoring.Reception;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Envigil.Bench;

/// <summary>
/// The whole Envigil host in this process, composed by <see cref="EnvigilHost.Build"/> exactly as the command line
/// composes it (production environment, demo mode and simulator off), over a database of its own: a SQLite file in a
/// temporary data directory, or a new database on the PostgreSQL server of ENVIGIL_TEST_POSTGRES. Both are removed
/// when the host is disposed, unless ENVIGIL_BENCH_KEEP=1 (to look at what a run wrote).
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private BenchHost(WebApplication app, DatabaseProvider provider, string dataDirectory, string dropFolder, string? postgresAdmin, string? postgresName)
    {
        _app = app;
        Provider = provider;
        DataDirectory = dataDirectory;
        DropFolder = dropFolder;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }

    public string DataDirectory { get; }

    /// <summary>Where the FTP server would write, one sub-folder per facility account.</summary>
    public string DropFolder { get; }

    public IServiceProvider Services => _app.Services;

    public ReceptionPipeline Pipeline => Services.GetRequiredService<ReceptionPipeline>();

    public EnvigilDatabase Database => Services.GetRequiredService<EnvigilDatabase>();

    public string Name => Provider.ToString().ToLowerInvariant();

    /// <param name="dropFolderEnabled">Whether the drop-folder reception watches <see cref="DropFolder"/> (empty at start).</param>
    public static async Task<BenchHost> StartAsync(DatabaseProvider provider, bool dropFolderEnabled, params string[] settings)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "envigil-bench", Guid.NewGuid().ToString("n"));
        var dropFolder = Path.Combine(dataDirectory, "drop");
        Directory.CreateDirectory(dropFolder);

        string connectionString;
        string? admin = null, name = null;
        if (provider == DatabaseProvider.Sqlite)
        {
            connectionString = $"Data Source={Path.Combine(dataDirectory, "envigil.db")}";
        }
        else
        {
            admin = Environment.GetEnvironmentVariable(BenchArgs.PostgresVariable)
                    ?? throw new InvalidOperationException($"{BenchArgs.PostgresVariable} is not set");
            name = $"envigil_bench_{Guid.NewGuid():n}";
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                await create.ExecuteNonQueryAsync();
            }
            connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        }

        var app = EnvigilHost.Build(
        [
            "--environment=Production",
            "--urls=http://127.0.0.1:0", // a free port: another Envigil may be listening on 5080
            $"--Envigil:DataDirectory={dataDirectory}",
            "--Envigil:DemoMode=false",
            $"--Envigil:Database:Provider={provider}",
            $"--Envigil:Database:ConnectionString={connectionString}",
            "--Envigil:Monitoring:SimulatorEnabled=false",
            $"--Envigil:Monitoring:DropFolderEnabled={dropFolderEnabled}",
            $"--Envigil:Monitoring:DropFolder={dropFolder}",
            "--Envigil:Monitoring:Mqtt:Enabled=false",
            "--Logging:LogLevel:Default=Warning",
            .. settings,
        ]);
        await app.Services.GetRequiredService<EnvigilInitializer>().EnsureInitializedAsync();
        await app.StartAsync();
        return new BenchHost(app, provider, dataDirectory, dropFolder, admin, name);
    }

    /// <summary>Bytes the database takes on disk (SQLite file and its WAL, or pg_database_size).</summary>
    public async Task<long> DatabaseBytesAsync()
    {
        if (Provider == DatabaseProvider.Sqlite)
            return Directory.EnumerateFiles(DataDirectory, "envigil.db*").Sum(f => new FileInfo(f).Length);
        return await ScalarAsync<long>("SELECT pg_database_size(current_database())");
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Receipts by state, e.g. <c>stored:43000 duplicate:12</c>; nothing may be left pending.</summary>
    public async Task<string> ReceiptStatesAsync(long afterReceiptId = 0)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT state, count(*) FROM {Database.Table("monitoring", "file_receipts")} WHERE id > {afterReceiptId} GROUP BY state ORDER BY state";
        await using var reader = await command.ExecuteReaderAsync();
        var states = new List<string>();
        while (await reader.ReadAsync())
            states.Add($"{reader.GetString(0)}:{reader.GetInt64(1)}");
        return string.Join(",", states);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Environment.GetEnvironmentVariable("ENVIGIL_BENCH_KEEP") == "1")
        {
            Console.Error.WriteLine($"kept (ENVIGIL_BENCH_KEEP=1): {DataDirectory}{(_postgresName is null ? "" : $" and database {_postgresName}")}");
            return;
        }
        if (_postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS.
        }
    }
}
