using Samples.Tests.Infrastructure;

namespace Samples.Tests.NotebookHost;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NotebookHostCommandTests
{
    private const string Password = "s3cret-Pässword";
    private static readonly string NotebookHost = Repository.SampleDll("NotebookHost", "notebook-host");

    private static Task<SampleResult> RunAsync(string[] arguments, string? standardInput = null, IReadOnlyDictionary<string, string>? environment = null) =>
        SampleProcess.RunAsync(NotebookHost, arguments, standardInput, environment, cancellationToken: TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("argon2", @"^argon2:\$argon2id\$v=19\$m=10240,t=10,p=8\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{22}\n$")]
    [InlineData("sha1", "^sha1:[0-9a-f]{12}:[0-9a-f]{40}\n$")]
    public async Task Passwd_prints_one_hash_of_the_password_on_standard_input(string algorithm, string shape)
    {
        var result = await RunAsync(["passwd", "--algorithm", algorithm, "--password-stdin"], Password + "\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(shape, result.StandardOutput);
        Assert.Equal("", result.StandardError);
    }

    [Theory]
    [InlineData("passwd", "--algorithm", "md5")]
    [InlineData("frobnicate")]
    [InlineData("iis", "init", "--python", "/usr/bin/python3")]
    [InlineData("systemd", "init", "--output", "/tmp/x", "--port", "http")]
    [InlineData("systemd", "init", "--output", "/tmp/x", "--port", "70000", "--password-stdin")]
    [InlineData("systemd", "init", "--output", "/tmp/x", "--user", "Root", "--password-stdin")]
    [InlineData("systemd", "init", "--output", "/tmp/x", "--venv", "/opt/my venv", "--password-stdin")]
    [InlineData("systemd", "init", "--output", "/tmp/x", "--ip", "localhost", "--password-stdin")]
    [InlineData()]
    public async Task A_usage_error_is_exit_2_with_one_sentence_on_stderr(params string[] arguments)
    {
        var result = await RunAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Single(result.StandardError.TrimEnd().Split('\n'));
        Assert.StartsWith("notebook-host: ", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port", "70000", "--port '70000' must be a TCP port")]
    [InlineData("--user", "Root", "--user 'Root' must be a system user name")]
    [InlineData("--notebook-dir", "/srv/%h", "--notebook-dir '/srv/%h' must be an absolute path")]
    [InlineData("--ip", "localhost", "--ip 'localhost' must be an IP address")]
    public async Task A_systemd_value_the_service_cannot_take_is_named_by_its_option_before_a_password_is_read(string option, string value, string sentence)
    {
        var result = await RunAsync(["systemd", "init", "--output", "/tmp/never-written", option, value, "--password-stdin"], Password + "\n");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"notebook-host: {sentence}", result.StandardError.TrimEnd()[..(sentence.Length + 15)]);
        Assert.False(Directory.Exists("/tmp/never-written"));
    }

    [Fact]
    public async Task An_unknown_command_is_named_in_the_sentence()
    {
        var result = await RunAsync(["frobnicate"]);

        Assert.Equal("notebook-host: 'frobnicate' is not a command of 'notebook-host'; try 'notebook-host --help'.", result.StandardError.TrimEnd());
    }

    [Fact]
    public async Task Without_a_terminal_or_password_stdin_no_password_is_asked_for_and_it_says_how()
    {
        var result = await RunAsync(["passwd"], "");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--password-stdin", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Iis_init_writes_the_site_and_prints_the_hosts_line_and_steps_without_the_clear_text_password()
    {
        var site = Directory.CreateTempSubdirectory("notebook-host-iis-").FullName;
        try
        {
            var result = await RunAsync(["iis", "init", "--site-dir", site, "--python", "/usr/bin/python3", "--host", "nb.example.com", "--password-stdin"], Password + "\n");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.StandardError);
            Assert.Contains("127.0.0.1\tnb.example.com", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("appcmd.exe add site", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("WebSocket", result.StandardOutput, StringComparison.Ordinal);
            foreach (var name in new[] { "web.config", "notebook-host.json", "jupyter/jupyter_notebook_config.py" })
            {
                Assert.True(File.Exists(Path.Combine(site, name)), name);
            }
            Assert.True(Directory.Exists(Path.Combine(site, "logs")));
            Assert.True(Directory.Exists(Path.Combine(site, "notebooks")));
            AssertNoFileHolds(site, Password);
            Assert.DoesNotContain(Password, result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(site, recursive: true);
        }
    }

    [Fact]
    public async Task Systemd_init_writes_the_unit_and_config_owner_only_and_prints_the_install_steps()
    {
        var output = Directory.CreateTempSubdirectory("notebook-host-systemd-").FullName;
        try
        {
            var result = await RunAsync(["systemd", "init", "--output", output, "--user", "nb", "--port", "9999", "--password-stdin"], Password + "\n");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal("", result.StandardError);
            Assert.Contains("systemctl enable --now jupyter.service", result.StandardOutput, StringComparison.Ordinal);
            var unit = File.ReadAllText(Path.Combine(output, "jupyter.service"));
            Assert.Contains("\nUser=nb\n", unit, StringComparison.Ordinal);
            Assert.Contains("\nEnvironment=HOME=/var/lib/nb\n", unit, StringComparison.Ordinal);
            Assert.Contains("c.NotebookApp.port = 9999", File.ReadAllText(Path.Combine(output, "jupyter_notebook_config.py")), StringComparison.Ordinal);
            foreach (var file in Directory.EnumerateFiles(output))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
            AssertNoFileHolds(output, Password);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static void AssertNoFileHolds(string folder, string secret)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(secret, File.ReadAllText(file), StringComparison.Ordinal);
        }
    }
}
