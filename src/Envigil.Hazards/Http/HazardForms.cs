using Microsoft.AspNetCore.Routing;

namespace Envigil.Hazards.Http;

/// <summary>Form posts that are not a page of their own (none yet: every hazards form posts to its page).</summary>
public static class HazardForms
{
    public static IEndpointRouteBuilder MapHazardForms(this IEndpointRouteBuilder endpoints) => endpoints;
}
