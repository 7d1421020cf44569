using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Drivers.NotebookHosting.Hub;
using Drivers.NotebookHosting.Passwords;
using Drivers.NotebookHosting.Tests.Infrastructure;
using Drivers.NotebookHosting.Tests.Systemd;
using FsCheck.Xunit;

namespace Drivers.NotebookHosting.Tests.Hub;

public sealed partial class JupyterHubServiceTests
{
    private const string SystemdAnalyze = "/usr/bin/systemd-analyze";
    private const string Hash = "argon2:$argon2id$v=19$m=10240,t=10,p=8$ihZE86omfZzCPP1NDRA2KA$PYOJms7N4owwhz1+h2ROqQ";

    private static readonly JupyterHubOptions Pam = new() { AdminUsers = ["alice"], AllowedUsers = ["bob", "carol"] };

    private static readonly JupyterHubOptions PasswordFile = new()
    {
        Authenticator = HubAuthenticator.PasswordFile,
        AdminUsers = ["alice"],
        AllowedUsers = ["bob"],
        PasswordHashes = new Dictionary<string, string> { ["alice"] = Hash, ["bob"] = Hash },
    };

    public static TheoryData<string> Authenticators { get; } = [nameof(HubAuthenticator.Pam), nameof(HubAuthenticator.PasswordFile)];

    private static JupyterHubOptions For(string authenticator) => authenticator == nameof(HubAuthenticator.Pam) ? Pam : PasswordFile;

    private static JupyterHubOptions InFolder(JupyterHubOptions options, TemporaryDirectory folder) => new()
    {
        Authenticator = options.Authenticator,
        AdminUsers = options.AdminUsers,
        AllowedUsers = options.AllowedUsers,
        PasswordHashes = options.PasswordHashes,
        StateDirectory = folder.Path,
        ConfigDirectory = folder.Path,
    };

    [Theory]
    [MemberData(nameof(Authenticators))]
    public async Task The_unit_passes_systemd_analyze_verify_without_a_word(string authenticator)
    {
        var options = For(authenticator);
        using var root = new TemporaryDirectory();
        Directory.CreateDirectory(root["etc/systemd/system"]);
        File.WriteAllText(root["etc/systemd/system/jupyterhub.service"], JupyterHubService.RenderUnit(options));
        // verify checks that ExecStart is executable: a stand-in at the same path inside the root.
        Directory.CreateDirectory(root["usr/bin"]);
        File.WriteAllText(root["usr/bin/jupyterhub"], "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(root["usr/bin/jupyterhub"], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        SystemdServiceTests.CopyTree("/usr/lib/systemd/system", root["usr/lib/systemd/system"]);

        var result = await Tool.RunAsync(SystemdAnalyze, "verify", "--man=no", "--root=" + root.Path, "jupyterhub.service");

        Assert.Equal("", result.StandardError);
        Assert.Equal(0, result.ExitCode);
    }

    [Theory]
    [InlineData(nameof(HubAuthenticator.Pam), 5.0)]
    [InlineData(nameof(HubAuthenticator.PasswordFile), 2.5)]
    public async Task Systemd_analyze_security_rates_the_unit_below_its_bound(string authenticator, double bound)
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(folder["jupyterhub.service"], JupyterHubService.RenderUnit(For(authenticator)));

        var result = await Tool.RunAsync(SystemdAnalyze, "security", "--offline=true", "--no-pager", folder["jupyterhub.service"]);

        var overall = Regex.Match(result.StandardOutput, @"Overall exposure level for jupyterhub\.service: (?<score>\d+\.\d) (?<level>[A-Z]+)");
        Assert.True(overall.Success, result.StandardOutput + result.StandardError);
        TestContext.Current.SendDiagnosticMessage($"{authenticator}: {overall.Groups["score"].Value} {overall.Groups["level"].Value}");
        Assert.True(double.Parse(overall.Groups["score"].Value, CultureInfo.InvariantCulture) < bound, overall.Value);
    }

