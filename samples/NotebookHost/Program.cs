using System.CommandLine;
using System.Runtime.InteropServices;
using Drivers.NotebookHosting;
using Drivers.NotebookHosting.Iis;
using Drivers.NotebookHosting.Launching;
using Drivers.NotebookHosting.Passwords;
using Drivers.NotebookHosting.Systemd;
using NotebookHost;

// notebook-host: sets Jupyter up as a service (IIS or systemd) and is what IIS starts.
// Its contract (commands, output, exit codes) is in README.md; the codes are named in ExitCodes.
if (args.Length > 0 && args[0] == "launch" && !args.TakeWhile(a => a != "--").Any(a => a is "-h" or "--help" or "-?"))
{
    // The hot path IIS takes on every start: no command-line parser, straight to the launcher.
    return await Commands.LaunchAsync(args.SkipWhile(a => a != "--").Skip(1).ToArray());
}

var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input instead of asking." };

var algorithm = new Option<string>("--algorithm") { Description = "argon2 (Jupyter's default) or sha1 (notebook before 6.1).", DefaultValueFactory = _ => "argon2" };
algorithm.AcceptOnlyFromAmong("argon2", "sha1");
var passwd = new Command("passwd", "Print a Jupyter password hash.") { algorithm, passwordStdin };
passwd.SetAction(parse => Commands.Passwd(parse.GetValue(algorithm)!, parse.GetValue(passwordStdin)));

var siteDir = new Option<string>("--site-dir") { Description = "The IIS site folder to write into.", Required = true, HelpName = "DIR" };
var python = new Option<string>("--python") { Description = "The Python of the environment Jupyter is installed in.", Required = true, HelpName = "PATH" };
var host = new Option<string>("--host") { Description = "The site's host name.", DefaultValueFactory = _ => "notebook.local" };
var iisHub = new Option<bool>("--hub") { Description = "JupyterHub for the users of --admin and --users instead of one notebook." };

