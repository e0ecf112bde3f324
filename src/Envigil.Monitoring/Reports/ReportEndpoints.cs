using System.Security.Claims;
using Envigil.Kernel.Http;
using Envigil.Kernel.Identity;
using Envigil.Monitoring.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Envigil.Monitoring.Reports;

public static class ReportEndpoints
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Monthly reports as JSON, .xlsx or CSV; a facility operator gets only their facility's rows.</summary>
    public static IEndpointRouteBuilder MapMonitoringReports(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/monitoring/reports").WithTags("Monitoring reports").RequireAuthorization(EnvigilPolicies.SignedIn);

        group.MapGet("/completeness", async (string? month, string? format, string? lang, ClaimsPrincipal user, MonitoringReports reports, CancellationToken ct) =>
            {
                var (wanted, problem) = Parse(month, format, reports);
                if (problem is not null)
                    return problem;
                var report = await reports.CompletenessAsync(wanted, MonitoringAccess.FacilityScope(user), ct);
                return Respond(report, ReportTable.Of(report), format, lang, $"envigil-completeness-{report.Month}");
            })
            .WithSummary("Completeness and timeliness by station for a Vietnam calendar month (month=yyyy-MM, default this month): expected, valid, received and late values; format=json|xlsx|csv, lang=en for English headers.");

        group.MapGet("/exceedances", async (string? month, string? format, string? lang, ClaimsPrincipal user, MonitoringReports reports, CancellationToken ct) =>
            {
                var (wanted, problem) = Parse(month, format, reports);
                if (problem is not null)
                    return problem;
                var report = await reports.ExceedancesAsync(wanted, MonitoringAccess.FacilityScope(user), ct);
                return Respond(report, ReportTable.Of(report), format, lang, $"envigil-exceedances-{report.Month}");
            })
            .WithSummary("Active exceedance episodes starting in a month, by facility and parameter: episodes, exceeding windows, worst ratio to the limit, hours; format=json|xlsx|csv.");

        return endpoints;
    }

    private static (ReportMonth Month, IResult? Problem) Parse(string? month, string? format, MonitoringReports reports)
    {
        if (format is not (null or "json" or "xlsx" or "csv"))
            return (default, ProblemResponses.Invalid("format: json, xlsx or csv."));
        if (month is null)
            return (reports.CurrentMonth(), null);
        return ReportMonth.TryParse(month, out var m) ? (m, null) : (default, ProblemResponses.Invalid("month: yyyy-MM (Vietnam calendar), e.g. 2026-03."));
    }

    private static IResult Respond<T>(T report, ReportTable table, string? format, string? lang, string name)
    {
        if (format is null or "json")
            return Results.Ok(report);
        var buffer = new MemoryStream();
        if (format == "xlsx")
            table.WriteXlsx(buffer, lang == "en");
        else
            table.WriteCsv(buffer, lang == "en");
        buffer.Position = 0;
        return format == "xlsx" ? Results.File(buffer, XlsxType, name + ".xlsx") : Results.File(buffer, "text/csv; charset=utf-8", name + ".csv");
    }
}
