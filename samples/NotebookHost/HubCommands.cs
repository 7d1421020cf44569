using Drivers.NotebookHosting.Hub;
using Drivers.NotebookHosting.Passwords;

namespace NotebookHost;

/// <summary>The options of <c>hub init</c>.</summary>
internal sealed record HubInitArguments(
    string Output, int Port, string Ip, string? Admin, string? Users, string Authenticator,
    string StateDir, string NotebookDir, int IdleTimeoutMinutes, bool PasswordStdin);

/// <summary><c>hub init</c>: JupyterHub for a team on one machine.</summary>
internal static class HubCommands
{
    public static void Init(HubInitArguments a)
    {
        var admins = a.Admin is null ? [] : new[] { a.Admin };
        var users = (a.Users ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var passwordFile = a.Authenticator == "password-file";
        var probe = new JupyterHubOptions
        {
            Port = a.Port,
            Ip = a.Ip,
            AdminUsers = admins,
            AllowedUsers = users,
            Authenticator = passwordFile ? HubAuthenticator.PasswordFile : HubAuthenticator.Pam,
            StateDirectory = a.StateDir,
            NotebookDirectory = a.NotebookDir,
            IdleTimeout = TimeSpan.FromMinutes(a.IdleTimeoutMinutes),
        };
        // Each value checked before any password is asked for, so that the sentence names the option.
        Check("--port", a.Port, "must be a TCP port from 1 to 65535 other than 8001 and 8081 (the proxy's and the hub's own)", probe, nameof(JupyterHubOptions.Port), nameof(JupyterHubOptions.HubPort));
        Check("--ip", a.Ip, "must be an IP address such as 127.0.0.1", probe, nameof(JupyterHubOptions.Ip));
        Check("--admin", a.Admin, "must be a user name of lower-case letters, digits, '-' and '_', not root", probe, nameof(JupyterHubOptions.AdminUsers));
        Check("--users", a.Users, "must be user names of lower-case letters, digits, '-' and '_', separated by commas, not root", probe, nameof(JupyterHubOptions.AllowedUsers));
        Check("--state-dir", a.StateDir, "must be an absolute path of letters, digits and / . _ - + @ only", probe, nameof(JupyterHubOptions.StateDirectory));
        Check("--notebook-dir", a.NotebookDir, "must be ~, a path under ~ or an absolute path with a folder above {username}, of letters, digits, / . _ - + @ and {username} only", probe, nameof(JupyterHubOptions.NotebookDirectory));
        Check("--idle-timeout", a.IdleTimeoutMinutes, "must be minutes from 0 (never) to 43200 (30 days)", probe, nameof(JupyterHubOptions.IdleTimeout));
        if (admins.Length + users.Length == 0)
        {
            throw new UsageException("'hub init' needs --admin NAME or --users a,b: without a list of users JupyterHub lets every account it can check in.");
        }

        var hashes = passwordFile ? Passwords(admins.Concat(users), a.PasswordStdin) : new Dictionary<string, string>(StringComparer.Ordinal);
        var options = new JupyterHubOptions
        {
            Port = probe.Port,
            Ip = probe.Ip,
            AdminUsers = probe.AdminUsers,
            AllowedUsers = probe.AllowedUsers,
            Authenticator = probe.Authenticator,
            StateDirectory = probe.StateDirectory,
            NotebookDirectory = probe.NotebookDirectory,
            IdleTimeout = probe.IdleTimeout,
            PasswordHashes = hashes,
        };
        var output = Path.GetFullPath(a.Output);
        foreach (var file in Commands.WriteInto("--output", output, () => JupyterHubService.Write(options, output)))
        {
            Console.WriteLine($"wrote {file}");
        }
        Console.WriteLine();
        Console.WriteLine("Install (as root):");
        foreach (var step in JupyterHubService.InstallSteps(options, output))
        {
            Console.WriteLine($"  {step}");
        }
        Console.WriteLine();
        Console.WriteLine($"Then open http://{(a.Ip.Contains(':', StringComparison.Ordinal) ? $"[{a.Ip}]" : a.Ip)}:{a.Port}/ and log in as {admins.Concat(users).First()}.");
    }

    /// <summary>
    /// The hub of <c>iis init --hub</c>: the users and idle time checked as <c>hub init</c> checks them, then a password
    /// for each user (the hub's own password store: Windows has no PAM).
    /// </summary>
    public static JupyterHubOptions IisHub(string? admin, string? userList, int idleTimeoutMinutes, bool passwordStdin)
    {
        var admins = admin is null ? [] : new[] { admin };
        var users = (userList ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var probe = new JupyterHubOptions { AdminUsers = admins, AllowedUsers = users, IdleTimeout = TimeSpan.FromMinutes(idleTimeoutMinutes) };
        Check("--admin", admin, "must be a user name of lower-case letters, digits, '-' and '_', not root", probe, nameof(JupyterHubOptions.AdminUsers));
        Check("--users", userList, "must be user names of lower-case letters, digits, '-' and '_', separated by commas, not root", probe, nameof(JupyterHubOptions.AllowedUsers));
        Check("--idle-timeout", idleTimeoutMinutes, "must be minutes from 0 (never) to 43200 (30 days)", probe, nameof(JupyterHubOptions.IdleTimeout));
        if (admins.Length + users.Length == 0)
        {
            throw new UsageException("'iis init --hub' needs --admin NAME or --users a,b: the hub logs in only the users it holds a password for.");
        }
        return new JupyterHubOptions
        {
            Authenticator = HubAuthenticator.PasswordFile,
            AdminUsers = admins,
            AllowedUsers = users,
            IdleTimeout = probe.IdleTimeout,
            PasswordHashes = Passwords(admins.Concat(users), passwordStdin),
        };
    }

    // One password per user, each once, asked for by name (or one line each from standard input).
    private static Dictionary<string, string> Passwords(IEnumerable<string> users, bool passwordStdin)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in users.Distinct(StringComparer.Ordinal))
        {
            using var password = PasswordInput.Read(passwordStdin, user);
            hashes[user] = JupyterPassword.Hash(password.Password);
        }
        return hashes;
    }

    // The library's own check, with the password-file rules that need hashes left out (the hashes come later).
    private static void Check(string option, object? value, string rule, JupyterHubOptions probe, params string[] properties)
    {
        try
        {
            JupyterHubService.RenderConfig(new JupyterHubOptions
            {
                Port = probe.Port,
                Ip = probe.Ip,
                AdminUsers = probe.AdminUsers,
                AllowedUsers = probe.AllowedUsers.Count + probe.AdminUsers.Count == 0 ? ["probe"] : probe.AllowedUsers,
                StateDirectory = probe.StateDirectory,
                NotebookDirectory = probe.NotebookDirectory,
                IdleTimeout = probe.IdleTimeout,
            });
        }
        catch (ArgumentException e) when (properties.Any(p => e.Message.StartsWith($"{nameof(JupyterHubOptions)}.{p} ", StringComparison.Ordinal)))
        {
            throw new UsageException($"{option} '{value}' {rule}.");
        }
        catch (ArgumentException)
        {
            // another option's mistake: named when its own check runs
        }
    }
}
