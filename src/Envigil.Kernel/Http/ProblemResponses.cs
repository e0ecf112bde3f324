using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Envigil.Kernel.Http;

/// <summary>RFC 9457 problem details for failures that happen outside an endpoint (authentication, authorization).</summary>
public static class ProblemResponses
{
    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi");

    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}",
            Instance = context.Request.Path,
        }, options: null, contentType: "application/problem+json");
    }

    public static Task UnauthorizedAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized",
            "Sign in, or send a machine token as 'Authorization: Bearer evg_...'.");

    public static Task ForbiddenAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
            "Your role or scope (commune, facility) does not allow this request.");

    /// <summary>A 400 with the validation messages, for endpoint handlers.</summary>
    public static IResult Invalid(params string[] errors) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid",
            Detail = string.Join(" ", errors),
            Type = "https://www.rfc-editor.org/rfc/rfc9110#status.400",
            Extensions = { ["errors"] = errors },
        });
}
