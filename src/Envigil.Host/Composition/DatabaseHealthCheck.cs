using Envigil.Kernel.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Envigil.Host.Composition;

/// <summary>Ready means initialised and the database answers.</summary>
internal sealed class DatabaseHealthCheck(EnvigilDatabase database, EnvigilInitializer initializer) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!initializer.IsInitialized)
            return HealthCheckResult.Unhealthy("Starting.");
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"{database.Provider} is not answering.", ex);
        }
    }
}
