using System.Globalization;
using Drivers.NotebookHosting.Configuration;
using Drivers.NotebookHosting.Hub;

namespace Drivers.NotebookHosting.Iis;

/// <summary>
/// <c>jupyterhub_config.py</c> for a hub that ANCM starts: the password-file login of <c>hub init</c>, and a spawner of
/// our own that uses nothing Windows lacks. JupyterHub "does not support Windows", but "you may be able to use JupyterHub
/// on Windows if you use a Spawner and Authenticator that work on Windows" (JupyterHub docs, "Installation Basics"):
/// PAM is not installed there (its PyPI requirement is <c>pamela; sys_platform != 'win32'</c>), and both shipped
/// spawners fail (see <see cref="PortableSpawner"/>). Pure.
/// </summary>
internal static class IisHubConfigFile
{
    /// <summary>The hub's own folder under the site: the config, its secrets, its database.</summary>
    public const string Folder = "hub";

    /// <summary>Where <c>npm install --prefix</c> puts the proxy, under <see cref="Folder"/>.</summary>
    public const string ProxyFolder = "proxy";

    // LocalProcessSpawner (JupyterHub 3.0 jupyterhub/spawner.py) without what CPython lacks on Windows:
    // - start() passes Popen a preexec_fn (to setuid, or to chdir in SimpleLocalProcessSpawner), and Windows' Popen raises
    //   ValueError "preexec_fn is not supported on Windows platforms" (CPython Lib/subprocess.py, _execute_child);
    // - user_env() and move_certs() look the user up with pwd, a Unix-only module (Python docs, "pwd": Availability: Unix);
    // - stop() and poll() (after a restart) send os.kill(pid, SIGINT/SIGTERM/SIGKILL/0): Windows has no SIGKILL, os.kill
    //   there is GenerateConsoleCtrlEvent for CTRL_C_EVENT (which is 0) and CTRL_BREAK_EVENT and TerminateProcess for any
    //   other value (Python docs, "os.kill"), so signal 0 is a Ctrl-C, not a probe.
    // So the server starts with no preexec_fn, in a new process group (Popen's documented Windows flag; a session of its own
    // elsewhere, as LocalProcessSpawner does), in its user's folder; the Popen object polls and stops it (terminate(),
    // then kill(): TerminateProcess on Windows, SIGTERM and SIGKILL elsewhere). ipykernel's kernels end with their
    // server on Windows by watching its process handle (ipykernel ParentPollerWindows).
    private const string PortableSpawner = """
        import os, subprocess, sys
        from jupyterhub.spawner import LocalProcessSpawner
        from jupyterhub.utils import random_port
        from traitlets import Unicode

        class PortableSpawner(LocalProcessSpawner):
            # Starts each user's server as the hub's own account in the user's folder, with only what Windows has.

            home_dir_template = Unicode('', config=True, help='Each user\'s folder; {username} is replaced by the name.')

            @property
            def home_dir(self):
                return self.home_dir_template.format(username=self.user.name)

            def make_preexec_fn(self, name):
                return None

            def user_env(self, env):
                env['USER'] = self.user.name
                env['HOME'] = env['USERPROFILE'] = self.home_dir
                # Windows needs it in a child's environment (Python docs, subprocess.Popen: "env must include a valid
                # SystemRoot"; without it Python cannot even seed itself, bpo-20614); JupyterHub's env_keep leaves it out.
                if 'SYSTEMROOT' in os.environ:
                    env['SYSTEMROOT'] = os.environ['SYSTEMROOT']
                return env

            async def start(self):
                os.makedirs(self.home_dir, exist_ok=True)
                if self.port == 0:
                    self.port = random_port()
                group = {'creationflags': subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == 'nt' else {'start_new_session': True}
                self.log.info('Spawning %s for %s', ' '.join(self.cmd + self.get_args()), self.user.name)
                self.proc = subprocess.Popen(self.cmd + self.get_args(), env=self.get_env(), cwd=self.home_dir, **group)
                self.pid = self.proc.pid
                return (self.ip or '127.0.0.1', self.port)

            async def poll(self):
                if self.proc is None:
                    # A server from before a restart of the hub has no Popen object here: it counts as stopped.
                    self.clear_state()
                    return 0
                status = self.proc.poll()
                if status is not None:
                    self.clear_state()
                return status

            async def stop(self, now=False):
                if self.proc is None:
                    return
                for end, patience in ((self.proc.terminate, self.term_timeout), (self.proc.kill, self.kill_timeout)):
                    if self.proc.poll() is not None:
                        return
                    end()
                    await self.wait_for_death(patience)
                if self.proc.poll() is None:
                    self.log.warning('Process %i never died', self.proc.pid)

        """;

