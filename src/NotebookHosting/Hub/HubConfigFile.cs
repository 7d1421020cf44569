using System.Globalization;
using System.Text;
using Drivers.NotebookHosting.Configuration;

namespace Drivers.NotebookHosting.Hub;

/// <summary>
/// <c>jupyterhub_config.py</c>: every value a Python literal from <see cref="PythonLiteral"/>, every secret read from
/// an owner-only file when the hub loads it, never written into the config itself. Traits are JupyterHub 3.0's
/// (jupyterhub.readthedocs.io, "Configuration Reference"). Pure.
/// </summary>
internal static class HubConfigFile
{
    public const string FileName = "jupyterhub_config.py";
    public const string CookieSecretFile = "jupyterhub_cookie_secret";
    public const string ProxyTokenFile = "proxy_auth_token";
    public const string PasswordFile = "hub-passwords";

    // An Authenticator subclass (JupyterHub docs, "Authenticators": authenticate returns the name or None) that checks
    // the form against the name:hash lines of the password file with Jupyter's own passwd_check. An unknown name is
    // checked against a throw-away hash too, so that the answer takes as long as for a known one. No value is
    // spliced into this text: the file's path is a literal assigned below it.
    private const string PasswordFileAuthenticator = """
        import asyncio
        from jupyterhub.auth import Authenticator
        try:
            from jupyter_server.auth.security import passwd_check
        except ImportError:
            from notebook.auth.security import passwd_check

        _UNKNOWN = 'argon2:$argon2id$v=19$m=10240,t=10,p=8$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA'

        class PasswordFileAuthenticator(Authenticator):
            # Logs users in against the Jupyter password hashes in PASSWORD_FILE (name:hash lines).

            async def authenticate(self, handler, data):
                hashes = {}
                with open(PASSWORD_FILE, encoding='utf-8') as lines:
                    for line in lines:
                        name, colon, hashed = line.rstrip('\n').partition(':')
                        if colon:
                            hashes[name] = hashed
                name = data.get('username', '')
                hashed = hashes.get(name)
                matches = await asyncio.get_running_loop().run_in_executor(
                    None, passwd_check, hashed or _UNKNOWN, data.get('password', ''))
                return name if hashed is not None and matches else None

        """;

