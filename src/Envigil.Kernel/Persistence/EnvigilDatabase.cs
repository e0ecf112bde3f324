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

    /// <summary>
    /// Serialises work across hosts that share a PostgreSQL database (a session advisory lock held until disposed).
    /// SQLite is embedded in a single host, so there it is a no-op.
    /// </summary>
    public async Task<IAsyncDisposable> LockAsync(long key, CancellationToken cancellationToken = default)
    {
        if (!IsPostgres)
            return NoLock.Instance;
        var connection = await OpenConnectionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT pg_advisory_lock({key})";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return new HeldLock(connection, key);
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class HeldLock(DbConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT pg_advisory_unlock({key})";
                await command.ExecuteNonQueryAsync();
            }
            await connection.DisposeAsync();
        }
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
