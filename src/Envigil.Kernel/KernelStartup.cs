using System.Net.Sockets;
using Envigil.Kernel.Configuration;
using Envigil.Kernel.Geography;
using Envigil.Kernel.Identity;
using Envigil.Kernel.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Envigil.Kernel;

/// <summary>
/// Makes the installation ready before the host accepts requests: a writable data directory, a reachable database
/// at the latest schema, the official units and the roles. Problems an operator can fix become one-line
/// <see cref="StartupProblem"/>s.
/// </summary>
public sealed class KernelStartup(
    IOptions<EnvigilOptions> options,
    EnvigilDatabase database,
    SchemaMigrator migrator,
    IServiceScopeFactory scopes,
    ProvinceGeography geography,
    ILogger<KernelStartup> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        EnsureWritableDataDirectory(options.Value);
        MigrationReport report;
        try
        {
            report = await migrator.MigrateAsync(cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (DescribeDatabaseFailure(ex) is { } message)
        {
            throw new StartupProblem(message, ex);
        }
        foreach (var migration in report.Applied)
            logger.LogInformation("Applied migration {Module} {Version} {Name}", migration.Module, migration.Version, migration.Name);

        // Several hosts may start at once on an empty database: one loads the official units, the others wait.
        await using (await database.LockAsync(StartupLockKey, cancellationToken))
        await using (var scope = scopes.CreateAsyncScope())
        {
            var added = await scope.ServiceProvider.GetRequiredService<AdminUnitSeeder>().SeedAsync(cancellationToken);
            if (added > 0)
                logger.LogInformation("Loaded {Count} official administrative units", added);
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().EnsureRolesAsync();
        }
        var snapshot = await geography.ReloadAsync(cancellationToken);
        logger.LogInformation("Province {Province} ready with {Communes} communes", snapshot.Province.Name, snapshot.Communes.Count);
    }

    private const long StartupLockKey = 0x45_6E_76_53_74_61_72;

    private static void EnsureWritableDataDirectory(EnvigilOptions options)
    {
        var directory = options.ResolvedDataDirectory;
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupProblem(
                $"Envigil:DataDirectory '{directory}' is not writable ({ex.Message}); point Envigil__DataDirectory at a writable folder or fix its permissions.", ex);
        }
    }

    private string? DescribeDatabaseFailure(Exception ex)
    {
        if (!database.IsPostgres)
        {
            return ex is Microsoft.Data.Sqlite.SqliteException sqlite
                ? $"The SQLite database ({database.ConnectionString}) cannot be opened or upgraded: {sqlite.Message}. Check Envigil:Database:ConnectionString and the file's permissions."
                : null;
        }

        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var where = $"{builder.Host}:{builder.Port}";
        return ex switch
        {
            PostgresException { SqlState: "28P01" or "28000" } =>
                $"PostgreSQL at {where} refused the login of user '{builder.Username}'; fix Username/Password in Envigil:Database:ConnectionString.",
            PostgresException { SqlState: "3D000" } =>
                $"Database '{builder.Database}' does not exist on PostgreSQL at {where}; create it (createdb {builder.Database}) or fix Database= in Envigil:Database:ConnectionString.",
            PostgresException { SqlState: "0A000" or "58P01" or "42501" } pg when pg.MessageText.Contains("postgis", StringComparison.OrdinalIgnoreCase) || pg.MessageText.Contains("extension", StringComparison.OrdinalIgnoreCase) =>
                $"PostGIS is not available in database '{builder.Database}' at {where} ({pg.MessageText}); install PostGIS and run CREATE EXTENSION postgis as a superuser.",
            NpgsqlException { InnerException: SocketException or TimeoutException } or NpgsqlException { InnerException: IOException } =>
                $"Cannot reach PostgreSQL at {where} ({ex.InnerException!.Message}); start PostgreSQL or fix Host/Port in Envigil:Database:ConnectionString.",
            NpgsqlException npgsql when npgsql is not PostgresException =>
                $"Cannot connect to PostgreSQL at {where} ({npgsql.Message}); check Envigil:Database:ConnectionString.",
            _ => null,
        };
    }
}
