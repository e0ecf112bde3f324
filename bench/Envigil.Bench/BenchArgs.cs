using System.Globalization;
using Envigil.Kernel.Configuration;

namespace Envigil.Bench;

/// <summary>
/// The command line after the scenario names: <c>--name value</c> pairs, e.g. <c>--days 14 --provider postgres</c>.
/// Every scenario reads what it needs and has a default for the rest.
/// </summary>
public sealed class BenchArgs
{
    public const string PostgresVariable = "ENVIGIL_TEST_POSTGRES";

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static BenchArgs Parse(IReadOnlyList<string> options)
    {
        var parsed = new BenchArgs();
        for (var i = 0; i < options.Count; i++)
        {
            var option = options[i];
            if (!option.StartsWith("--", StringComparison.Ordinal) || option.Length == 2)
                throw new ArgumentException($"expected --name value, got '{option}'");
            var separator = option.IndexOf('=');
            if (separator > 0)
                parsed._values[option[2..separator]] = option[(separator + 1)..];
            else if (i + 1 < options.Count)
                parsed._values[option[2..]] = options[++i];
            else
                throw new ArgumentException($"option {option} needs a value");
        }
        return parsed;
    }

    public int Int(string name, int defaultValue) =>
        _values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : defaultValue;

    public double Double(string name, double defaultValue) =>
        _values.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : defaultValue;

    public string String(string name, string defaultValue) => _values.GetValueOrDefault(name, defaultValue);

    /// <summary>
    /// The providers to run (<c>--provider sqlite|postgres|all</c>, default all). PostgreSQL needs
    /// ENVIGIL_TEST_POSTGRES (scripts/test-services.sh sets it); without it the PostgreSQL variant is skipped, saying so.
    /// </summary>
    public IReadOnlyList<DatabaseProvider> Providers(string scenario)
    {
        var wanted = String("provider", "all").ToLowerInvariant();
        var providers = new List<DatabaseProvider>();
        if (wanted is "all" or "sqlite")
            providers.Add(DatabaseProvider.Sqlite);
        if (wanted is "all" or "postgres")
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresVariable)))
                Console.Error.WriteLine($"{scenario}: PostgreSQL skipped: {PostgresVariable} is not set (source scripts/test-services.sh and call envigil_start_test_services)");
            else
                providers.Add(DatabaseProvider.Postgres);
        }
        if (wanted is not ("all" or "sqlite" or "postgres"))
            throw new ArgumentException($"--provider must be sqlite, postgres or all, not '{wanted}'");
        return providers;
    }
}
