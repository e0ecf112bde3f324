using Envigil.Kernel.Configuration;

namespace Envigil.Kernel.Tests.Configuration;

public class OptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(Action<EnvigilOptions> change)
    {
        var options = new EnvigilOptions();
        change(options);
        var result = new EnvigilOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures!.ToList() : [];
    }

    [Fact]
    public void Defaults_are_valid() => Assert.Empty(Failures(_ => { }));

    [Theory]
    [InlineData("sqlite")]
    [InlineData("Postgres")]
    [InlineData("POSTGRES")]
    public void Provider_names_are_case_insensitive(string provider) =>
        Assert.Empty(Failures(o => { o.Database.Provider = provider; o.Database.ConnectionString = "Host=localhost"; }));

    [Theory]
    [InlineData("MySql")]
    [InlineData("1")]
    [InlineData("")]
    public void Unknown_provider_names_the_setting_and_the_choices(string provider)
    {
        var failure = Assert.Single(Failures(o => o.Database.Provider = provider));
        Assert.Contains("Envigil:Database:Provider", failure);
        Assert.Contains("'Sqlite'", failure);
        Assert.Contains("'Postgres'", failure);
    }

    [Fact]
    public void Postgres_without_connection_string_says_how_to_set_it()
    {
        var failure = Assert.Single(Failures(o => o.Database.Provider = "Postgres"));
        Assert.Contains("Envigil__Database__ConnectionString", failure);
    }

    [Fact]
    public void Unparseable_connection_string_is_reported() =>
        Assert.Contains("cannot be parsed", Assert.Single(Failures(o => o.Database.ConnectionString = "Host=a;=;;x")));

    [Theory]
    [InlineData("9")]
    [InlineData("096")]
    [InlineData("CM")]
    public void Province_code_must_be_two_digits(string code) =>
        Assert.Contains("Envigil:ProvinceCode", Assert.Single(Failures(o => o.ProvinceCode = code)));

    [Fact]
    public void Empty_data_directory_is_reported() =>
        Assert.Contains("Envigil:DataDirectory", Assert.Single(Failures(o => o.DataDirectory = " ")));
}
