using System.Data.Common;
using Microsoft.Extensions.Options;

namespace Envigil.Kernel.Configuration;

/// <summary>Validates settings at start so a mistake is reported as one line that names the setting and the fix.</summary>
internal sealed class EnvigilOptionsValidator : IValidateOptions<EnvigilOptions>
{
    public ValidateOptionsResult Validate(string? name, EnvigilOptions options)
    {
        var failures = new List<string>();

        if (!Enum.TryParse<DatabaseProvider>(options.Database.Provider, ignoreCase: true, out var provider)
            || !Enum.IsDefined(provider) || int.TryParse(options.Database.Provider, out _))
        {
            failures.Add($"Envigil:Database:Provider is '{options.Database.Provider}'; use 'Sqlite' (embedded, default) or 'Postgres' " +
                         "(e.g. environment variable Envigil__Database__Provider=Postgres).");
        }
        else if (provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(options.Database.ConnectionString))
        {
            failures.Add("Envigil:Database:ConnectionString is empty but the provider is Postgres; set it, e.g. " +
                         "Envigil__Database__ConnectionString=\"Host=127.0.0.1;Port=5432;Database=envigil;Username=envigil;Password=...\".");
        }

        if (!string.IsNullOrWhiteSpace(options.Database.ConnectionString))
        {
            try
            {
                _ = new DbConnectionStringBuilder { ConnectionString = options.Database.ConnectionString };
            }
            catch (ArgumentException ex)
            {
                failures.Add($"Envigil:Database:ConnectionString cannot be parsed ({ex.Message}); write it as key=value pairs separated by ';'.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
            failures.Add("Envigil:DataDirectory is empty; set it to a writable folder (default ./data).");

        if (options.ProvinceCode is not { Length: 2 } || !options.ProvinceCode.All(char.IsAsciiDigit))
            failures.Add($"Envigil:ProvinceCode is '{options.ProvinceCode}'; use the official 2-digit province code, e.g. 96 for Cà Mau.");

        if (options.CommuneLookupToleranceMetres is < 0 or > 5000)
            failures.Add("Envigil:CommuneLookupToleranceMetres must be between 0 and 5000.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