var output = new Option<string>("--output") { Description = "The folder to write jupyter.service and the Jupyter config into.", Required = true, HelpName = "DIR" };
var user = new Option<string>("--user") { Description = "The system user the service runs as.", DefaultValueFactory = _ => "jupyter" };
var venv = new Option<string>("--venv") { Description = "The virtual environment Jupyter is installed in.", DefaultValueFactory = _ => "/opt/jupyter/venv" };
var notebookDir = new Option<string?>("--notebook-dir") { Description = "Where notebooks live (default /var/lib/USER/notebooks)." };
var port = new Option<int>("--port") { Description = "The TCP port.", DefaultValueFactory = _ => 8888 };
var ip = new Option<string>("--ip") { Description = "The address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
var systemdInit = new Command("init", "Write a hardened jupyter.service and the Jupyter config; print the install steps.")
{
    output, user, venv, notebookDir, port, ip, passwordStdin,
};
systemdInit.SetAction(parse => Commands.SystemdInit(new SystemdInitArguments(
    parse.GetValue(output)!, parse.GetValue(user)!, parse.GetValue(venv)!, parse.GetValue(notebookDir),
    parse.GetValue(port), parse.GetValue(ip)!, parse.GetValue(passwordStdin))));
var systemd = new Command("systemd", "Jupyter as a systemd service.") { systemdInit };

var hubOutput = new Option<string>("--output") { Description = "The folder to write jupyterhub.service, jupyterhub_config.py and the secrets into.", Required = true, HelpName = "DIR" };
var hubPort = new Option<int>("--port") { Description = "The hub's public port.", DefaultValueFactory = _ => 8000 };
var hubIp = new Option<string>("--ip") { Description = "The address the hub listens on.", DefaultValueFactory = _ => "127.0.0.1" };
var admin = new Option<string?>("--admin") { Description = "The user who administers the hub.", HelpName = "NAME" };
var users = new Option<string?>("--users") { Description = "The users who may log in, separated by commas.", HelpName = "a,b" };
var authenticator = new Option<string>("--authenticator") { Description = "pam (the machine's accounts) or password-file (hashes only the hub reads).", DefaultValueFactory = _ => "pam" };
authenticator.AcceptOnlyFromAmong("pam", "password-file");
var stateDir = new Option<string>("--state-dir") { Description = "The hub's folder for its database and secrets.", DefaultValueFactory = _ => "/var/lib/jupyterhub", HelpName = "DIR" };
var hubNotebookDir = new Option<string>("--notebook-dir") { Description = "Where each user's notebooks live (~ is the user's home).", DefaultValueFactory = _ => "~", HelpName = "DIR" };
var idleTimeout = new Option<int>("--idle-timeout") { Description = "Minutes before an idle server stops itself (0: never).", DefaultValueFactory = _ => 60, HelpName = "MINUTES" };
var hubInit = new Command("init", "Write a hardened jupyterhub.service, jupyterhub_config.py and its secrets; print the install steps.")
{
    hubOutput, hubPort, hubIp, admin, users, authenticator, stateDir, hubNotebookDir, idleTimeout, passwordStdin,
};
hubInit.SetAction(parse => Commands.Run(() => HubCommands.Init(new HubInitArguments(
    parse.GetValue(hubOutput)!, parse.GetValue(hubPort), parse.GetValue(hubIp)!, parse.GetValue(admin), parse.GetValue(users),
    parse.GetValue(authenticator)!, parse.GetValue(stateDir)!, parse.GetValue(hubNotebookDir)!, parse.GetValue(idleTimeout), parse.GetValue(passwordStdin)))));
var hub = new Command("hub", "JupyterHub for a team on one machine.") { hubInit };

var iisInit = new Command("init", "Write web.config, the launcher settings (or with --hub the hub's config and secrets), logs/ and notebooks/; print the hosts line and the IIS steps.")
{
    siteDir, python, host, iisHub, admin, users, idleTimeout, passwordStdin,
};
iisInit.SetAction(parse => Commands.IisInit(new IisInitArguments(
    parse.GetValue(siteDir)!, parse.GetValue(python)!, parse.GetValue(host)!, parse.GetValue(iisHub),
    parse.GetValue(admin), parse.GetValue(users), parse.GetValue(idleTimeout), parse.GetResult(idleTimeout) is { Implicit: false }, parse.GetValue(passwordStdin))));
var iis = new Command("iis", "Jupyter (or with --hub JupyterHub) under IIS through the ASP.NET Core Module V2.") { iisInit };

var jupyterArguments = new Argument<string[]>("JUPYTER_ARGS") { Description = "Passed on to Jupyter after '--'.", Arity = ArgumentArity.ZeroOrMore };
var launch = new Command("launch", "What IIS starts: run Jupyter on 127.0.0.1 at ASPNETCORE_PORT under ASPNETCORE_APPL_PATH.") { jupyterArguments };
launch.SetAction((parse, _) => Commands.LaunchAsync(parse.GetValue(jupyterArguments) ?? []));

var root = new RootCommand("Set Jupyter up as an always-on service under IIS or systemd, and launch it.") { passwd, iis, systemd, hub, launch };
// What each option takes, for the sentence when its value is missing or of the wrong kind.
var takes = new Dictionary<string, string>
{
    ["--algorithm"] = "--algorithm is argon2 or sha1",
    ["--site-dir"] = "--site-dir takes the IIS site folder",
    ["--python"] = "--python takes the path of the environment's python",
    ["--host"] = "--host takes a host name such as notebook.local",
    ["--output"] = "--output takes the folder to write the files into",
    ["--user"] = "--user takes a system user name such as jupyter",
    ["--venv"] = "--venv takes the folder of Jupyter's virtual environment, such as /opt/jupyter/venv",
    ["--notebook-dir"] = "--notebook-dir takes the folder notebooks live in",
    ["--port"] = "--port takes a TCP port from 1 to 65535",
    ["--ip"] = "--ip takes an IP address such as 127.0.0.1",
    ["--admin"] = "--admin takes a user name",
    ["--users"] = "--users takes user names separated by commas",
    ["--authenticator"] = "--authenticator is pam or password-file",
    ["--state-dir"] = "--state-dir takes the hub's folder, such as /var/lib/jupyterhub",
    ["--idle-timeout"] = "--idle-timeout takes whole minutes, 0 for never",
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"notebook-host: {UsageErrors.Explain("notebook-host", parsed, takes)}; try 'notebook-host --help'.");
    return ExitCodes.Usage;
}
try
{
    // Ctrl-C keeps its default meaning (the process ends, shells report 130); 'launch' forwards it to Jupyter itself.
    return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
}
catch (UsageException e)
{
    Console.Error.WriteLine($"notebook-host: {e.Message}");
    return ExitCodes.Usage;
}

/// <summary>The options of <c>iis init</c>.</summary>
internal sealed record IisInitArguments(string SiteDir, string Python, string Host, bool Hub, string? Admin, string? Users, int IdleTimeoutMinutes, bool IdleTimeoutGiven, bool PasswordStdin);

/// <summary>The options of <c>systemd init</c>.</summary>
internal sealed record SystemdInitArguments(string Output, string User, string Venv, string? NotebookDir, int Port, string Ip, bool PasswordStdin);

/// <summary>The commands, each returning its exit code.</summary>
internal static class Commands
{
    public static int Passwd(string algorithm, bool passwordStdin) => Run(() =>
    {
        using var password = PasswordInput.Read(passwordStdin);
        Console.WriteLine(JupyterPassword.Hash(password.Password, algorithm == "sha1" ? JupyterPasswordAlgorithm.Sha1 : JupyterPasswordAlgorithm.Argon2));
    });

