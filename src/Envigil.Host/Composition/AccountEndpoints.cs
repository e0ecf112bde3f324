using Envigil.Kernel.Audit;
using Envigil.Kernel.Identity;
using Envigil.Kernel.Localization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Envigil.Host.Composition;

/// <summary>Sign-in and sign-out for people (cookie), and the language switch.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/login", async ([FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
                SignInManager<EnvigilUser> signIn, AuditLog audit) =>
            {
                var target = SafeReturnUrl(returnUrl);
                if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password) || email.Length > 256 || password.Length > 256)
                    return Results.Redirect($"/account/login?error=missing&returnUrl={Uri.EscapeDataString(target)}");
                var result = await signIn.PasswordSignInAsync(email.Trim(), password, isPersistent: false, lockoutOnFailure: true);
                var who = new AuditActor(email.Trim(), "person");
                if (result.Succeeded)
                {
                    await audit.RecordAsync("signed-in", "kernel.session", email.Trim(), actor: who);
                    return Results.LocalRedirect(target);
                }
                await audit.RecordAsync(result.IsLockedOut ? "sign-in-locked-out" : "sign-in-failed", "kernel.session", email.Trim(), actor: who);
                var error = result.IsLockedOut ? "locked" : "invalid";
                return Results.Redirect($"/account/login?error={error}&email={Uri.EscapeDataString(email.Trim())}&returnUrl={Uri.EscapeDataString(target)}");
            })
            .RequireAuthorization(EnvigilPolicies.Public)
            .ExcludeFromDescription();

        endpoints.MapPost("/account/logout", async (SignInManager<EnvigilUser> signIn, IAntiforgery antiforgery, HttpContext http) =>
            {
                if (!await antiforgery.IsRequestValidAsync(http))
                    return Results.BadRequest();
                await signIn.SignOutAsync();
                return Results.LocalRedirect("/");
            })
            .RequireAuthorization(EnvigilPolicies.Public)
            .ExcludeFromDescription();

        endpoints.MapGet("/lang/{culture}", (string culture, string? returnUrl, HttpContext http) =>
            {
                var chosen = culture == UiCulture.English ? UiCulture.English : UiCulture.Vietnamese;
                http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
                return Results.LocalRedirect(SafeReturnUrl(returnUrl));
            })
            .RequireAuthorization(EnvigilPolicies.Public)
            .ExcludeFromDescription();

        return endpoints;
    }

    /// <summary>Only paths on this site: an open redirect would let a phishing link borrow Envigil's name.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