    [Fact]
    public void With_PAM_the_hub_runs_as_root_with_three_capabilities_and_homes_writable_each_relaxation_commented()
    {
        var unit = JupyterHubService.RenderUnit(Pam);

        Assert.Contains("\nUser=root\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nCapabilityBoundingSet=CAP_SETUID CAP_SETGID CAP_KILL\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nProtectHome=no\nReadWritePaths=/var/lib/jupyterhub /home\n", unit, StringComparison.Ordinal);
        Assert.DoesNotContain("SystemCallFilter=~@privileged", unit, StringComparison.Ordinal);
        foreach (var relaxed in new[] { "User=root", "CapabilityBoundingSet=CAP_SETUID", "ProtectHome=no" })
        {
            var line = Array.FindIndex(unit.Split('\n'), l => l.StartsWith(relaxed, StringComparison.Ordinal));
            Assert.StartsWith("#", unit.Split('\n')[line - 1], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Pam", "/srv/notebooks/{username}", "/var/lib/jupyterhub /home -/srv/notebooks")]
    [InlineData("PasswordFile", "/srv/notebooks", "/var/lib/jupyterhub -/srv/notebooks")]
    [InlineData("PasswordFile", "/srv/nb-{username}/work", "/var/lib/jupyterhub -/srv")]
    [InlineData("Pam", "~/notebooks", "/var/lib/jupyterhub /home")]
    public void A_notebook_folder_outside_the_homes_is_writable_under_the_unit(string authenticator, string folder, string writable)
    {
        var options = For(authenticator);
        var unit = JupyterHubService.RenderUnit(new JupyterHubOptions
        {
            Authenticator = options.Authenticator,
            AdminUsers = options.AdminUsers,
            AllowedUsers = options.AllowedUsers,
            PasswordHashes = options.PasswordHashes,
            NotebookDirectory = folder,
        });

        Assert.Contains($"\nReadWritePaths={writable}\n", unit, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_password_file_the_hub_runs_as_its_own_user_without_any_capability()
    {
        var unit = JupyterHubService.RenderUnit(PasswordFile);

        Assert.Contains("\nUser=jupyterhub\nGroup=jupyterhub\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nCapabilityBoundingSet=\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nProtectHome=yes\nReadWritePaths=/var/lib/jupyterhub\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nSystemCallFilter=~@privileged\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nExecStart=/usr/bin/jupyterhub -f /etc/jupyterhub/jupyterhub_config.py\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nEnvironment=NODE_PATH=/usr/share/nodejs\n", unit, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Authenticators))]
    public void Write_leaves_every_file_owner_only_and_no_secret_in_the_config(string authenticator)
    {
        using var folder = new TemporaryDirectory();

        var written = JupyterHubService.Write(For(authenticator), folder.Path);

        Assert.Equal(authenticator == nameof(HubAuthenticator.Pam) ? 4 : 5, written.Count);
        Assert.All(written, file => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file)));
        var config = File.ReadAllText(folder["jupyterhub_config.py"]);
        foreach (var secret in new[] { "jupyterhub_cookie_secret", "proxy_auth_token" })
        {
            var value = File.ReadAllText(folder[secret]);
            Assert.Matches("^[0-9a-f]{64}\n$", value);
            Assert.DoesNotContain(value.Trim(), config, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(Hash, config, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_write_makes_new_secrets()
    {
        using var first = new TemporaryDirectory();
        using var second = new TemporaryDirectory();

        JupyterHubService.Write(Pam, first.Path);
        JupyterHubService.Write(Pam, second.Path);

        Assert.NotEqual(File.ReadAllText(first["proxy_auth_token"]), File.ReadAllText(second["proxy_auth_token"]));
        Assert.NotEqual(File.ReadAllText(first["jupyterhub_cookie_secret"]), File.ReadAllText(second["jupyterhub_cookie_secret"]));
    }

    [Fact]
    public void Write_replaces_a_planted_link_instead_of_writing_through_it()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(folder["victim"], "untouched");
        File.CreateSymbolicLink(folder["proxy_auth_token"], folder["victim"]);

        JupyterHubService.Write(Pam, folder.Path);

        Assert.Equal("untouched", File.ReadAllText(folder["victim"]));
        Assert.Null(new FileInfo(folder["proxy_auth_token"]).LinkTarget);
    }

    [Fact]
    public void An_output_folder_others_can_write_is_refused()
    {
        using var folder = new TemporaryDirectory();
        File.SetUnixFileMode(folder.Path, (UnixFileMode)0b111_111_111);

        Assert.Throws<UnauthorizedAccessException>(() => JupyterHubService.Write(Pam, folder.Path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Theory]
    [MemberData(nameof(Authenticators))]
    public async Task Python_loads_the_config_with_the_token_from_its_file_and_every_value_as_written(string authenticator)
    {
        using var folder = new TemporaryDirectory();
        var options = InFolder(For(authenticator), folder);
        JupyterHubService.Write(options, folder.Path);

        var loaded = await LoadAsync(folder["jupyterhub_config.py"],
            "print(c.JupyterHub.ip, c.JupyterHub.port, c.JupyterHub.hub_ip, sorted(c.Authenticator.admin_users), sorted(c.Authenticator.allowed_users)); "
            + "print(c.ConfigurableHTTPProxy.auth_token); print(c.JupyterHub.cookie_secret_file); print(c.Spawner.notebook_dir, c.Spawner.args)");

        var lines = loaded.Split('\n');
        var users = authenticator == nameof(HubAuthenticator.Pam) ? "['alice', 'bob', 'carol']" : "['alice', 'bob']";
        Assert.Equal($"127.0.0.1 8000 127.0.0.1 ['alice'] {users}", lines[0]);
        Assert.Equal(File.ReadAllText(folder["proxy_auth_token"]).Trim(), lines[1]);
        Assert.Equal(folder["jupyterhub_cookie_secret"], lines[2]);
        Assert.Equal("~ ['--MappingKernelManager.cull_idle_timeout=3600', '--MappingKernelManager.cull_interval=300', '--NotebookApp.shutdown_no_activity_timeout=3600']", lines[3]);
    }

    [Fact]
    public async Task The_password_file_authenticator_accepts_the_right_password_only_and_unknown_names_never()
    {
        using var folder = new TemporaryDirectory();
        var options = new JupyterHubOptions
        {
            Authenticator = HubAuthenticator.PasswordFile,
            AdminUsers = ["alice"],
            AllowedUsers = ["bob"],
            PasswordHashes = new Dictionary<string, string> { ["alice"] = JupyterPassword.Hash("alice-pw"), ["bob"] = JupyterPassword.Hash("bob-pw") },
            StateDirectory = folder.Path,
            ConfigDirectory = folder.Path,
        };
        JupyterHubService.Write(options, folder.Path);

        var answers = await LoadAsync(folder["jupyterhub_config.py"], """
            import asyncio
            authenticator = c.JupyterHub.authenticator_class()
            for name, password in [('alice', 'alice-pw'), ('bob', 'bob-pw'), ('alice', 'bob-pw'), ('bob', ''), ('mallory', 'alice-pw'), ('alice:x', 'alice-pw')]:
                print(asyncio.run(authenticator.authenticate(None, {'username': name, 'password': password})))
            """);

        Assert.Equal(["alice", "bob", "None", "None", "None", "None"], answers.Split('\n'));
    }

    [Fact]
    public void The_install_steps_make_the_service_account_and_install_each_file_with_its_owner_and_mode()
    {
        var steps = JupyterHubService.InstallSteps(PasswordFile, "/tmp/my out");

        Assert.Equal("apt-get install --no-install-recommends jupyterhub node-configurable-http-proxy", steps[0]);
        Assert.Equal("useradd --system --user-group --home-dir /var/lib/jupyterhub --create-home --shell /usr/sbin/nologin jupyterhub", steps[1]);
        Assert.Contains("install -o root -g jupyterhub -m 0640 '/tmp/my out/jupyterhub_config.py' /etc/jupyterhub/jupyterhub_config.py", steps);
        Assert.Contains("install -o jupyterhub -g jupyterhub -m 0600 '/tmp/my out/hub-passwords' /var/lib/jupyterhub/hub-passwords", steps);
        Assert.Contains("install -o jupyterhub -g jupyterhub -m 0600 '/tmp/my out/proxy_auth_token' /var/lib/jupyterhub/proxy_auth_token", steps);
        Assert.Equal("systemctl enable --now jupyterhub.service", steps[^2]);
    }

    [Fact]
    public void The_PAM_install_steps_create_missing_accounts_with_a_password_and_keep_the_files_root_only()
    {
        var steps = JupyterHubService.InstallSteps(Pam, "/tmp/out");

        Assert.Equal("for u in alice bob carol; do id -u \"$u\" >/dev/null 2>&1 || { useradd --create-home \"$u\" && passwd \"$u\"; }; done", steps[1]);
        Assert.Contains("install -o root -g root -m 0600 /tmp/out/jupyterhub_cookie_secret /var/lib/jupyterhub/jupyterhub_cookie_secret", steps);
        Assert.DoesNotContain(steps, s => s.Contains("hub-passwords", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AllowedUsers", "no users")]
    [InlineData("PasswordHashes", "a hash with PAM")]
    [InlineData("PasswordHashes", "a user without a hash")]
    [InlineData("PasswordHashes", "a hash for nobody listed")]
    [InlineData("PasswordHashes", "a hash that ends a line")]
    [InlineData("PasswordHashes", "a sha1 hash, told apart from an unknown name by its speed")]
    [InlineData("HubPort", "the hub port equal to the public one")]
    [InlineData("ServiceUser", "root as the service user")]
    [InlineData("IdleTimeout", "a negative idle timeout")]
    [InlineData("IdleTimeout", "half a second")]
    [InlineData("NotebookDirectory", "a field other than {username}")]
    [InlineData("NotebookDirectory", "another user's home")]
    [InlineData("NotebookDirectory", "a way up with ..")]
    [InlineData("BaseUrl", "a relative base URL")]
    [InlineData("AdminUsers", "root as the admin")]
    [InlineData("AllowedUsers", "root as a user")]
    [InlineData("NotebookDirectory", "a folder per user right under /")]
    public void A_setting_that_cannot_work_is_refused_naming_the_property(string property, string what)
    {
        var hashes = new Dictionary<string, string> { ["alice"] = Hash };
        var options = what switch
        {
            "no users" => new JupyterHubOptions(),
            "a hash with PAM" => new JupyterHubOptions { AdminUsers = ["alice"], PasswordHashes = hashes },
            "a user without a hash" => new JupyterHubOptions { Authenticator = HubAuthenticator.PasswordFile, AdminUsers = ["alice"], AllowedUsers = ["bob"], PasswordHashes = hashes },
            "a hash for nobody listed" => new JupyterHubOptions { Authenticator = HubAuthenticator.PasswordFile, AllowedUsers = ["bob"], PasswordHashes = new Dictionary<string, string> { ["bob"] = Hash, ["eve"] = Hash } },
            "a hash that ends a line" => new JupyterHubOptions { Authenticator = HubAuthenticator.PasswordFile, AdminUsers = ["alice"], PasswordHashes = new Dictionary<string, string> { ["alice"] = "sha1:0123456789ab:" + new string('0', 40) + "\neve:" } },
            "a sha1 hash, told apart from an unknown name by its speed" => new JupyterHubOptions { Authenticator = HubAuthenticator.PasswordFile, AdminUsers = ["alice"], PasswordHashes = new Dictionary<string, string> { ["alice"] = JupyterPassword.Hash("alice-pw", JupyterPasswordAlgorithm.Sha1) } },
            "the hub port equal to the public one" => new JupyterHubOptions { AdminUsers = ["alice"], HubPort = 8000 },
            "root as the service user" => new JupyterHubOptions { Authenticator = HubAuthenticator.PasswordFile, AdminUsers = ["alice"], PasswordHashes = hashes, ServiceUser = "root" },
            "a negative idle timeout" => new JupyterHubOptions { AdminUsers = ["alice"], IdleTimeout = TimeSpan.FromSeconds(-1) },
            "half a second" => new JupyterHubOptions { AdminUsers = ["alice"], IdleTimeout = TimeSpan.FromMilliseconds(500) },
            "a field other than {username}" => new JupyterHubOptions { AdminUsers = ["alice"], NotebookDirectory = "/srv/{user}" },
            "another user's home" => new JupyterHubOptions { AdminUsers = ["alice"], NotebookDirectory = "~root/x" },
            "a way up with .." => new JupyterHubOptions { AdminUsers = ["alice"], NotebookDirectory = "~/../root" },
            "root as the admin" => new JupyterHubOptions { AdminUsers = ["root"] },
            "root as a user" => new JupyterHubOptions { AdminUsers = ["alice"], AllowedUsers = ["bob", "root"] },
            "a folder per user right under /" => new JupyterHubOptions { AdminUsers = ["alice"], NotebookDirectory = "//{username}" },
            _ => new JupyterHubOptions { AdminUsers = ["alice"], BaseUrl = "jupyter" },
        };

        var error = Assert.Throws<ArgumentException>(() => JupyterHubService.RenderConfig(options));

        Assert.StartsWith($"JupyterHubOptions.{property} ", error.Message, StringComparison.Ordinal);
        Assert.Single(error.Message.Split('\n'));
    }

    [Fact]
    public async Task Every_hostile_value_is_refused_in_one_sentence_or_read_back_unchanged_by_Python()
    {
        using var folder = new TemporaryDirectory();
        var accepted = new List<(string File, string Property, string Value)>();
        var refused = 0;
        foreach (var property in new[] { "AdminUsers", "AllowedUsers", "ServiceUser", "ServiceName", "StateDirectory", "ConfigDirectory", "JupyterHubPath", "NotebookDirectory", "BaseUrl", "Ip" })
        {
            foreach (var hostile in Files.HostileNameTests.Values)
            {
                var options = Hostile(property, hostile);
                try
                {
                    var file = folder[$"{accepted.Count}.py"];
                    File.WriteAllText(file, JupyterHubService.RenderConfig(options));
                    accepted.Add((file, property, hostile));
                }
                catch (ArgumentException e)
                {
                    Assert.StartsWith($"JupyterHubOptions.{property} ", e.Message, StringComparison.Ordinal);
                    Assert.Single(e.Message.Split('\n'));
                    refused++;
                }
            }
        }

        // One Python for every accepted file: exec it (the secret files need not exist for that) and print the value back.
        var script = """
            import sys, traitlets.config
            for path, name in zip(sys.argv[1::2], sys.argv[2::2]):
                c = traitlets.config.Config()
                source = open(path, encoding='ascii').read().replace('= _secret(', '= str(')
                exec(compile(source, path, 'exec'), {'c': c})
                value = {'AdminUsers': lambda: sorted(c.Authenticator.admin_users)[0], 'AllowedUsers': lambda: sorted(c.Authenticator.allowed_users)[-1],
                         'StateDirectory': lambda: c.JupyterHub.cookie_secret_file.rsplit('/', 1)[0], 'NotebookDirectory': lambda: c.Spawner.notebook_dir,
                         'BaseUrl': lambda: c.JupyterHub.base_url, 'Ip': lambda: c.JupyterHub.ip}.get(name, lambda: '')()
                print(value.encode('utf-16-le', 'surrogatepass').hex())
            """;
        var read = await RealPython.RunAsync(script, arguments: accepted.SelectMany(a => new[] { a.File, a.Property }).ToList());
        var values = read.Split('\n');
        for (var i = 0; i < accepted.Count; i++)
        {
            var (_, property, value) = accepted[i];
            var expected = property switch
            {
                "AdminUsers" or "AllowedUsers" or "NotebookDirectory" or "Ip" => value,
                "StateDirectory" => "/srv/" + value,
                "BaseUrl" => "/" + value + "/",
                _ => "",
            };
            // Compared as UTF-16 code units, so that an unpaired surrogate counts too.
            Assert.Equal(Convert.ToHexStringLower(MemoryMarshal.AsBytes(expected.AsSpan())), values[i]);
        }
        TestContext.Current.SendDiagnosticMessage($"hub hostile values: {refused} refused, {accepted.Count} read back");
    }

    [Property(MaxTest = 300)]
    public void Any_user_name_or_notebook_folder_is_refused_naming_its_property_or_written_as_one_Python_literal(string name, string folder)
    {
        var options = new JupyterHubOptions { AllowedUsers = [name ?? ""], NotebookDirectory = folder ?? "" };
        try
        {
            var config = JupyterHubService.RenderConfig(options);
            var lines = config.Split('\n');
            Assert.Contains($"c.Authenticator.allowed_users = {{'{name}'}}", lines);
            Assert.Contains($"c.Spawner.notebook_dir = '{folder}'", lines);
        }
        catch (ArgumentException e)
        {
            Assert.Matches(@"^JupyterHubOptions\.(AllowedUsers|NotebookDirectory) [^\n]*$", e.Message);
        }
    }

    private static JupyterHubOptions Hostile(string property, string hostile) => property switch
    {
        "AdminUsers" => new JupyterHubOptions { AdminUsers = [hostile] },
        "AllowedUsers" => new JupyterHubOptions { AllowedUsers = [hostile] },
        "ServiceUser" => new JupyterHubOptions { Authenticator = HubAuthenticator.PasswordFile, AdminUsers = ["alice"], PasswordHashes = new Dictionary<string, string> { ["alice"] = Hash }, ServiceUser = hostile },
        "ServiceName" => new JupyterHubOptions { AdminUsers = ["alice"], ServiceName = hostile },
        "StateDirectory" => new JupyterHubOptions { AdminUsers = ["alice"], StateDirectory = "/srv/" + hostile },
        "ConfigDirectory" => new JupyterHubOptions { AdminUsers = ["alice"], ConfigDirectory = "/etc/" + hostile },
        "JupyterHubPath" => new JupyterHubOptions { AdminUsers = ["alice"], JupyterHubPath = "/usr/bin/" + hostile },
        "NotebookDirectory" => new JupyterHubOptions { AdminUsers = ["alice"], NotebookDirectory = hostile },
        "BaseUrl" => new JupyterHubOptions { AdminUsers = ["alice"], BaseUrl = "/" + hostile },
        _ => new JupyterHubOptions { AdminUsers = ["alice"], Ip = hostile },
    };

    private static Task<string> LoadAsync(string configPath, string then) => RealPython.RunAsync(
        "import sys, traitlets.config\nc = traitlets.config.Config()\nexec(compile(open(sys.argv[1]).read(), sys.argv[1], 'exec'), {'c': c, '__file__': sys.argv[1]})\n" + then,
        arguments: [configPath]);
}