    public static int IisInit(IisInitArguments a) => Run(() =>
    {
        var (python, host) = (a.Python, a.Host);
        var pythonPath = Path.GetFullPath(python);
        if (!File.Exists(pythonPath))
        {
            throw new UsageException($"Python '{python}' does not exist; give the python of the environment Jupyter is installed in.");
        }
        if (Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
        {
            throw new UsageException($"--host '{host}' is not a host name such as notebook.local.");
        }
        NotAFile("--site-dir", a.SiteDir);
        if (!a.Hub && (a.Admin ?? a.Users) is not null)
        {
            throw new UsageException("--admin and --users name the users of a hub; add --hub.");
        }
        if (!a.Hub && a.IdleTimeoutGiven)
        {
            throw new UsageException("--idle-timeout stops a hub's idle servers; add --hub.");
        }
        // The hub logs each user in with a password of their own; the single notebook has one.
        var hub = a.Hub ? HubCommands.IisHub(a.Admin, a.Users, a.IdleTimeoutMinutes, a.PasswordStdin) : null;
        string? hash = null;
        if (hub is null)
        {
            using var password = PasswordInput.Read(a.PasswordStdin);
            hash = JupyterPassword.Hash(password.Password);
        }
        var (launcher, arguments) = Launcher();
        var options = new IisSiteOptions
        {
            SiteDirectory = Path.GetFullPath(a.SiteDir),
            PythonPath = pythonPath,
            LauncherPath = launcher,
            LauncherArguments = arguments,
            HostName = host,
            PasswordHash = hash,
            Hub = hub,
        };
        foreach (var file in WriteInto("--site-dir", options.SiteDirectory, () => IisSite.Write(options)))
        {
            Console.WriteLine($"wrote {file}");
        }
        Console.WriteLine();
        Console.WriteLine("Add this line to C:\\Windows\\System32\\drivers\\etc\\hosts:");
        Console.WriteLine($"  {IisSite.HostsLine(options)}");
        Console.WriteLine();
        Console.WriteLine("Create the site (elevated prompt):");
        foreach (var step in IisSite.SetupSteps(options))
        {
            Console.WriteLine($"  {step}");
        }
        Console.WriteLine();
        Console.WriteLine("Check first:");
        foreach (var check in IisSite.Prerequisites)
        {
            Console.WriteLine($"  - {check}");
        }
        Console.WriteLine();
        Console.WriteLine(hub is null ? $"Then open http://{host}/" : $"Then open http://{host}/ and log in as {hub.AdminUsers.Concat(hub.AllowedUsers).First()}.");
    });

    public static int SystemdInit(SystemdInitArguments a) => Run(() =>
    {
        var home = $"/var/lib/{a.User}";
        // Each option checked on its own against the library's rules, before a password is asked for, so the
        // sentence can name the option.
        const string LiteralPath = "must be an absolute path of letters, digits and / . _ - + @ only";
        Check("--user", a.User, "must be a system user name of lower-case letters, digits, '-' and '_'", new() { User = a.User, HomeDirectory = home, NotebookDirectory = home + "/notebooks" });
        if (VenvProblem(a.Venv) is { } venvProblem)
        {
            throw new UsageException(venvProblem);
        }
        Check("--venv", a.Venv, LiteralPath, new() { VenvDirectory = a.Venv });
        if (a.NotebookDir is not null)
        {
            Check("--notebook-dir", a.NotebookDir, LiteralPath, new() { NotebookDirectory = a.NotebookDir });
        }
        Check("--port", a.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be a TCP port from 1 to 65535", new() { Port = a.Port });
        Check("--ip", a.Ip, "must be an IP address such as 127.0.0.1", new() { Ip = a.Ip });
        NotAFile("--output", a.Output);
        var probe = new SystemdServiceOptions { User = a.User, HomeDirectory = home, VenvDirectory = a.Venv, NotebookDirectory = a.NotebookDir ?? home + "/notebooks", Port = a.Port, Ip = a.Ip };
        string hash;
        using (var password = PasswordInput.Read(a.PasswordStdin))
        {
            hash = JupyterPassword.Hash(password.Password);
        }
        var options = new SystemdServiceOptions
        {
            User = probe.User,
            HomeDirectory = probe.HomeDirectory,
            VenvDirectory = probe.VenvDirectory,
            NotebookDirectory = probe.NotebookDirectory,
            Port = probe.Port,
            Ip = probe.Ip,
            PasswordHash = hash,
        };
        var output = Path.GetFullPath(a.Output);
        foreach (var file in WriteInto("--output", output, () => SystemdService.Write(options, output)))
        {
            Console.WriteLine($"wrote {file}");
        }
        Console.WriteLine();
        Console.WriteLine("Install (as root):");
        foreach (var step in SystemdService.InstallSteps(options, output))
        {
            Console.WriteLine($"  {step}");
        }
    });

    public static async Task<int> LaunchAsync(string[] jupyterArguments)
    {
        try
        {
            var settingsPath = Environment.GetEnvironmentVariable(IisSite.SettingsVariable) is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.CurrentDirectory, LauncherSettings.FileName);
            var launcher = new NotebookLauncher(LauncherSettings.Load(settingsPath));
            using var shutdown = new CancellationTokenSource();
            // SIGTERM from systemd or a terminal, Ctrl-C, and Ctrl-Break (SIGQUIT's slot), which ANCM sends on Windows.
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Forward);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Forward);
            using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Forward);
            return await launcher.RunAsync(jupyterArguments, shutdown.Token);