    // The proxy the install steps put under the hub's folder (the app pool's PATH does not hold an administrator's
    // global npm folder), else the one on PATH. On Windows JupyterHub starts it through the shell (Popen shell=True in
    // jupyterhub/proxy.py), which runs npm's .cmd shim.
    private const string ProxyCommand = """
        _proxy = os.path.join(HUB_FOLDER, 'proxy', 'node_modules', '.bin', 'configurable-http-proxy' + ('.cmd' if os.name == 'nt' else ''))
        c.ConfigurableHTTPProxy.command = [_proxy if os.path.exists(_proxy) else 'configurable-http-proxy']

        """;

    // ANCM sets ASPNETCORE_PORT (and the application's path) only in the environment of the process it starts and never
    // expands it in web.config (aspnet/AspNetCoreModule#117), so the config reads it there; the proxy listens on it.
    private const string Port = """
        try:
            _port = int(os.environ['ASPNETCORE_PORT'])
        except (KeyError, ValueError):
            sys.exit('ASPNETCORE_PORT is not a port: this configuration is for the hub that IIS starts through the ASP.NET Core Module, which sets it.')
        _app = os.environ.get('ASPNETCORE_APPL_PATH', '/').strip('/')
        c.JupyterHub.ip = '127.0.0.1'
        c.JupyterHub.port = _port
        c.JupyterHub.base_url = '/' + _app + '/' if _app else '/'

        """;

    public static string Render(IisSiteOptions options)
    {
        var hub = options.Hub!;
        var folder = Path.Combine(options.SiteDirectory, Folder);
        var file = HubConfigFile.Preamble("iis init --hub");
        HubConfigFile.AppendPasswordFileAuthenticator(file, Path.Combine(folder, HubConfigFile.PasswordFile));
        file.Append(PortableSpawner.ReplaceLineEndings("\n"))
            .AppendLine()
            .Append("HUB_FOLDER = ").AppendLine(PythonLiteral.String(folder))
            .AppendLine()
            .Append(Port.ReplaceLineEndings("\n"))
            .Append(ProxyCommand.ReplaceLineEndings("\n"));
        HubConfigFile.Line(file, "JupyterHub", "hub_ip", PythonLiteral.String("127.0.0.1"));
        HubConfigFile.Line(file, "JupyterHub", "hub_port", PythonLiteral.Int(hub.HubPort));
        HubConfigFile.Line(file, "ConfigurableHTTPProxy", "api_url", PythonLiteral.String(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{hub.ProxyApiPort}")));
        HubConfigFile.Line(file, "ConfigurableHTTPProxy", "auth_token", "_secret(os.path.join(HUB_FOLDER, " + PythonLiteral.String(HubConfigFile.ProxyTokenFile) + "))");
        HubConfigFile.Line(file, "ConfigurableHTTPProxy", "pid_file", "os.path.join(HUB_FOLDER, 'jupyterhub-proxy.pid')");
        HubConfigFile.Line(file, "JupyterHub", "cookie_secret_file", "os.path.join(HUB_FOLDER, " + PythonLiteral.String(HubConfigFile.CookieSecretFile) + ")");
        HubConfigFile.Line(file, "JupyterHub", "db_url", "'sqlite:///' + os.path.join(HUB_FOLDER, 'jupyterhub.sqlite')");
        file.AppendLine();

        HubConfigFile.Line(file, "JupyterHub", "authenticator_class", "PasswordFileAuthenticator");
        // Every server runs as the app pool identity: users are kept apart by the hub's login and their own folders.
        HubConfigFile.Line(file, "JupyterHub", "spawner_class", "PortableSpawner");
        // The hub itself takes any name without '/' (an admin adds users by name): "..", "." or "..\hub" would give a server
        // a folder other than its user's own, the hub's secrets included. Only the names the options allow pass
        // (JupyterHub docs, "Authenticators": username_pattern, checked after normalize_username lower-cases).
        HubConfigFile.Line(file, "Authenticator", "username_pattern", PythonLiteral.String(@"\A[a-z_][a-z0-9_-]{0,31}\Z"));
        var userFolder = PythonLiteral.String(Path.Combine(options.SiteDirectory, "notebooks", "{username}"));
        HubConfigFile.Line(file, "PortableSpawner", "home_dir_template", userFolder);
        HubConfigFile.Line(file, "Spawner", "ip", PythonLiteral.String("127.0.0.1"));
        // The app pool's PATH does not hold the venv's Scripts folder, so the server starts from the hub's own Python.
        HubConfigFile.Line(file, "Spawner", "cmd", "[sys.executable, '-m', 'jupyterhub.singleuser']");
        HubConfigFile.AppendUsersAndServers(file, hub, userFolder);
        return file.ToString();
    }

    /// <summary>The password file, as <c>hub init</c> writes it.</summary>
    public static string RenderPasswords(IisSiteOptions options) => HubConfigFile.RenderPasswords(options.Hub!);
}
