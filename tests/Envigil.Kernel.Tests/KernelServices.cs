using Envigil.Kernel;
using Envigil.Kernel.Configuration;
using Envigil.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Kernel.Tests;

/// <summary>The kernel's real services over a real test database, as the host composes them.</summary>
public static class KernelServices
{
    public static ServiceProvider Create(TestDatabase database, string provinceCode = "96")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Envigil:DataDirectory"] = database.DataDirectory,
            ["Envigil:ProvinceCode"] = provinceCode,
            ["Envigil:Database:Provider"] = database.Provider.ToString(),
            ["Envigil:Database:ConnectionString"] = database.ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddEnvigilKernel(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}

/// <summary>Runs a storage test class once per provider.</summary>
public abstract class ProviderFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = default!;
    public ServiceProvider Services { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        Services = KernelServices.Create(Database);
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