            void Forward(PosixSignalContext context)
            {
                context.Cancel = true; // stay alive until Jupyter has stopped, to hand on its exit code
                shutdown.Cancel();
            }
        }
        catch (NotebookHostingException e)
        {
            Console.Error.WriteLine($"notebook-host: {e.Message}");
            return ExitCodes.Error;
        }
    }

    // The install steps run 'python3 -m venv VENV' as root: over a system folder that would plant pip, python and
    // activate scripts among the system's own files. The unit is often installed on another machine, so only the
    // folders that are never a venv (the Filesystem Hierarchy Standard's top levels) are refused here.
    private static readonly HashSet<string> SystemFolders = new(StringComparer.Ordinal)
    {
        "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/media", "/mnt", "/opt", "/proc", "/root",
        "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/usr/bin", "/usr/lib", "/usr/local", "/usr/local/bin",
        "/usr/local/lib", "/usr/local/sbin", "/usr/sbin", "/usr/share", "/var", "/var/lib", "/var/log", "/var/tmp",
    };

    // Nothing below these is ever a venv of ours: the system's programs, libraries, configuration and kernel interfaces.
    private static readonly string[] SystemTrees =
        ["/bin/", "/boot/", "/dev/", "/etc/", "/lib/", "/lib32/", "/lib64/", "/proc/", "/sbin/", "/sys/", "/usr/bin/", "/usr/include/", "/usr/lib/", "/usr/sbin/", "/usr/share/"];

    private static string? VenvProblem(string venv)
    {
        // Compared as the absolute path it names: //usr, /usr/./bin and /usr/lib/../bin are system folders too.
        var path = venv.Length == 0 ? "" : Path.GetFullPath(venv).TrimEnd('/');
        if (path.Length == 0 || SystemFolders.Contains(path) || SystemTrees.Any(tree => (path + "/").StartsWith(tree, StringComparison.Ordinal)))
        {
            return $"--venv '{venv}' is a system folder, and the install steps would create a virtual environment over it; give a folder of its own such as /opt/jupyter/venv.";
        }
        if (Directory.Exists(path) && !File.Exists(Path.Combine(path, "pyvenv.cfg")) && Directory.EnumerateFileSystemEntries(path).Any())
        {
            return $"--venv '{venv}' holds files but is not a virtual environment (it has no pyvenv.cfg); give an empty or new folder, or an existing venv.";
        }
        return null;
    }

    private static void NotAFile(string option, string folder)
    {
        if (File.Exists(folder))
        {
            throw new UsageException($"{option} '{folder}' is a file; give a folder (a new one is created).");
        }
    }

    // The files of 'init', or one sentence naming the folder that could not take them.
    internal static IReadOnlyList<string> WriteInto(string option, string folder, Func<IReadOnlyList<string>> write)
    {
        NotAFile(option, folder);
        try
        {
            return write();
        }
        catch (IOException e)
        {
            throw new IOException($"cannot write the files into {folder} ({e.Message.TrimEnd('.')}).", e);
        }
    }

    private static void Check(string option, string value, string rule, SystemdServiceOptions probe)
    {
        try
        {
            SystemdService.RenderUnit(probe);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"{option} '{value}' {rule}.");
        }
    }

    private static (string Path, string Arguments) Launcher()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("The launcher's own path is unknown.");
        if (Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return (process, $"\"{Path.Combine(AppContext.BaseDirectory, "notebook-host.dll")}\" launch");
        }
        return (process, "launch");
    }

    internal static int Run(Action command)
    {
        try
        {
            command();
            return ExitCodes.Success;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"notebook-host: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is NotebookHostingException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            Console.Error.WriteLine($"notebook-host: {e.Message}");
            return ExitCodes.Error;
        }
    }
}
