using System.Data.Common;
using Envigil.Kernel.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Envigil.Kernel.Persistence;

/// <summary>
/// The one database of an Envigil installation, for either provider: raw connections for bulk paths and
/// migrations, and the provider switch for every module's DbContext. Modules own schemas in it
/// (PostgreSQL schema <c>kernel</c>, <c>monitoring</c>, ...; SQLite has no schemas, so tables are prefixed <c>kernel_</c>).
/// </summary>
public sealed class EnvigilDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;

    public EnvigilDatabase(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
        if (provider == DatabaseProvider.Postgres)
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            builder.UseNetTopologySuite();
            _postgres = builder.Build();
        }
    }

    public static EnvigilDatabase FromOptions(EnvigilOptions options)
    {
        var provider = options.Database.ParsedProvider;
        var connectionString = options.Database.ConnectionString;
        if (provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(connectionString))
            connectionString = $"Data Source={Path.Combine(options.ResolvedDataDirectory, "envigil.db")}";
        return new EnvigilDatabase(provider, connectionString!);
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>The name to use in raw SQL for a module's table: <c>kernel.audit_log</c> or <c>kernel_audit_log</c>.</summary>
    public string Table(string module, string table) => IsPostgres ? $"{module}.{table}" : $"{module}_{table}";

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
            return await _postgres.OpenConnectionAsync(cancellationToken);

        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        // WAL lets the UI read while ingestion writes; busy_timeout makes concurrent writers wait instead of failing.
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public void Configure(DbContextOptionsBuilder builder)
    {
        if (_postgres is not null)
            builder.UseNpgsql(_postgres, npgsql => npgsql.UseNetTopologySuite());
        else
            builder.UseSqlite(ConnectionString).AddInterceptors(SqlitePragmas.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }
}
