using System.Globalization;
using Envigil.Enforcement.Cases;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Envigil.Enforcement.Http;

/// <summary>Plain form posts that are not a page of their own: opening a case from an alert page, the evidence link of the case page.</summary>
public static class CaseForms
{
    public static IEndpointRouteBuilder MapCaseForms(this IEndpointRouteBuilder endpoints)
    {
        // Any page listing alerts can post their ids here (fields alertIds, repeated or comma-separated; optional title),
        // with its antiforgery token. On success the new case opens; otherwise the new-case form shows the problems.
        endpoints.MapPost("/enforcement/cases/from-alerts", async (HttpContext http, CaseService cases, IAntiforgery antiforgery, CancellationToken ct) =>
            {
                // The form is read by hand, so the token is checked by hand: without it, another site could open cases.
                if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
                    return Results.BadRequest();
                var form = await http.Request.ReadFormAsync(ct);
                var ids = ParseIds(form["alertIds"]);
                var result = await cases.CreateAsync(new NewCase(null, ids, form["title"].ToString()), ct);
                return result.Value is { } c
                    ? Results.Redirect($"/enforcement/cases/{c.Id}", permanent: false, preserveMethod: false)
                    : Results.Redirect($"/enforcement/cases?alerts={string.Join(",", ids)}#new-case");
            })
            .RequireAuthorization(EnforcementPolicies.CaseWorker)
            .WithTags("Enforcement")
            .ExcludeFromDescription();

        endpoints.MapGet("/enforcement/cases/{id:long}/evidence.zip", CaseEndpoints.EvidenceAsync)
            .RequireAuthorization(EnforcementPolicies.CaseReader)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Alert ids as "12, 13" or repeated fields; anything that is not a number is ignored.</summary>
    public static List<long> ParseIds(IEnumerable<string?> values) =>
        values.SelectMany(v => (v ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(s => long.TryParse(s.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null)
            .OfType<long>().Distinct().ToList();
}
