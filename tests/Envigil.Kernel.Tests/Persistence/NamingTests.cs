using Envigil.Kernel.Persistence;

namespace Envigil.Kernel.Tests.Persistence;

public class NamingTests
{
    [Theory]
    [InlineData("Id", "id")]
    [InlineData("NormalizedUserName", "normalized_user_name")]
    [InlineData("AreaKm2", "area_km2")]
    [InlineData("UpdatedAtUtc", "updated_at_utc")]
    [InlineData("PK_AspNetUsers", "pk_asp_net_users")]
    [InlineData("already_snake", "already_snake")]
    public void Names_become_snake_case(string name, string expected) => Assert.Equal(expected, ModuleModelConventions.SnakeCase(name));
}
