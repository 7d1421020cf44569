using Samples.Tests.Infrastructure;

namespace Samples.Tests.NotebookHost;

/// <summary><c>notebook-host hub init</c> and <c>iis init --hub</c>: the files, their modes and the printed steps.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HubInitTests : IDisposable
{
    private static readonly string NotebookHost = Repository.SampleDll("NotebookHost", "notebook-host");
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("notebook-host-hub-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Output => Path.Combine(_folder.FullName, "out");

    [Fact]
    public async Task Hub_init_with_PAM_writes_the_unit_the_config_and_two_secrets_owner_only_and_prints_the_install_steps()
    {
        var result = await SampleProcess.RunAsync(NotebookHost, ["hub", "init", "--output", Output, "--admin", "ann", "--users", "bob,carol"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StandardError);
        string[] files = ["jupyterhub.service", "jupyterhub_config.py", "jupyterhub_cookie_secret", "proxy_auth_token"];
        Assert.Equal(files.Select(f => $"wrote {Path.Combine(Output, f)}"), result.StandardOutput.Split('\n').Take(4));
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Output, f))));
        var config = File.ReadAllText(Path.Combine(Output, "jupyterhub_config.py"));
        Assert.Contains("c.Authenticator.allowed_users = {'ann', 'bob', 'carol'}\n", config, StringComparison.Ordinal);
        Assert.Contains("c.JupyterHub.authenticator_class = 'jupyterhub.auth.PAMAuthenticator'\n", config, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(Path.Combine(Output, "proxy_auth_token")).Trim(), config, StringComparison.Ordinal);
        Assert.Contains("  systemctl enable --now jupyterhub.service\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("Then open http://127.0.0.1:8000/ and log in as ann.\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hub_init_with_the_password_file_reads_one_password_per_user_and_writes_only_their_hashes()
    {
        var result = await SampleProcess.RunAsync(NotebookHost,
            ["hub", "init", "--output", Output, "--admin", "ann", "--users", "bob", "--authenticator", "password-file", "--password-stdin", "--idle-timeout", "0"],
            "ann-secret\nbob-secret\n", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        var passwords = File.ReadAllText(Path.Combine(Output, "hub-passwords"));
        Assert.Matches(@"^ann:argon2:\$argon2id\$[^\n]+\nbob:argon2:\$argon2id\$[^\n]+\n$", passwords);
        Assert.DoesNotContain("secret", passwords, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Output, "hub-passwords")));
        var config = File.ReadAllText(Path.Combine(Output, "jupyterhub_config.py"));
        Assert.Contains("c.JupyterHub.authenticator_class = PasswordFileAuthenticator\n", config, StringComparison.Ordinal);
        Assert.DoesNotContain("c.Spawner.args", config, StringComparison.Ordinal); // --idle-timeout 0: no culling
        Assert.Contains("  useradd --system --user-group --home-dir /var/lib/jupyterhub --create-home --shell /usr/sbin/nologin jupyterhub\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Iis_init_with_hub_writes_web_config_the_hub_config_and_its_secrets_and_prints_the_software_to_install()
    {
        var site = Path.Combine(_folder.FullName, "site");

        var result = await SampleProcess.RunAsync(NotebookHost,
            ["iis", "init", "--hub", "--site-dir", site, "--python", "/usr/bin/python3", "--admin", "ann", "--users", "bob", "--password-stdin", "--idle-timeout", "30"],
            "ann-secret\nbob-secret\n", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StandardError);
        string[] files = ["web.config", "hub/jupyterhub_config.py", "hub/jupyterhub_cookie_secret", "hub/proxy_auth_token", "hub/hub-passwords"];
        Assert.Equal(files.Select(f => $"wrote {Path.Combine(site, f)}"), result.StandardOutput.Split('\n').Take(5));
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(site, f))));
        Assert.Matches(@"^ann:argon2:\$argon2id\$[^\n]+\nbob:argon2:\$argon2id\$[^\n]+\n$", File.ReadAllText(Path.Combine(site, "hub/hub-passwords")));
        Assert.Contains("'--MappingKernelManager.cull_idle_timeout=1800'", File.ReadAllText(Path.Combine(site, "hub/jupyterhub_config.py")), StringComparison.Ordinal);
        Assert.Contains($"  \"/usr/bin/python3\" -m pip install \"jupyterhub>=3,<4\" \"notebook<7\" psutil\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"  npm install --prefix \"{site}/hub/proxy\" configurable-http-proxy\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("Then open http://notebook.local/ and log in as ann.\n", result.StandardOutput, StringComparison.Ordinal);
    }
}
