using Envigil.Kernel;
using Envigil.Kernel.Configuration;
using Microsoft.Extensions.Options;

namespace Envigil.Host.Composition;

/// <summary>
/// Runs the start-up work once (migrations, official units, roles, demo accounts). The command line calls it before
/// the server listens; as a hosted service it also covers hosts started another way (tests, service managers).
/// </summary>
public sealed class EnvigilInitializer(IServiceProvider services, IOptions<EnvigilOptions> options, IHostEnvironment environment) : IHostedService
{
    private readonly SemaphoreSlim _once = new(1, 1);

    public bool IsInitialized { get; private set; }

    public async Task EnsureInitializedAsync(CancellationToken cancellationToken = default)
    {
        await _once.WaitAsync(cancellationToken);
        try
        {
            if (IsInitialized)
                return;
            var settings = options.Value; // validates the options: a bad setting stops here with its message
            if (settings.DemoMode && environment.IsProduction())
                throw new StartupProblem("Envigil:DemoMode is on in the Production environment; demo accounts have published passwords, so turn it off (Envigil__DemoMode=false) or run a non-production environment.");
            await services.GetRequiredService<KernelStartup>().InitializeAsync(cancellationToken);
            if (settings.DemoMode)
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DemoAccounts>().EnsureAsync();
            }
            IsInitialized = true;
        }
        finally
        {
            _once.Release();
        }
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => EnsureInitializedAsync(cancellationToken);

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
