using System.Security.Claims;
using Envigil.Kernel.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Kernel.Tests.Identity;

/// <summary>The scope rules, evaluated by the real authorization service with the real policies.</summary>
public class ScopeTests
{
    private static readonly IAuthorizationService Authorization = CreateAuthorization();

    private static IAuthorizationService CreateAuthorization()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthorization(EnvigilPolicies.Register);
        services.AddSingleton<IAuthorizationHandler, CommuneScopeHandler>();
        services.AddSingleton<IAuthorizationHandler, FacilityScopeHandler>();
        return services.BuildServiceProvider().GetRequiredService<IAuthorizationService>();
    }

    private static ClaimsPrincipal Person(string role, params Claim[] scopes) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "someone"), new Claim(ClaimTypes.Role, role), .. scopes], "test"));

    private static ClaimsPrincipal Machine(string kind, Claim scope) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "token:x"), new Claim(EnvigilClaims.MachineKind, kind), scope], "test"));

    private static async Task<bool> Allowed(ClaimsPrincipal user, string policy, object? resource = null) =>
        (await Authorization.AuthorizeAsync(user, resource, policy)).Succeeded;

    [Theory]
    [InlineData(EnvigilRoles.Admin, true)]
    [InlineData(EnvigilRoles.Officer, true)]
    [InlineData(EnvigilRoles.Inspector, false)]
    [InlineData(EnvigilRoles.Leader, false)]
    [InlineData(EnvigilRoles.Viewer, false)]
    [InlineData(EnvigilRoles.FacilityOperator, false)]
    public async Task Province_roles_edit_commune_records_as_the_table_says(string role, bool allowed) =>
        Assert.Equal(allowed, await Allowed(Person(role), EnvigilPolicies.CommuneEditor, "32025"));

    [Fact]
    public async Task Commune_officer_edits_only_own_commune()
    {
        var officer = Person(EnvigilRoles.CommuneOfficer, new Claim(EnvigilClaims.Commune, "32025"));
        Assert.True(await Allowed(officer, EnvigilPolicies.CommuneEditor, "32025"));
        Assert.False(await Allowed(officer, EnvigilPolicies.CommuneEditor, "31825"));
        Assert.False(await Allowed(officer, EnvigilPolicies.CommuneEditor, null));
    }

    [Fact]
    public async Task Facility_operator_reads_only_own_facility()
    {
        var operatorUser = Person(EnvigilRoles.FacilityOperator, new Claim(EnvigilClaims.Facility, "F-001"));
        Assert.True(await Allowed(operatorUser, EnvigilPolicies.FacilityReader, "F-001"));
        Assert.False(await Allowed(operatorUser, EnvigilPolicies.FacilityReader, "F-002"));
        Assert.True(await Allowed(Person(EnvigilRoles.Inspector), EnvigilPolicies.FacilityReader, "F-002"));
        Assert.False(await Allowed(Person(EnvigilRoles.CommuneOfficer, new Claim(EnvigilClaims.Commune, "32025")), EnvigilPolicies.FacilityReader, "F-002"));
    }

    [Fact]
    public async Task Facility_token_reaches_its_facility_but_is_not_a_person()
    {
        var token = Machine(MachineTokenKinds.Facility, new Claim(EnvigilClaims.Facility, "F-001"));
        Assert.True(await Allowed(token, EnvigilPolicies.FacilityReader, "F-001"));
        Assert.False(await Allowed(token, EnvigilPolicies.FacilityReader, "F-002"));
        Assert.True(await Allowed(token, EnvigilPolicies.Machine));
        Assert.False(await Allowed(token, EnvigilPolicies.SignedIn));
        Assert.False(await Allowed(Person(EnvigilRoles.Admin), EnvigilPolicies.Machine));
    }

    [Fact]
    public async Task Anonymous_passes_only_the_public_policy()
    {
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        Assert.True(await Allowed(anonymous, EnvigilPolicies.Public));
        foreach (var policy in new[] { EnvigilPolicies.SignedIn, EnvigilPolicies.Admin, EnvigilPolicies.CommuneEditor, EnvigilPolicies.FacilityReader, EnvigilPolicies.Machine, EnvigilPolicies.Authenticated })
            Assert.False(await Allowed(anonymous, policy, "32025"), policy);
    }
}

public class MachineTokenFormatTests
{
    [Fact]
    public void Tokens_are_unique_prefixed_and_hash_stably()
    {
        var a = MachineTokenFormat.NewToken();
        var b = MachineTokenFormat.NewToken();
        Assert.NotEqual(a, b);
        Assert.StartsWith("evg_", a);
        Assert.Equal(47, a.Length); // 4 + 43 base64url characters of 32 random bytes
        Assert.Equal(MachineTokenFormat.Hash(a), MachineTokenFormat.Hash(a));
        Assert.Equal(64, MachineTokenFormat.Hash(a).Length);
        Assert.True(MachineTokenFormat.LooksLikeToken(a));
        Assert.False(MachineTokenFormat.LooksLikeToken("Bearer abc"));
        Assert.False(MachineTokenFormat.LooksLikeToken("evg_" + new string('x', 200)));
    }
}
