using System.Text.Encodings.Web;
using System.Text.Unicode;
using Envigil.Kernel;
using Envigil.Monitoring;
using Envigil.Enforcement;
using Envigil.Hazards;
using Microsoft.AspNetCore.HttpOverrides;
using Envigil.Kernel.Audit;
using Envigil.Kernel.Http;
using Envigil.Kernel.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenTelemetry.Metrics;

namespace Envigil.Host.Composition;

public static class HostServices
{
    public const string SmartScheme = "Envigil";

    public static IServiceCollection AddEnvigilHost(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // First hosted service: migrations and start-up data before any module's background work runs.
        services.AddSingleton<EnvigilInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<EnvigilInitializer>());
        services.AddHttpContextAccessor();
        // Behind a reverse proxy on the same machine (the default trusted proxy is loopback): real client address and
        // scheme, so cookies are marked Secure under TLS. Other proxies: ForwardedHeaders options in docs/operations.md.
        services.Configure<ForwardedHeadersOptions>(options =>
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        services.AddSingleton<IAuditActorAccessor, HttpAuditActorAccessor>();
        services.AddEnvigilKernel(configuration);
        services.AddMonitoring(configuration);
        services.AddEnforcement(configuration);
        services.AddHazards(configuration);

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = SmartScheme;
                options.DefaultChallengeScheme = SmartScheme;
                options.DefaultForbidScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie for people, bearer token for machines", options =>
                options.ForwardDefaultSelector = context =>
                    MachineTokenAuthenticationHandler.BearerToken(context.Request.Headers.Authorization.ToString()) is not null
                        ? MachineTokenAuthenticationHandler.SchemeName
                        : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, MachineTokenAuthenticationHandler>(MachineTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = ".Envigil.Auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = "/account/login";
            cookie.AccessDeniedPath = "/account/denied";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(10);
            cookie.SlidingExpiration = true;
            // APIs answer 401/403 problem details instead of redirecting to the sign-in page.
            cookie.Events.OnRedirectToLogin = context =>
                ProblemResponses.IsApi(context.Request) ? ProblemResponses.UnauthorizedAsync(context.HttpContext) : Redirect(context);
            cookie.Events.OnRedirectToAccessDenied = context =>
                ProblemResponses.IsApi(context.Request) ? ProblemResponses.ForbiddenAsync(context.HttpContext) : Redirect(context);
        });
        services.AddAuthorization(EnvigilPolicies.Register);

        // Vietnamese text goes out as UTF-8 characters rather than &#x...; entities (readable source, smaller pages).
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.AddRazorComponents();
        services.AddAntiforgery(options => options.Cookie.Name = ".Envigil.Antiforgery");
        services.AddProblemDetails();
        // Enums travel as their names ("Online", "Wastewater"), which API users can read.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Envigil API";
            document.Info.Description = "Monitoring, compliance, hazards and programme data of a Vietnamese province. Errors are RFC 9457 problem details.";
            return Task.CompletedTask;
        }));
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(EnvigilMetrics.MeterName)
            .AddPrometheusExporter());

        services.AddScoped<DemoAccounts>();
        return services;
    }

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

/// <summary>Names of Envigil's own metrics (OpenTelemetry meter), exported at /metrics for Prometheus.</summary>
public static class EnvigilMetrics
{
    public const string MeterName = "Envigil";
}
