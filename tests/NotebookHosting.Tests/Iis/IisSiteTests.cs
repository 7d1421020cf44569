using System.Xml.Linq;
using Drivers.NotebookHosting.Hub;
using Drivers.NotebookHosting.Iis;
using Drivers.NotebookHosting.Launching;
using Drivers.NotebookHosting.Tests.Infrastructure;

namespace Drivers.NotebookHosting.Tests.Iis;

public sealed class IisSiteTests
{
    private const string Hash = "argon2:$argon2id$v=19$m=10240,t=10,p=8$ihZE86omfZzCPP1NDRA2KA$PYOJms7N4owwhz1+h2ROqQ";

    private static IisSiteOptions Options(string site) => new()
    {
        SiteDirectory = site,
        PythonPath = @"C:\jupyter\venv\Scripts\python.exe",
        LauncherPath = @"C:\Program Files\notebook-host\notebook-host.exe",
        PasswordHash = Hash,
    };

    [Fact]
    public void The_web_config_is_well_formed_and_gives_ANCM_every_attribute_it_needs()
    {
        var document = XDocument.Parse(IisSite.RenderWebConfig(Options(@"C:\sites\jupyter")));

        var server = document.Root!.Element("system.webServer")!;
        var handler = server.Element("handlers")!.Elements("add").Single();
        Assert.Equal("AspNetCoreModuleV2", (string?)handler.Attribute("modules"));
        Assert.Equal("*", (string?)handler.Attribute("path"));
        Assert.Equal("*", (string?)handler.Attribute("verb"));
        var ancm = server.Element("aspNetCore")!;
        Assert.Equal(@"C:\Program Files\notebook-host\notebook-host.exe", (string?)ancm.Attribute("processPath"));
        Assert.Equal("launch", (string?)ancm.Attribute("arguments"));
        Assert.Equal("outofprocess", (string?)ancm.Attribute("hostingModel"));
        Assert.Equal("true", (string?)ancm.Attribute("stdoutLogEnabled"));
        Assert.Equal(@".\logs\jupyter", (string?)ancm.Attribute("stdoutLogFile"));
        Assert.Equal("120", (string?)ancm.Attribute("startupTimeLimit"));
        Assert.Equal("30", (string?)ancm.Attribute("shutdownTimeLimit"));
        Assert.Equal("00:20:00", (string?)ancm.Attribute("requestTimeout"));
        Assert.Equal("1", (string?)ancm.Attribute("processesPerApplication"));
        var variables = ancm.Element("environmentVariables")!.Elements("environmentVariable")
            .ToDictionary(e => (string)e.Attribute("name")!, e => (string)e.Attribute("value")!);
        Assert.Equal(Path.Combine(@"C:\sites\jupyter", "notebook-host.json"), variables["NOTEBOOK_HOST_SETTINGS"]);
        Assert.Equal("1", variables["PYTHONUNBUFFERED"]);
        Assert.DoesNotContain(variables, v => v.Value.Contains("%ASPNETCORE_PORT%", StringComparison.Ordinal));
        Assert.Contains(document.DescendantNodes().OfType<XComment>(), c => c.Value.Contains("WebSocket", StringComparison.Ordinal));
    }

