using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Drivers.NotebookHosting.Hub;
using Drivers.NotebookHosting.Iis;
using Drivers.NotebookHosting.Passwords;
using Drivers.NotebookHosting.Tests.Hub;
using Drivers.NotebookHosting.Tests.Infrastructure;

namespace Drivers.NotebookHosting.Tests.Iis;

/// <summary>
/// The hub that <c>iis init --hub</c> writes, started the way ANCM starts it (web.config's processPath and arguments,
/// its environment variables, ASPNETCORE_PORT, the site folder as working directory), by Debian's real JupyterHub 3.0,
/// with a <c>sitecustomize.py</c> that makes this Linux CPython refuse, in the hub, what CPython refuses on Windows.
/// As root (CI) the hub runs as a system account of the test's own, standing in for the app pool identity.
/// </summary>
public sealed partial class RealIisHubTests : IDisposable
{
    // What Windows' CPython lacks or does differently, made to fail loudly here (Python docs: subprocess.Popen
    // "preexec_fn ... not supported on Windows"; os.kill on Windows is GenerateConsoleCtrlEvent or TerminateProcess;
    // pwd, os.setuid and friends are Unix only). Only the hub is shimmed: it drops PYTHONPATH so that the users'
    // servers, Jupyter's own code, start as usual.
    private const string WindowsLikePython = """
        import os, subprocess, sys

        os.environ.pop('PYTHONPATH', None)

        _popen_init = subprocess.Popen.__init__

        def _popen(self, args, bufsize=-1, executable=None, stdin=None, stdout=None, stderr=None, preexec_fn=None, *rest, **kwargs):
            if preexec_fn is not None:
                raise ValueError('preexec_fn is not supported on Windows platforms')
            _popen_init(self, args, bufsize, executable, stdin, stdout, stderr, preexec_fn, *rest, **kwargs)

        subprocess.Popen.__init__ = _popen

        _kill = os.kill

        def _windows_kill(pid, sig):
            # Popen.terminate() and kill() are TerminateProcess on Windows; a bare os.kill is no POSIX signal there.
            if sys._getframe(1).f_globals.get('__name__') != 'subprocess':
                raise OSError(f'os.kill({pid}, {sig}) is not a POSIX signal on Windows (CTRL_C_EVENT is 0; other values TerminateProcess)')
            _kill(pid, sig)

        os.kill = _windows_kill
        for _name in ('setuid', 'setgid', 'setgroups', 'initgroups', 'killpg'):
            delattr(os, _name)
        sys.modules['pwd'] = None
        sys.modules['grp'] = None
        print('sitecustomize: Windows-like CPython', file=sys.stderr, flush=True)
        """;

    private readonly HubFlow _flow = new();

    public void Dispose() => _flow.Dispose();

