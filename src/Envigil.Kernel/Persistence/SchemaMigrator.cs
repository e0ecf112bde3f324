using System.Data.Common;
using System.Reflection;
using Envigil.Kernel.Configuration;

namespace Envigil.Kernel.Persistence;

/// <summary>One versioned schema change of a module, as SQL for one provider.</summary>
public sealed record SchemaMigration(string Module, int Version, string Name, string Sql);

/// <summary>A module's migrations. Each module keeps SQL files per provider: <c>Migrations/Sqlite/0001_name.sql</c>.</summary>
public interface IModuleSchema
{
    string Module { get; }

    IReadOnlyList<SchemaMigration> Migrations(DatabaseProvider provider);
}

/// <summary>Reads a module's migrations from embedded resources named <c>{prefix}{Provider}/{NNNN}_{name}.sql</c>.</summary>
public sealed class EmbeddedModuleSchema(string module, Assembly assembly, string resourcePrefix) : IModuleSchema
{
    public string Module { get; } = module;

    public IReadOnlyList<SchemaMigration> Migrations(DatabaseProvider provider)
    {
        var prefix = $"{resourcePrefix}{provider}/";
        var migrations = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var fileName = resource[prefix.Length..];
            var separator = fileName.IndexOf('_');
            if (separator <= 0 || !int.TryParse(fileName[..separator], out var version))
                throw new InvalidOperationException($"Migration resource '{resource}' must be named NNNN_name.sql.");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new SchemaMigration(Module, version, Path.GetFileNameWithoutExtension(fileName[(separator + 1)..]), reader.ReadToEnd()));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"Migrations of module {Module} for {provider} must be numbered 1, 2, 3... without gaps.");
        }
        return migrations;
    }
}

/// <summary>What the migrator did.</summary>
public sealed record MigrationReport(IReadOnlyList<SchemaMigration> Applied);

/// <summary>
/// Brings the database to the latest version of every module's schema, one migration per transaction, recording
/// each in <c>kernel.schema_migrations</c>. On PostgreSQL an advisory lock lets several hosts start at once.
/// </summary>
public sealed class SchemaMigrator(EnvigilDatabase database, IEnumerable<IModuleSchema> modules)
{
    // An arbitrary constant that identifies Envigil's migration lock among the database's advisory locks.
    private const long AdvisoryLockKey = 0x45_6E_76_69_67_69_6C;

    /// <param name="targetVersions">Stop a module at a version (used by upgrade tests); others go to their latest.</param>
    public async Task<MigrationReport> MigrateAsync(IReadOnlyDictionary<string, int>? targetVersions = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (database.IsPostgres)
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await EnsureHistoryTableAsync(connection, cancellationToken);
            var applied = new List<SchemaMigration>();
            foreach (var module in modules)
            {
                var current = await CurrentVersionAsync(connection, module.Module, cancellationToken);
                var target = targetVersions is not null && targetVersions.TryGetValue(module.Module, out var t) ? t : int.MaxValue;
                foreach (var migration in module.Migrations(database.Provider).Where(m => m.Version > current && m.Version <= target))
                {
                    await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                    await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                    await using (var record = connection.CreateCommand())
                    {
                        record.Transaction = transaction;
                        record.CommandText = $"INSERT INTO {database.Table(KernelDb.Module, "schema_migrations")} (module, version, name, applied_at_utc) VALUES (@module, @version, @name, @at)";
                        AddParameter(record, "module", migration.Module);
                        AddParameter(record, "version", migration.Version);
                        AddParameter(record, "name", migration.Name);
                        AddParameter(record, "at", DateTime.UtcNow);
                        await record.ExecuteNonQueryAsync(cancellationToken);
                    }
                    await transaction.CommitAsync(cancellationToken);
                    applied.Add(migration);
                }
            }
            return new MigrationReport(applied);
        }
        finally
        {
            if (database.IsPostgres)
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    public async Task<int> CurrentVersionAsync(string module, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await EnsureHistoryTableAsync(connection, cancellationToken);
        return await CurrentVersionAsync(connection, module, cancellationToken);
    }

    private async Task<int> CurrentVersionAsync(DbConnection connection, string module, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COALESCE(MAX(version), 0) FROM {database.Table(KernelDb.Module, "schema_migrations")} WHERE module = @module";
        AddParameter(command, "module", module);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task EnsureHistoryTableAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, null, database.IsPostgres
            ? "CREATE SCHEMA IF NOT EXISTS kernel; CREATE TABLE IF NOT EXISTS kernel.schema_migrations (module text NOT NULL, version integer NOT NULL, name text NOT NULL, applied_at_utc timestamptz NOT NULL, PRIMARY KEY (module, version));"
            : "CREATE TABLE IF NOT EXISTS kernel_schema_migrations (module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at_utc TEXT NOT NULL, PRIMARY KEY (module, version));",
            cancellationToken);

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