    public static string Render(JupyterHubOptions options, string stateDirectory)
    {
        var file = Preamble("hub init");
        if (options.Authenticator == HubAuthenticator.PasswordFile)
        {
            AppendPasswordFileAuthenticator(file, Path.Combine(stateDirectory, PasswordFile));
        }

        // Browsers reach the proxy; the hub's API and the proxy's API stay on loopback.
        Line(file, "JupyterHub", "ip", PythonLiteral.String(options.Ip));
        Line(file, "JupyterHub", "port", PythonLiteral.Int(options.Port));
        Line(file, "JupyterHub", "base_url", PythonLiteral.String(JupyterConfig.BaseUrlFromApplicationPath(options.BaseUrl)));
        Line(file, "JupyterHub", "hub_ip", PythonLiteral.String("127.0.0.1"));
        Line(file, "JupyterHub", "hub_port", PythonLiteral.Int(options.HubPort));
        Line(file, "ConfigurableHTTPProxy", "api_url", PythonLiteral.String(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{options.ProxyApiPort}")));
        // The hub hands the token to the proxy in its environment (CONFIGPROXY_AUTH_TOKEN), not on its command line.
        Line(file, "ConfigurableHTTPProxy", "auth_token", $"_secret({PythonLiteral.String(Path.Combine(stateDirectory, ProxyTokenFile))})");
        Line(file, "ConfigurableHTTPProxy", "pid_file", PythonLiteral.String(Path.Combine(stateDirectory, "jupyterhub-proxy.pid")));
        // The hub refuses a cookie secret file that others can read.
        Line(file, "JupyterHub", "cookie_secret_file", PythonLiteral.String(Path.Combine(stateDirectory, CookieSecretFile)));
        Line(file, "JupyterHub", "db_url", PythonLiteral.String("sqlite:///" + Path.Combine(stateDirectory, "jupyterhub.sqlite")));
        file.AppendLine();

        if (options.Authenticator == HubAuthenticator.PasswordFile)
        {
            Line(file, "JupyterHub", "authenticator_class", "PasswordFileAuthenticator");
            // No account per person: every server runs as the hub's own user, in a home of its own under the state folder.
            Line(file, "JupyterHub", "spawner_class", PythonLiteral.String("jupyterhub.spawner.SimpleLocalProcessSpawner"));
            Line(file, "SimpleLocalProcessSpawner", "home_dir_template", PythonLiteral.String(Path.Combine(stateDirectory, "users", "{username}")));
        }
        else
        {
            Line(file, "JupyterHub", "authenticator_class", PythonLiteral.String("jupyterhub.auth.PAMAuthenticator"));
            Line(file, "JupyterHub", "spawner_class", PythonLiteral.String("jupyterhub.spawner.LocalProcessSpawner"));
        }
        AppendUsersAndServers(file, options, PythonLiteral.String(options.NotebookDirectory));
        return file.ToString();
    }

    /// <summary>The header and the <c>_secret</c> reader every generated hub config starts with.</summary>
    public static StringBuilder Preamble(string command) => new StringBuilder()
        .Append("# JupyterHub configuration written by NotebookHosting (notebook-host ").Append(command).AppendLine(").")
        .AppendLine("# It holds no secret: the cookie secret, the proxy token and any password hashes are in owner-only files.")
        .AppendLine()
        .AppendLine("def _secret(path):")
        .AppendLine("    with open(path, encoding='ascii') as f:")
        .AppendLine("        return f.read().strip()")
        .AppendLine();

    /// <summary>The <c>PasswordFileAuthenticator</c> class and the literal path of the password file it reads.</summary>
    public static void AppendPasswordFileAuthenticator(StringBuilder file, string passwordFile) =>
        file.Append(PasswordFileAuthenticator.ReplaceLineEndings("\n"))
            .Append("PASSWORD_FILE = ").AppendLine(PythonLiteral.String(passwordFile))
            .AppendLine();

    /// <summary>Who may log in, then how each user's server runs: <paramref name="notebookDirectory"/> is a Python expression.</summary>
    public static void AppendUsersAndServers(StringBuilder file, JupyterHubOptions options, string notebookDirectory)
    {
        Line(file, "Authenticator", "admin_users", Set(options.AdminUsers));
        Line(file, "Authenticator", "allowed_users", Set(options.Users));
        file.AppendLine();

        var app = options.Flavor == JupyterFlavor.Notebook6 ? "NotebookApp" : "ServerApp";
        Line(file, "Spawner", "notebook_dir", notebookDirectory);
        // jupyterhub-singleuser wraps the application named here; pinned so that the culling traits below match it.
        Line(file, "Spawner", "environment", $"{{'JUPYTERHUB_SINGLEUSER_APP': {PythonLiteral.String(options.Flavor == JupyterFlavor.Notebook6 ? "notebook.notebookapp.NotebookApp" : "jupyter_server.serverapp.ServerApp")}}}");
        Line(file, "Spawner", "default_url", PythonLiteral.String("/tree"));
        if (options.IdleTimeout > TimeSpan.Zero)
        {
            // Debian 12 packages no jupyterhub-idle-culler, so each server culls itself: idle kernels first, then the
            // server once it has no kernel and no request for the same time (a tab left open keeps its kernel).
            var seconds = (int)options.IdleTimeout.TotalSeconds;
            var every = Math.Min(seconds, 300);
            Line(file, "Spawner", "args", "[" + string.Join(", ", new[]
            {
                $"--MappingKernelManager.cull_idle_timeout={seconds}",
                $"--MappingKernelManager.cull_interval={every}",
                $"--{app}.shutdown_no_activity_timeout={seconds}",
            }.Select(PythonLiteral.String)) + "]");
        }
    }

    /// <summary>The password file: one <c>name:hash</c> line per user, in <see cref="JupyterHubOptions.Users"/> order.</summary>
    public static string RenderPasswords(JupyterHubOptions options)
    {
        var text = new StringBuilder();
        foreach (var user in options.Users)
        {
            text.Append(user).Append(':').Append(options.PasswordHashes[user]).Append('\n');
        }
        return text.ToString();
    }

    private static string Set(IEnumerable<string> names)
    {
        var items = names.Distinct(StringComparer.Ordinal).Select(PythonLiteral.String).ToList();
        return items.Count == 0 ? "set()" : "{" + string.Join(", ", items) + "}";
    }

    public static void Line(StringBuilder file, string owner, string name, string value) =>
        file.Append("c.").Append(owner).Append('.').Append(name).Append(" = ").AppendLine(value);
}