    [Fact]
    public async Task The_iis_hub_logs_users_in_and_runs_their_servers_with_only_what_Windows_has()
    {
        var (hub, clock, port, site, account) = await StartAsync(stockSpawner: false);
        await using (hub)
        {
            await HubFlow.ProveAsync(hub, clock, port, ("alice", "alice-pw-1"), ("bob", "bob-pw-2"), account?.Name ?? Environment.UserName, "iis --hub");

            Assert.Contains(hub.Log.Split('\n'), line => line.Contains("sitecustomize: Windows-like CPython", StringComparison.Ordinal));
            // Each user's folder under the site's notebooks, made by the spawner when the server starts.
            Assert.True(Directory.Exists(Path.Combine(site, "notebooks", "alice")));
            Assert.False(Directory.Exists(Path.Combine(site, "notebooks", "bob")));
        }
        // Stopped by the hub through the Popen object (terminate(): SIGTERM here), before the hub itself ended.
        Assert.Contains("received signal 15, stopping", hub.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("never died", hub.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stock_spawner_fails_under_the_same_shim()
    {
        var (hub, _, port, _, _) = await StartAsync(stockSpawner: true);
        await using (hub)
        {
            var cancellationToken = TestContext.Current.CancellationToken;
            await hub.WaitForLogAsync(line => line.Contains("JupyterHub is now running at", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
            using var browser = new HubClient(new Uri($"http://127.0.0.1:{port}/"));
            Assert.Equal(System.Net.HttpStatusCode.Found, (await browser.LogInAsync("alice", "alice-pw-1", cancellationToken)).Status);
            await browser.GetAsync("hub/spawn", cancellationToken);

            await hub.WaitForLogAsync(line => line.Contains("preexec_fn is not supported on Windows platforms", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        }
    }

    [Fact]
    public async Task A_user_name_the_hub_would_take_but_whose_folder_leaves_the_users_own_is_refused_by_the_hub()
    {
        // An admin adds users by name in the hub's admin page (JupyterHub normalises it, then validate_username): each
        // name here would give its server a folder other than notebooks/NAME, the site's secrets included ("..\\hub" on Windows).
        string[] names = ["..", ".", @"..\hub", @"a\b", "\uFF21lice", "caf\u00E9", "-x"];
        var site = _flow["names"];
        var options = Hub(site);
        IisSite.Write(options);
        const string Script = """
            import json, os, sys
            from traitlets.config.loader import PyFileConfigLoader
            os.environ['ASPNETCORE_PORT'] = '8000'
            config = PyFileConfigLoader(os.path.basename(sys.argv[1]), path=os.path.dirname(sys.argv[1])).load_config()
            hub = config.JupyterHub.authenticator_class(config=config)
            names = json.loads(sys.stdin.read())
            sys.stdout.write(json.dumps([n for n in names if hub.validate_username(hub.normalize_username(n))]))
            """;

        var taken = await RealPython.RunAsync(Script, System.Text.Json.JsonSerializer.Serialize(names.Append("alice").Append("Bob")), [Path.Combine(site, "hub", "jupyterhub_config.py")]);

        Assert.Equal("[\"alice\", \"Bob\"]", taken);
    }

    [Fact]
    public async Task A_users_server_inherits_SYSTEMROOT_which_Python_needs_on_Windows_and_no_other_variable_of_the_hubs()
    {
        var site = _flow["env"];
        IisSite.Write(Hub(site));
        // The environment PortableSpawner gives alice's server, from the real JupyterHub's Spawner.get_env.
        const string Script = """
            import json, os, sys
            from unittest import mock
            from traitlets.config.loader import PyFileConfigLoader
            os.environ.update(ASPNETCORE_PORT='8000', SYSTEMROOT='C:\\Windows', HUB_ONLY='not for users')
            config = PyFileConfigLoader(os.path.basename(sys.argv[1]), path=os.path.dirname(sys.argv[1])).load_config()
            user = mock.Mock(url='/user/alice/', escaped_name='alice')
            user.name = 'alice'
            orm = mock.Mock(server=None)
            orm.name = ''
            hub = mock.Mock(public_host='', api_url='http://127.0.0.1:8081/hub/api', base_url='/hub/')
            spawner = config.JupyterHub.spawner_class(config=config, user=user, hub=hub, orm_spawner=orm)
            env = spawner.get_env()
            sys.stdout.write(json.dumps({k: v for k, v in env.items() if k in ('SYSTEMROOT', 'HUB_ONLY', 'HOME')}, sort_keys=True))
            """;

        var env = await RealPython.RunAsync(Script, arguments: [Path.Combine(site, "hub", "jupyterhub_config.py")]);

        Assert.Equal($"{{\"HOME\": \"{Path.Combine(site, "notebooks", "alice")}\", \"SYSTEMROOT\": \"C:\\\\Windows\"}}", env);
    }

    private async Task<(RunningHub Hub, Stopwatch Clock, int Port, string Site, TestAccount? Account)> StartAsync(bool stockSpawner)
    {
        var account = TestAccount.CanCreate ? await _flow.AccountAsync(system: true) : null;
        var site = _flow["site"];
        var options = Hub(site);
        IisSite.Write(options);
        if (stockSpawner)
        {
            File.AppendAllText(Path.Combine(site, "hub", "jupyterhub_config.py"), "c.JupyterHub.spawner_class = 'jupyterhub.spawner.SimpleLocalProcessSpawner'\n");
        }
        var shim = _flow["shim"];
        Directory.CreateDirectory(shim);
        File.WriteAllText(Path.Combine(shim, "sitecustomize.py"), WindowsLikePython.ReplaceLineEndings("\n"));
        if (account is not null)
        {
            // The icacls step's stand-in: the pool identity owns the site.
            var owned = await Tool.RunAsync("/usr/bin/chown", ["-R", $"{account.UserId}:{account.GroupId}", site]);
            Assert.True(owned.ExitCode == 0, owned.StandardError);
        }

        // As ANCM starts it: processPath with arguments (CreateProcessW's command line), the site folder as the current
        // directory, web.config's variables and the port it chose (aspnetcore, AspNetCoreModuleV2 serverprocess.cpp).
        var ancm = XDocument.Load(Path.Combine(site, "web.config")).Descendants("aspNetCore").Single();
        var command = new List<string> { (string)ancm.Attribute("processPath")! };
        command.AddRange(Argument().Matches((string)ancm.Attribute("arguments")!).Select(m => m.Value.Trim('"')));
        var start = new ProcessStartInfo(account is null ? command[0] : "/usr/bin/setpriv") { WorkingDirectory = site };
        foreach (var argument in account is null ? command.Skip(1) : [$"--reuid={account.UserId}", $"--regid={account.GroupId}", "--init-groups", "--", .. command])
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["HOME"] = site;
        foreach (var variable in ancm.Descendants("environmentVariable"))
        {
            start.Environment[(string)variable.Attribute("name")!] = (string)variable.Attribute("value")!;
        }
        var port = RunningHub.FreePort();
        start.Environment["ASPNETCORE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["ASPNETCORE_APPL_PATH"] = "/";
        start.Environment["NODE_PATH"] = "/usr/share/nodejs"; // Debian's configurable-http-proxy finds its modules there
        start.Environment["PYTHONPATH"] = shim;
        var clock = Stopwatch.StartNew();
        return (RunningHub.Start(start), clock, port, site, account);
    }

    private static IisSiteOptions Hub(string site) => new()
    {
        SiteDirectory = site,
        PythonPath = "/usr/bin/python3",
        LauncherPath = "/nonexistent/notebook-host",
        Hub = new JupyterHubOptions
        {
            Authenticator = HubAuthenticator.PasswordFile,
            AdminUsers = ["alice"],
            AllowedUsers = ["bob"],
            PasswordHashes = new Dictionary<string, string> { ["alice"] = JupyterPassword.Hash("alice-pw-1"), ["bob"] = JupyterPassword.Hash("bob-pw-2") },
            HubPort = RunningHub.FreePort(),
            ProxyApiPort = RunningHub.FreePort(),
        },
    };

    // A command-line word: quoted (the paths, which hold no '"') or bare.
    [GeneratedRegex("\"[^\"]*\"|\\S+")]
    private static partial Regex Argument();
}
