using System.Security.Claims;
using System.Text.Encodings.Web;
using Envigil.Kernel.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Envigil.Kernel.Identity;

/// <summary>Authenticates <c>Authorization: Bearer evg_...</c> against the hashed machine tokens.</summary>
public sealed class MachineTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    KernelDb db,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "MachineToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken(Request.Headers.Authorization.ToString());
        if (token is null)
            return AuthenticateResult.NoResult();
        if (!MachineTokenFormat.LooksLikeToken(token))
            return AuthenticateResult.Fail("Malformed machine token.");

        var hash = MachineTokenFormat.Hash(token);
        var record = await db.MachineTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, Context.RequestAborted);
        var now = time.GetUtcNow().UtcDateTime;
        if (record is null || record.RevokedAtUtc is not null || record.ExpiresAtUtc <= now)
            return AuthenticateResult.Fail("Unknown, revoked or expired machine token.");

        if (record.LastUsedAtUtc is null || now - record.LastUsedAtUtc > TimeSpan.FromMinutes(1))
        {
            // Bookkeeping, not a change anyone made: bypasses the audit log on purpose, at most once a minute per token.
            await db.MachineTokens.Where(t => t.Id == record.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAtUtc, now), Context.RequestAborted);
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, record.Id),
            new(ClaimTypes.Name, $"token:{record.Name}"),
            new(EnvigilClaims.MachineKind, record.Kind),
        };
        switch (record.Kind)
        {
            case MachineTokenKinds.Station:
                claims.Add(new Claim(EnvigilClaims.Station, record.Subject));
                break;
            case MachineTokenKinds.Facility:
                claims.Add(new Claim(EnvigilClaims.Facility, record.Subject));
                break;
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    public static string? BearerToken(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
}