    [Fact]
    public void The_hub_web_config_starts_jupyterhub_itself_with_every_attribute_ANCM_needs()
    {
        var document = XDocument.Parse(IisSite.RenderWebConfig(Hub(@"C:\sites\hub")));

        var server = document.Root!.Element("system.webServer")!;
        Assert.Equal("AspNetCoreModuleV2", (string?)server.Element("handlers")!.Elements("add").Single().Attribute("modules"));
        var ancm = server.Element("aspNetCore")!;
        Assert.Equal(@"C:\jupyter\venv\Scripts\python.exe", (string?)ancm.Attribute("processPath"));
        Assert.Equal($"-m jupyterhub -f \"{Path.Combine(@"C:\sites\hub", "hub", "jupyterhub_config.py")}\"", (string?)ancm.Attribute("arguments"));
        Assert.Equal("outofprocess", (string?)ancm.Attribute("hostingModel"));
        Assert.Equal("true", (string?)ancm.Attribute("stdoutLogEnabled"));
        Assert.Equal(@".\logs\jupyterhub", (string?)ancm.Attribute("stdoutLogFile"));
        Assert.Equal("120", (string?)ancm.Attribute("startupTimeLimit"));
        Assert.Equal("30", (string?)ancm.Attribute("shutdownTimeLimit"));
        Assert.Equal("00:20:00", (string?)ancm.Attribute("requestTimeout"));
        Assert.Equal("5", (string?)ancm.Attribute("rapidFailsPerMinute"));
        Assert.Equal("1", (string?)ancm.Attribute("processesPerApplication"));
        Assert.Equal("false", (string?)ancm.Attribute("forwardWindowsAuthToken"));
        var variables = ancm.Element("environmentVariables")!.Elements("environmentVariable")
            .ToDictionary(e => (string)e.Attribute("name")!, e => (string)e.Attribute("value")!);
        Assert.Equal(["PYTHONUNBUFFERED"], variables.Keys);
        Assert.Contains(document.DescendantNodes().OfType<XComment>(), c => c.Value.Contains("iis init, for a hub", StringComparison.Ordinal));
        Assert.Contains(document.DescendantNodes().OfType<XComment>(), c => c.Value.Contains("WebSocket", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_lays_out_the_hub_site_with_its_secrets_owner_only()
    {
        using var site = new TemporaryDirectory();

        var written = IisSite.Write(Hub(site.Path));

        Assert.Equal([site["web.config"], site["hub/jupyterhub_config.py"], site["hub/jupyterhub_cookie_secret"], site["hub/proxy_auth_token"], site["hub/hub-passwords"]], written);
        Assert.True(Directory.Exists(site["logs"]));
        Assert.True(Directory.Exists(site["notebooks"]));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(site["hub"]));
        foreach (var file in written)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        Assert.Matches("^[0-9a-f]{64}\n$", File.ReadAllText(site["hub/jupyterhub_cookie_secret"]));
        Assert.NotEqual(File.ReadAllText(site["hub/jupyterhub_cookie_secret"]), File.ReadAllText(site["hub/proxy_auth_token"]));
        Assert.Equal($"alice:{Hash}\nbob:{Hash}\n", File.ReadAllText(site["hub/hub-passwords"]));
        var config = File.ReadAllText(site["hub/jupyterhub_config.py"]);
        Assert.DoesNotContain(File.ReadAllText(site["hub/proxy_auth_token"]).Trim(), config, StringComparison.Ordinal);
        Assert.Contains("c.JupyterHub.port = _port", config, StringComparison.Ordinal);
        Assert.Contains("c.JupyterHub.spawner_class = PortableSpawner", config, StringComparison.Ordinal);
        Assert.DoesNotContain("preexec_fn=", config, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hub_steps_install_the_hub_and_its_proxy_and_grant_the_pool_the_site()
    {
        var steps = IisSite.SetupSteps(Hub(@"C:\sites\hub"));

        Assert.Equal("\"C:\\jupyter\\venv\\Scripts\\python.exe\" -m pip install \"jupyterhub>=3,<4\" \"notebook<7\" psutil", steps[0]);
        Assert.Equal($"npm install --prefix \"{Path.Combine(@"C:\sites\hub", "hub", "proxy")}\" configurable-http-proxy", steps[1]);
        Assert.Contains("icacls \"C:\\sites\\hub\" /grant \"IIS AppPool\\Jupyter:(OI)(CI)M\"", steps);
        Assert.Contains(IisSite.Prerequisites, p => p.Contains("Node.js", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Hub")]
    [InlineData("PasswordHash")]
    [InlineData("SiteDirectory")]
    [InlineData("AdminUsers")]
    public void A_hub_the_site_cannot_run_is_refused_naming_the_property(string property)
    {
        var good = Hub("/sites/hub");
        var options = property switch
        {
            "Hub" => new IisSiteOptions { SiteDirectory = "/s", PythonPath = "/p", LauncherPath = "/l", Hub = new JupyterHubOptions { AdminUsers = ["alice"] } },
            "PasswordHash" => new IisSiteOptions { SiteDirectory = "/s", PythonPath = "/p", LauncherPath = "/l", PasswordHash = Hash, Hub = good.Hub },
            "SiteDirectory" => new IisSiteOptions { SiteDirectory = "/sites/{x}", PythonPath = "/p", LauncherPath = "/l", Hub = good.Hub },
            _ => new IisSiteOptions { SiteDirectory = "/s", PythonPath = "/p", LauncherPath = "/l", Hub = new JupyterHubOptions { Authenticator = HubAuthenticator.PasswordFile, AdminUsers = ["root"] } },
        };

        var error = Assert.Throws<ArgumentException>(() => IisSite.RenderWebConfig(options));

        Assert.StartsWith(property == "AdminUsers" ? "JupyterHubOptions.AdminUsers " : $"IisSiteOptions.{property} ", error.Message, StringComparison.Ordinal);
    }

    private static IisSiteOptions Hub(string site) => new()
    {
        SiteDirectory = site,
        PythonPath = @"C:\jupyter\venv\Scripts\python.exe",
        LauncherPath = @"C:\Program Files\notebook-host\notebook-host.exe",
        Hub = new JupyterHubOptions
        {
            Authenticator = HubAuthenticator.PasswordFile,
            AdminUsers = ["alice"],
            AllowedUsers = ["bob"],
            PasswordHashes = new Dictionary<string, string> { ["alice"] = Hash, ["bob"] = Hash },
        },
    };

    [Fact]
    public void ANCM_attribute_values_stay_within_the_schema_ranges()
    {
        var ancm = XDocument.Parse(IisSite.RenderWebConfig(Options("/site"))).Descendants("aspNetCore").Single();

        // aspnetcore_schema_v2.xml: startupTimeLimit 0-3600, shutdownTimeLimit 0-600, rapidFailsPerMinute 0-100.
        Assert.InRange(int.Parse((string)ancm.Attribute("startupTimeLimit")!, System.Globalization.CultureInfo.InvariantCulture), 0, 3600);
        Assert.InRange(int.Parse((string)ancm.Attribute("shutdownTimeLimit")!, System.Globalization.CultureInfo.InvariantCulture), 0, 600);
        Assert.InRange(int.Parse((string)ancm.Attribute("rapidFailsPerMinute")!, System.Globalization.CultureInfo.InvariantCulture), 0, 100);
    }

    [Fact]
    public void Paths_with_XML_special_characters_are_escaped_not_broken()
    {
        var odd = new IisSiteOptions
        {
            SiteDirectory = "/sites/a&b <'c'>",
            PythonPath = "/p",
            LauncherPath = "/l/'x' & <y>",
            LauncherArguments = "\"C:\\a&b\\notebook-host.dll\" launch <z>", // double quotes belong in arguments, never in a Windows path
            PasswordHash = Hash,
        };

        var ancm = XDocument.Parse(IisSite.RenderWebConfig(odd)).Descendants("aspNetCore").Single();

        Assert.Equal("/l/'x' & <y>", (string?)ancm.Attribute("processPath"));
        Assert.Equal("\"C:\\a&b\\notebook-host.dll\" launch <z>", (string?)ancm.Attribute("arguments"));
    }

    [Fact]
    public void Write_lays_out_the_site_and_the_launcher_can_read_its_settings()
    {
        using var site = new TemporaryDirectory();

        var written = IisSite.Write(Options(site.Path));

        Assert.Equal(3, written.Count);
        Assert.True(Directory.Exists(site["logs"]));
        Assert.True(Directory.Exists(site["notebooks"]));
        var settings = LauncherSettings.Load(site["notebook-host.json"]);
        Assert.Equal(site["jupyter"], settings.ConfigDirectory);
        foreach (var file in written)
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        Assert.Contains(Hash, File.ReadAllText(site["jupyter/jupyter_notebook_config.py"]), StringComparison.Ordinal);
        Assert.Contains(site["notebooks"], File.ReadAllText(site["jupyter/jupyter_notebook_config.py"]), StringComparison.Ordinal);
    }

    [Fact]
    public void The_steps_make_an_always_running_pool_with_websockets_and_the_hosts_line_points_home()
    {
        var options = Options(@"C:\sites\jupyter");

        var steps = string.Join('\n', IisSite.SetupSteps(options));

        Assert.Equal("127.0.0.1\tnotebook.local", IisSite.HostsLine(options));
        Assert.Contains("/startMode:AlwaysRunning", steps, StringComparison.Ordinal);
        Assert.Contains("/processModel.idleTimeout:00:00:00", steps, StringComparison.Ordinal);
        Assert.Contains("/recycling.periodicRestart.time:00:00:00", steps, StringComparison.Ordinal);
        Assert.Contains("system.webServer/webSocket /enabled:true", steps, StringComparison.Ordinal);
        Assert.Contains("/bindings:http/*:80:notebook.local", steps, StringComparison.Ordinal);
        Assert.Contains(IisSite.Prerequisites, p => p.Contains("Hosting Bundle", StringComparison.Ordinal));
        Assert.Contains(IisSite.Prerequisites, p => p.Contains("WebSocket", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_password_hash_nothing_is_written()
    {
        using var site = new TemporaryDirectory();

        Assert.Throws<InvalidOperationException>(() => IisSite.Write(new IisSiteOptions { SiteDirectory = site.Path, PythonPath = "/p", LauncherPath = "/l" }));
        Assert.Empty(Directory.EnumerateFileSystemEntries(site.Path));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_site_folder_other_users_can_write_is_refused_before_anything_is_made_in_it(bool hub)
    {
        using var site = new TemporaryDirectory();
        File.SetUnixFileMode(site.Path, (UnixFileMode)0b111_111_111);

        Assert.Throws<UnauthorizedAccessException>(() => IisSite.Write(hub ? Hub(site.Path) : Options(site.Path)));

        Assert.Empty(Directory.EnumerateFileSystemEntries(site.Path));
    }

    [Fact]
    public void Time_limits_are_time_spans_written_as_the_whole_seconds_ANCM_reads()
    {
        var options = new IisSiteOptions
        {
            SiteDirectory = "/site",
            PythonPath = "/p",
            LauncherPath = "/l",
            StartupTimeLimit = TimeSpan.FromMinutes(5),
            ShutdownTimeLimit = TimeSpan.FromSeconds(45),
            RequestTimeout = TimeSpan.FromHours(2),
        };

        var ancm = XDocument.Parse(IisSite.RenderWebConfig(options)).Descendants("aspNetCore").Single();

        Assert.Equal("300", (string?)ancm.Attribute("startupTimeLimit"));
        Assert.Equal("45", (string?)ancm.Attribute("shutdownTimeLimit"));
        Assert.Equal("02:00:00", (string?)ancm.Attribute("requestTimeout"));
    }

    [Theory]
    [InlineData("StartupTimeLimit", 0, 30, 1_200)]
    [InlineData("StartupTimeLimit", 3_601, 30, 1_200)]
    [InlineData("ShutdownTimeLimit", 120, -1, 1_200)]
    [InlineData("ShutdownTimeLimit", 120, 601, 1_200)]
    [InlineData("RequestTimeout", 120, 30, 0)]
    [InlineData("RequestTimeout", 120, 30, 86_400)]
    public void A_time_limit_outside_the_module_schema_is_refused_naming_the_property(string property, int startup, int shutdown, int request)
    {
        var options = new IisSiteOptions
        {
            SiteDirectory = "/site",
            PythonPath = "/p",
            LauncherPath = "/l",
            StartupTimeLimit = TimeSpan.FromSeconds(startup),
            ShutdownTimeLimit = TimeSpan.FromSeconds(shutdown),
            RequestTimeout = TimeSpan.FromSeconds(request),
        };

        var error = Assert.Throws<ArgumentException>(() => IisSite.RenderWebConfig(options));

        Assert.StartsWith($"IisSiteOptions.{property} must be whole seconds", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void A_fraction_of_a_second_is_refused_rather_than_rounded()
    {
        var options = new IisSiteOptions { SiteDirectory = "/site", PythonPath = "/p", LauncherPath = "/l", StartupTimeLimit = TimeSpan.FromSeconds(1.5) };

        var error = Assert.Throws<ArgumentException>(() => IisSite.SetupSteps(options));

        Assert.Contains("IisSiteOptions.StartupTimeLimit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a host!", "Jupyter")]
    [InlineData("notebook.local", "Jupy\"ter")]
    [InlineData("notebook.local", "")]
    public void A_host_or_site_name_that_would_break_the_IIS_commands_is_refused(string host, string site)
    {
        var options = new IisSiteOptions { SiteDirectory = "/site", PythonPath = "/p", LauncherPath = "/l", HostName = host, SiteName = site };

        var error = Assert.Throws<ArgumentException>(() => IisSite.SetupSteps(options));

        Assert.Matches("^IisSiteOptions\\.(HostName|SiteName) ", error.Message);
    }

    [Theory]
    [InlineData("SiteName", "Jupyter\n")]
    [InlineData("SiteName", "Jupyter\r\nx")]
    [InlineData("HostName", "notebook.local\n")]
    public void A_name_with_a_line_break_is_refused_naming_the_property(string property, string value)
    {
        var options = new IisSiteOptions
        {
            SiteDirectory = @"C:\sites\jupyter",
            PythonPath = @"C:\jupyter\venv\Scripts\python.exe",
            LauncherPath = @"C:\notebook-host\notebook-host.exe",
            SiteName = property == "SiteName" ? value : "Jupyter",
            HostName = property == "HostName" ? value : "notebook.local",
        };

        var error = Assert.Throws<ArgumentException>(() => IisSite.SetupSteps(options));

        Assert.StartsWith($"IisSiteOptions.{property} ", error.Message, StringComparison.Ordinal);
    }
}
