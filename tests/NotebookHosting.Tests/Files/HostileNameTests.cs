using System.Runtime.InteropServices;
using System.Text.Json;
using System.Xml;
using Drivers.NotebookHosting.Configuration;
using Drivers.NotebookHosting.Hub;
using Drivers.NotebookHosting.Iis;
using Drivers.NotebookHosting.Systemd;
using Drivers.NotebookHosting.Tests.Infrastructure;

namespace Drivers.NotebookHosting.Tests.Files;

/// <summary>
/// Every generated file under hostile names: each value is either refused with one sentence naming the property, or
/// written so that the file's own reader takes it back unchanged (System.Xml for web.config, System.Text.Json for the
/// launcher settings, Python for the Jupyter config, <c>systemd-analyze verify</c> for the unit).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostileNameTests
{
    private const string Hash = "argon2:$argon2id$v=19$m=10240,t=10,p=8$ihZE86omfZzCPP1NDRA2KA$PYOJms7N4owwhz1+h2ROqQ";

    /// <summary>The hostile values: spaces, quotes, newlines, systemd specifiers, shell expansions, backslashes, unicode, controls, length.</summary>
    public static readonly string[] Values =
    [
        "with space",
        "single'quote",
        "double\"quote",
        "new\nline",
        "trailing-newline\n",
        "carriage\rreturn",
        "per%cent",
        "%h",
        "dollar$HOME",
        "${IFS}",
        "back\\slash",
        "semi;colon",
        "unicodé-☃",
        "emoji-😀",
        "lone-\ud800-surrogate",
        "escape-\u001b[2J",
        "nul-\0-char",
        "tab\tx",
        "--option-like",
        new string('x', 200),
    ];

    /// <summary>Each IIS site property with each hostile value.</summary>
    public static TheoryData<string, int> IisCases { get; } = Cases(["SiteDirectory", "PythonPath", "LauncherPath", "LauncherArguments", "HostName", "SiteName"]);

    /// <summary>Each systemd service property with each hostile value (paths get it as their last component).</summary>
    public static TheoryData<string, int> SystemdCases { get; } = Cases(["ServiceName", "User", "HomeDirectory", "VenvDirectory", "NotebookDirectory", "ConfigDirectory", "JupyterCommand", "Ip"]);

    /// <summary>Each Jupyter config property taking text, with each hostile value.</summary>
    public static TheoryData<string, int> ConfigCases { get; } = Cases(["Ip", "NotebookDirectory", "Token", "BaseUrl"]);

    [Theory]
    [MemberData(nameof(IisCases))]
    public async Task An_iis_site_value_is_refused_in_one_sentence_or_read_back_unchanged_from_every_file(string property, int value)
    {
        using var folder = new TemporaryDirectory();
        var hostile = Values[value];
        var site = property == "SiteDirectory" ? folder[hostile] : folder["site"];
        var options = new IisSiteOptions
        {
            SiteDirectory = site,
            PythonPath = property == "PythonPath" ? hostile : @"C:\jupyter\venv\Scripts\python.exe",
            LauncherPath = property == "LauncherPath" ? hostile : @"C:\jupyter\notebook-host.exe",
            LauncherArguments = property == "LauncherArguments" ? hostile : "launch",
            HostName = property == "HostName" ? hostile : "notebook.local",
            SiteName = property == "SiteName" ? hostile : "Jupyter",
            PasswordHash = Hash,
        };

        IReadOnlyList<string> written;
        try
        {
            written = IisSite.Write(options);
        }
        catch (ArgumentException e)
        {
            AssertOneSentenceNaming($"IisSiteOptions.{property} ", e);
            return;
        }

        var webConfig = new XmlDocument();
        webConfig.Load(written[0]); // System.Xml: well formed, or it throws
        var aspNetCore = (XmlElement)webConfig.SelectSingleNode("/configuration/system.webServer/aspNetCore")!;
        Assert.Equal(options.LauncherPath, aspNetCore.GetAttribute("processPath"));
        Assert.Equal(options.LauncherArguments, aspNetCore.GetAttribute("arguments"));
        var settingsVariable = (XmlElement)webConfig.SelectSingleNode($"//environmentVariable[@name='{IisSite.SettingsVariable}']")!;
        Assert.Equal(Path.Combine(site, "notebook-host.json"), settingsVariable.GetAttribute("value"));

        using var settings = JsonDocument.Parse(await File.ReadAllBytesAsync(written[1], TestContext.Current.CancellationToken));
        Assert.Equal(options.PythonPath, settings.RootElement.GetProperty("python").GetString());

        var config = await ReadPythonConfigAsync(written[2]);
        Assert.Equal(Path.Combine(site, "notebooks"), Text(config.GetProperty("NotebookApp").GetProperty("notebook_dir")));
        Assert.Equal(Hash, Text(config.GetProperty("NotebookApp").GetProperty("password")));
    }

    [Fact]
    public async Task Every_hostile_iis_hub_value_is_refused_in_one_sentence_or_read_back_unchanged_from_web_config_and_the_hub_config()
    {
        using var folder = new TemporaryDirectory();
        var accepted = new List<(IisSiteOptions Options, string Config)>();
        foreach (var property in new[] { "SiteDirectory", "PythonPath", "HostName", "SiteName" })
        {
            foreach (var hostile in Values)
            {
                var site = property == "SiteDirectory" ? folder[$"{accepted.Count}-{hostile}"] : folder[$"{accepted.Count}-site"];
                var options = new IisSiteOptions
                {
                    SiteDirectory = site,
                    PythonPath = property == "PythonPath" ? hostile : @"C:\jupyter\venv\Scripts\python.exe",
                    LauncherPath = @"C:\jupyter\notebook-host.exe",
                    HostName = property == "HostName" ? hostile : "notebook.local",
                    SiteName = property == "SiteName" ? hostile : "Jupyter",
                    Hub = new JupyterHubOptions
                    {
                        Authenticator = HubAuthenticator.PasswordFile,
                        AdminUsers = ["alice"],
                        PasswordHashes = new Dictionary<string, string> { ["alice"] = Hash },
                    },
                };
                IReadOnlyList<string> written;
                try
                {
                    written = IisSite.Write(options);
                    _ = IisSite.SetupSteps(options);
                }
                catch (ArgumentException e)
                {
                    AssertOneSentenceNaming($"IisSiteOptions.{property} ", e);
                    continue;
                }
                var webConfig = new XmlDocument();
                webConfig.Load(written[0]); // System.Xml: well formed, or it throws
                var aspNetCore = (XmlElement)webConfig.SelectSingleNode("/configuration/system.webServer/aspNetCore")!;
                Assert.Equal(options.PythonPath, aspNetCore.GetAttribute("processPath"));
                Assert.Equal($"-m jupyterhub -f \"{written[1]}\"", aspNetCore.GetAttribute("arguments"));
                accepted.Add((options, written[1]));
            }
        }

        // One Python for every accepted hub config, run as the hub loads it (ANCM's port in the environment).
        var configs = await ReadPythonConfigsAsync(accepted.Select(a => a.Config).ToList());
        for (var i = 0; i < accepted.Count; i++)
        {
            var site = accepted[i].Options.SiteDirectory;
            Assert.Equal(System.IO.Path.Combine(site, "notebooks", "{username}"), Text(configs[i].GetProperty("PortableSpawner").GetProperty("home_dir_template")));
            Assert.Equal(System.IO.Path.Combine(site, "hub", "jupyterhub_cookie_secret"), Text(configs[i].GetProperty("JupyterHub").GetProperty("cookie_secret_file")));
            Assert.Equal(8000, configs[i].GetProperty("JupyterHub").GetProperty("port").GetInt32());
        }
        TestContext.Current.SendDiagnosticMessage($"iis hub hostile values: {(4 * Values.Length) - accepted.Count} refused, {accepted.Count} read back");
    }

    [Theory]
    [MemberData(nameof(SystemdCases))]
    public async Task A_systemd_value_is_refused_in_one_sentence_or_the_unit_passes_verify_and_the_config_reads_back(string property, int value)
    {
        var hostile = Values[value];
        string Path(string name, string normal) => property == name ? "/srv/" + hostile : normal;
        var options = new SystemdServiceOptions
        {
            ServiceName = property == "ServiceName" ? hostile : "jupyter",
            User = property == "User" ? hostile : "jupyter",
            HomeDirectory = Path("HomeDirectory", "/var/lib/jupyter"),
            VenvDirectory = Path("VenvDirectory", "/opt/jupyter/venv"),
            NotebookDirectory = Path("NotebookDirectory", "/var/lib/jupyter/notebooks"),
            ConfigDirectory = Path("ConfigDirectory", "/etc/jupyter"),
            JupyterCommand = property == "JupyterCommand" ? hostile : "notebook",
            Ip = property == "Ip" ? hostile : "127.0.0.1",
            PasswordHash = Hash,
        };
        using var folder = new TemporaryDirectory();

        IReadOnlyList<string> written;
        try
        {
            written = SystemdService.Write(options, folder["out"]);
        }
        catch (ArgumentException e)
        {
            AssertOneSentenceNaming($"SystemdServiceOptions.{property} ", e);
            return;
        }

        // systemd-analyze verify, in a root holding the unit, a stand-in ExecStart and the distribution's units.
        var unitDirectory = folder["root/etc/systemd/system"];
        Directory.CreateDirectory(unitDirectory);
        File.Copy(written[0], System.IO.Path.Combine(unitDirectory, SystemdService.UnitFileName(options)));
        var jupyter = folder["root" + options.VenvDirectory + "/bin/jupyter"];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(jupyter)!);
        File.WriteAllText(jupyter, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(jupyter, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        CopyTree("/usr/lib/systemd/system", folder["root/usr/lib/systemd/system"]);
        var verify = await Tool.RunAsync("/usr/bin/systemd-analyze", "verify", "--man=no", "--root=" + folder["root"], SystemdService.UnitFileName(options));
        Assert.True(verify.ExitCode == 0 && verify.StandardError.Length == 0, $"systemd-analyze verify: {verify.StandardError}");

        var config = await ReadPythonConfigAsync(written[1]);
        Assert.Equal(options.NotebookDirectory, Text(config.GetProperty("NotebookApp").GetProperty("notebook_dir")));
        Assert.Equal(options.Ip, Text(config.GetProperty("NotebookApp").GetProperty("ip")));
    }

    [Theory]
    [MemberData(nameof(ConfigCases))]
    public async Task A_jupyter_config_value_is_refused_in_one_sentence_or_read_back_unchanged_by_python(string property, int value)
    {
        var hostile = Values[value];
        var config = new JupyterConfig
        {
            Flavor = JupyterFlavor.JupyterServer,
            Ip = property == "Ip" ? hostile : "127.0.0.1",
            NotebookDirectory = property == "NotebookDirectory" ? hostile : "/srv/notebooks",
            Token = property == "Token" ? hostile : null,
            BaseUrl = property == "BaseUrl" ? "/" + hostile : "/",
            PasswordHash = Hash,
        };
        using var folder = new TemporaryDirectory();

        string text;
        try
        {
            text = config.Render();
        }
        catch (ArgumentException e)
        {
            AssertOneSentenceNaming(property == "BaseUrl" ? "The application path " : $"JupyterConfig.{property} ", e);
            return;
        }
        File.WriteAllText(folder["config.py"], text);

        var read = await ReadPythonConfigAsync(folder["config.py"]);
        var server = read.GetProperty("ServerApp");
        Assert.Equal(config.Ip, Text(server.GetProperty("ip")));
        Assert.Equal(config.NotebookDirectory, Text(server.GetProperty("root_dir")));
        Assert.Equal(config.Token ?? "", Text(read.GetProperty("IdentityProvider").GetProperty("token")));
        Assert.Equal(JupyterConfig.BaseUrlFromApplicationPath(config.BaseUrl), Text(server.GetProperty("base_url")));
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var target = System.IO.Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo)
            {
                CopyTree(entry.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }

    private static TheoryData<string, int> Cases(string[] properties)
    {
        var cases = new TheoryData<string, int>();
        foreach (var property in properties)
        {
            for (var i = 0; i < Values.Length; i++)
            {
                cases.Add(property, i);
            }
        }
        return cases;
    }

    // One sentence: it names the property (or what it is), is on one line, and quotes no raw control character.
    private static void AssertOneSentenceNaming(string start, ArgumentException e)
    {
        var message = e.Message.Split(" (Parameter ")[0];
        Assert.StartsWith(start, message, StringComparison.Ordinal);
        Assert.DoesNotContain(message, char.IsControl);
        Assert.EndsWith(".", message, StringComparison.Ordinal);
    }

    /// <summary>A string the config reader below sent back: its UTF-16 code units in hex, so a lone surrogate survives too.</summary>
    private static string? Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? new string(MemoryMarshal.Cast<byte, char>(Convert.FromHexString(value.GetString()!))) : null;

    // Runs the config as Python does (exec with a config object whose attributes spring into being) and returns
    // what it set, as JSON with every string as its UTF-16 code units in hex (see Text).
    private static async Task<JsonElement> ReadPythonConfigAsync(string path) => (await ReadPythonConfigsAsync([path]))[0];

    // The same for several configs in one Python, each run with a config object of its own.
    private static async Task<IReadOnlyList<JsonElement>> ReadPythonConfigsAsync(IReadOnlyList<string> paths)
    {
        const string Script = """
            import json, os, sys
            os.environ['ASPNETCORE_PORT'] = '8000' # as ANCM sets it for the hub's config
            class Section(dict):
                def __getattr__(self, name):
                    return self.setdefault(name, Section())
                def __setattr__(self, name, value):
                    self[name] = value
            def read(path):
                c = Section()
                exec(compile(open(path, encoding="ascii").read(), path, "exec"), {"c": c, "get_config": lambda: c})
                return c
            def units(value):
                if isinstance(value, dict):
                    return {k: units(v) for k, v in value.items()}
                if isinstance(value, str):
                    return value.encode("utf-16-le", "surrogatepass").hex()
                return value
            sys.stdout.write(json.dumps([units(read(path)) for path in sys.argv[1:]], default=repr)) # a class or a set (the hub config's) as its repr
            """;
        var output = await RealPython.RunAsync(Script, arguments: paths);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.Clone().EnumerateArray().ToList();
    }
}
