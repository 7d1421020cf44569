using Samples.Tests.Infrastructure;

namespace Samples.Tests.NotebookHost;

/// <summary><c>notebook-host hub init</c>: the files, their modes and the printed steps, for both authenticators.</summary>
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
}
