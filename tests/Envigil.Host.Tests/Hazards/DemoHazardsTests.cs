using System.Text.Json;
using Envigil.Hazards.Registers;
using Envigil.Kernel.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Envigil.Host.Tests.Hazards;

/// <summary>The demo host with its illustrative hazards register on (the other test hosts turn it off).</summary>
public class DemoHazardsAppFactory(DatabaseProvider provider) : EnvigilAppFactory(provider)
{
    protected override IEnumerable<(string Key, string Value)> ExtraSettings => [("Envigil:Hazards:DemoData", "true")];
}

public sealed class DemoHazardsSqliteApp() : DemoHazardsAppFactory(DatabaseProvider.Sqlite);

public sealed class DemoHazardsPostgresApp() : DemoHazardsAppFactory(DatabaseProvider.Postgres);

/// <summary>
/// What a newcomer finds in the hazards module of the demo: zones, households in and around them with relocation under
/// way, shelters, an erosion site and a review round, all marked illustrative, entered through the registers' own
/// checks, and the demo commune officer's commune among them. Seeding twice adds nothing.
/// </summary>
public abstract class DemoHazardsTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : DemoHazardsAppFactory
{
    [Fact]
    public async Task Demo_province_has_zones_households_in_them_shelters_and_a_review_all_marked_illustrative()
    {
        var leader = await app.SignedIn(Demo.Leader);
        JsonElement zones = default;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            // The seeding runs in the background once the host has started.
            await Task.Delay(200);
            zones = JsonDocument.Parse(await leader.GetStringAsync("/api/v1/hazards/zones")).RootElement;
        }
        while ((zones.GetArrayLength() < 3 || JsonDocument.Parse(await leader.GetStringAsync("/api/v1/hazards/reviews")).RootElement.GetArrayLength() == 0)
            && DateTime.UtcNow < deadline);

        Assert.InRange(zones.GetArrayLength(), 3, 5);
        Assert.All(zones.EnumerateArray(), z => Assert.Equal(DemoHazards.Source, z.GetProperty("source").GetString()));
        var hazards = zones.EnumerateArray().Select(z => z.GetProperty("hazard").GetString()).ToList();
        Assert.Contains("Erosion", hazards);
        Assert.Equal(hazards.Count, hazards.Distinct().Count());

        var households = await AllHouseholdsAsync(leader);
        Assert.InRange(households.Count, 3 * 20, 5 * 32);
        // Most were placed inside a zone, and the register computed which one.
        var inZones = households.Count(h => h.GetProperty("zoneIds").GetArrayLength() > 0);
        Assert.InRange(inZones, households.Count / 2, households.Count - 1);
        Assert.Contains(households, h => h.GetProperty("elderly").GetInt32() > 0);
        using (var relocation = JsonDocument.Parse(await leader.GetStringAsync("/api/v1/hazards/households/relocation")))
        {
            var counts = relocation.RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("status").GetString()!, c => c.GetProperty("households").GetInt32());
            Assert.All(new[] { "Planned", "InProgress", "Relocated", "Refused" }, s => Assert.True(counts[s] > 0, $"no household {s}"));
        }

        var shelters = JsonDocument.Parse(await leader.GetStringAsync("/api/v1/hazards/shelters")).RootElement;
        Assert.Equal(zones.GetArrayLength(), shelters.GetArrayLength());
        Assert.Single(JsonDocument.Parse(await leader.GetStringAsync("/api/v1/hazards/erosion-sites")).RootElement.EnumerateArray());

        // The demo commune officer has households, a shelter and an open review round of their own commune.
        var commune = await app.SignedIn(Demo.CommuneOfficer);
        var own = await AllHouseholdsAsync(commune);
        Assert.NotEmpty(own);
        Assert.Single(own.Select(h => h.GetProperty("communeCode").GetString()).Distinct());
        var review = Assert.Single(JsonDocument.Parse(await commune.GetStringAsync("/api/v1/hazards/reviews")).RootElement.EnumerateArray());
        Assert.Equal(own[0].GetProperty("communeCode").GetString(), review.GetProperty("communeCode").GetString());
        Assert.Equal(JsonValueKind.Null, review.GetProperty("signedOffAtUtc").ValueKind);
        var page = await commune.GetStringAsync("/hazards/households");
        Assert.Contains("Hộ dân trong vùng nguy cơ", page);
        Assert.Contains(own[0].GetProperty("headName").GetString()!, page);

        // A second run (the next start of the demo) finds the register in use and adds nothing.
        Assert.False(await app.Services.GetRequiredService<DemoHazards>().SeedAsync(CancellationToken.None));
        Assert.Equal(households.Count, (await AllHouseholdsAsync(leader)).Count);
    }

    private static async Task<List<JsonElement>> AllHouseholdsAsync(HttpClient client)
    {
        var all = new List<JsonElement>();
        long? after = null;
        do
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/hazards/households?limit=500{(after is { } a ? $"&after={a}" : "")}"));
            all.AddRange(page.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            after = page.RootElement.GetProperty("nextAfter").ValueKind == JsonValueKind.Number ? page.RootElement.GetProperty("nextAfter").GetInt64() : null;
        }
        while (after is not null);
        return all;
    }
}

public sealed class DemoHazardsTestsOnSqlite(DemoHazardsSqliteApp app) : DemoHazardsTests<DemoHazardsSqliteApp>(app);

[Trait("Provider", "Postgres")]
public sealed class DemoHazardsTestsOnPostgres(DemoHazardsPostgresApp app) : DemoHazardsTests<DemoHazardsPostgresApp>(app);
