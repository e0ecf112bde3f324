using System.Security.Cryptography;
using Envigil.Host.Composition;
using Envigil.Kernel.Identity;

namespace Envigil.Host.Cli;

/// <summary>
/// <c>admin create --email a@b.vn --name "Nguyễn Văn A" [--password ...] [--role Admin] [--commune 32014] [--facility F1]</c>
/// creates an account (the first administrator of a new installation); <c>admin list</c> lists accounts.
/// Without --password a strong one is generated and printed once.
/// </summary>
public static class AdminCommand
{
    private const string Usage =
        "usage: admin create --email EMAIL --name NAME [--password PASSWORD] [--role ROLE]... [--commune CODE]... [--facility ID]...\n" +
        "       admin list";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("create" or "list"))
        {
            Console.Error.WriteLine(Usage);
            return 64;
        }
        var options = Parse(args[1..]);
        if (options is null)
        {
            Console.Error.WriteLine(Usage);
            return 64;
        }

        // Same configuration (appsettings.json, Envigil__* environment variables), database and migrations as the
        // server; nothing listens.
        await using var app = EnvigilHost.Build([]);
        await app.Services.GetRequiredService<EnvigilInitializer>().EnsureInitializedAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();

        if (args[0] == "list")
        {
            foreach (var user in await users.ListAsync())
                Console.WriteLine($"{user.Email}\t{user.DisplayName}\t{string.Join(",", user.Roles)}\t{string.Join(",", user.Communes.Concat(user.Facilities))}");
            return 0;
        }

        var email = options.GetValueOrDefault("email")?.FirstOrDefault();
        var name = options.GetValueOrDefault("name")?.FirstOrDefault() ?? email;
        var password = options.GetValueOrDefault("password")?.FirstOrDefault();
        var generated = password is null;
        // 120 random bits, plus a digit block so every generated password meets the digit rule of the password policy.
        password ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y') + "-" + RandomNumberGenerator.GetInt32(100, 1000);
        var roles = options.GetValueOrDefault("role") ?? [EnvigilRoles.Admin];
        var result = await users.CreateAsync(new NewUser(email ?? "", name ?? "", password, roles,
            options.GetValueOrDefault("commune"), options.GetValueOrDefault("facility")));
        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"envigil: cannot create the account: {string.Join(" ", result.Errors)}");
            return 1;
        }
        Console.WriteLine($"Created {email} ({string.Join(", ", roles)}).");
        if (generated)
            Console.WriteLine($"Password (shown once): {password}");
        return 0;
    }

    private static Dictionary<string, List<string>>? Parse(string[] args)
    {
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                return null;
            var key = args[i][2..];
            if (key is not ("email" or "name" or "password" or "role" or "commune" or "facility"))
                return null;
            if (!options.TryGetValue(key, out var values))
                options[key] = values = [];
            values.Add(args[i + 1]);
        }
        return options;
    }
}
