using System.Net.Sockets;
using Envigil.Host.Cli;
using Envigil.Host.Components;
using Envigil.Host.Composition;
using Envigil.Kernel;
using Envigil.Kernel.Configuration;
using Envigil.Kernel.Identity;
using Envigil.Kernel.Localization;
using Envigil.Monitoring;
using Envigil.Enforcement;
using Envigil.Hazards;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Envigil.Host;

public static class EnvigilHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static async Task<int> MainAsync(string[] args)
    {
        try
        {
            if (args is ["admin", .. var adminArgs])
                return await AdminCommand.RunAsync(adminArgs);
            if (args is ["simulate", .. var simulateArgs])
                return await SimulateCommand.RunAsync(simulateArgs);

            await using var app = Build(args);
            // Initialise before listening so a problem is reported as one line rather than from inside the host.
            await app.Services.GetRequiredService<EnvigilInitializer>().EnsureInitializedAsync();
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (OperatorMessage(ex) is { } message)
        {
            Console.Error.WriteLine($"envigil: {message}");
            return 2;
        }
    }

    /// <summary>A one-line explanation for failures an operator can fix; null for bugs, which keep their stack trace.</summary>
    public static string? OperatorMessage(Exception ex) => ex switch
    {
        StartupProblem problem => problem.Message,
        OptionsValidationException validation => string.Join(" ", validation.Failures),
        IOException { InnerException: SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } } or
            IOException when ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) =>
            $"{ex.Message.TrimEnd('.')}. Stop the other process or choose another address with --urls http://127.0.0.1:PORT.",
        AggregateException { InnerExceptions.Count: 1 } aggregate => OperatorMessage(aggregate.InnerExceptions[0]),
        _ => null,
    };

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json and static files travel with the binaries; ./data stays relative to where you start.
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024);

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(json =>
        {
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });

        builder.Services.AddEnvigilHost(builder.Configuration, builder.Environment);
        var app = builder.Build();
        Configure(app);
        return app;
    }

    private static void Configure(WebApplication app)
    {
        app.UseForwardedHeaders();
        // Bad requests (a missing antiforgery token, an unreadable body) are the client's fault: 400, not 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(UiCulture.Vietnamese),
            SupportedCultures = UiCulture.Supported,
            SupportedUICultures = UiCulture.Supported,
            // Vietnamese unless the person chose otherwise: the browser's language is deliberately not consulted.
            RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()],
        });
        foreach (var (folder, path) in new[] { ("assets", "/assets"), ("vendor", "/vendor") })
        {
            var root = Path.Combine(AppContext.BaseDirectory, folder);
            if (Directory.Exists(root))
            {
                app.UseStaticFiles(new StaticFileOptions
                {
                    FileProvider = new PhysicalFileProvider(root),
                    RequestPath = path,
                    OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "public, max-age=3600",
                });
            }
        }
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/healthz").RequireAuthorization(EnvigilPolicies.Public);
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(EnvigilPolicies.Public);
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(EnvigilPolicies.Public);
        app.MapAccount();
        app.MapKernel();
        app.MapMonitoring();
        app.MapEnforcement();
        app.MapHazards();
        app.MapRazorComponents<App>().AddAdditionalAssemblies([.. ModulePages.Assemblies]);
    }
}

/// <summary>Assemblies of the modules that bring their own pages; the router and the endpoint mapping both need them.</summary>
public static class ModulePages
{
    public static readonly System.Reflection.Assembly[] Assemblies = [typeof(MonitoringModule).Assembly, typeof(EnforcementModule).Assembly, typeof(HazardsModule).Assembly];
}
