using Microsoft.Extensions.Time.Testing;
using NotebookHosting.Configuration;
using NotebookHosting.Errors;
using NotebookHosting.Launching;
using NotebookHosting.Tests.Infrastructure;

namespace NotebookHosting.Tests.Launching;

public sealed class NotebookLauncherTests : IDisposable
{
    private const string Hash = "argon2:$argon2id$v=19$m=10240,t=10,p=8$ihZE86omfZzCPP1NDRA2KA$PYOJms7N4owwhz1+h2ROqQ";
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private LauncherSettings Settings(string python = "/usr/bin/python3", JupyterFlavor flavor = JupyterFlavor.Notebook6, bool withPassword = true)
    {
        var config = _folder["jupyter"];
        Directory.CreateDirectory(config);
        if (withPassword)
        {
            File.WriteAllText(Path.Combine(config, JupyterConfig.FileNameFor(flavor)), new JupyterConfig { Flavor = flavor, PasswordHash = Hash }.Render());
        }
        return new LauncherSettings { Python = python, Flavor = flavor, ConfigDirectory = config };
    }

    private static NotebookLauncherOptions Environment(params (string Name, string Value)[] variables) => new()
    {
        GetEnvironmentVariable = name => variables.FirstOrDefault(v => v.Name == name).Value,
    };

    [Fact]
    public void Jupyter_is_started_on_loopback_at_ANCMs_port_and_application_path()
    {
        var launcher = new NotebookLauncher(Settings(), Environment(("ASPNETCORE_PORT", "23456"), ("ASPNETCORE_APPL_PATH", "/jupyter")));

        var start = launcher.CreateStartInfo(["--allow-root"]);

        Assert.Equal("/usr/bin/python3", start.FileName);
        Assert.Equal(
            ["-m", "notebook", "--NotebookApp.ip=127.0.0.1", "--NotebookApp.port=23456", "--NotebookApp.base_url=/jupyter/", "--NotebookApp.open_browser=False", "--allow-root"],
            start.ArgumentList);
        Assert.Equal(_folder["jupyter"], start.Environment["JUPYTER_CONFIG_DIR"]);
        Assert.Equal("1", start.Environment["PYTHONUNBUFFERED"]);
    }

    [Fact]
    public void Jupyter_Server_gets_ServerApp_traits_and_a_site_at_the_root_gets_base_url_slash()
    {
        var launcher = new NotebookLauncher(Settings(flavor: JupyterFlavor.JupyterServer), Environment(("ASPNETCORE_PORT", "8000"), ("ASPNETCORE_APPL_PATH", "/")));

        var start = launcher.CreateStartInfo([]);

        Assert.Contains("--ServerApp.port=8000", start.ArgumentList);
        Assert.Contains("--ServerApp.base_url=/", start.ArgumentList);
    }

    [Theory]
    [InlineData(null, "ASPNETCORE_PORT is not set")]
    [InlineData("", "ASPNETCORE_PORT is not set")]
    [InlineData("%ASPNETCORE_PORT%", "is not a TCP port")]
    [InlineData("0", "is not a TCP port")]
    [InlineData("65536", "is not a TCP port")]
    [InlineData("-1", "is not a TCP port")]
    [InlineData(" 80", "is not a TCP port")]
    public void A_missing_or_unexpanded_port_is_refused_with_a_reason(string? port, string reason)
    {
        var launcher = new NotebookLauncher(Settings(), Environment(("ASPNETCORE_PORT", port!)));

        var error = Assert.Throws<LaunchRefusedException>(() => launcher.CreateStartInfo([]));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Jupyter_without_password_or_token_is_not_started()
    {
        var launcher = new NotebookLauncher(Settings(withPassword: false), Environment(("ASPNETCORE_PORT", "8000")));

        var error = Assert.Throws<LaunchRefusedException>(() => launcher.CreateStartInfo([]));

        Assert.Contains("no password or token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_from_the_environment_or_the_arguments_is_enough()
    {
        var settings = Settings(withPassword: false);

        new NotebookLauncher(settings, Environment(("ASPNETCORE_PORT", "8000"), ("JUPYTER_TOKEN", "abc"))).CreateStartInfo([]);
        new NotebookLauncher(settings, Environment(("ASPNETCORE_PORT", "8000"))).CreateStartInfo(["--NotebookApp.token=abc"]);
        Assert.Throws<LaunchRefusedException>(() => new NotebookLauncher(settings, Environment(("ASPNETCORE_PORT", "8000"))).CreateStartInfo(["--NotebookApp.token="]));
    }

    [Fact]
    public async Task The_exit_code_of_Jupyter_is_handed_on()
    {
        var fake = _folder["python"];
        File.WriteAllText(fake, "#!/bin/sh\nexit 7\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var launcher = new NotebookLauncher(Settings(python: fake), Environment(("ASPNETCORE_PORT", "8000")));

        Assert.Equal(7, await launcher.RunAsync([], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Cancelling_forwards_SIGTERM_and_returns_the_exit_code_Jupyter_chose()
    {
        // A stand-in that, like Jupyter, stops cleanly on SIGTERM; it says when it is ready for the signal.
        var ready = _folder["ready"];
        var fake = _folder["python"];
        File.WriteAllText(fake, $"#!/bin/sh\ntrap 'exit 3' TERM\ntouch '{ready}'\nwhile :; do sleep 0.05; done\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var launcher = new NotebookLauncher(Settings(python: fake), Environment(("ASPNETCORE_PORT", "8000")));
        using var shutdown = new CancellationTokenSource();

        var run = launcher.RunAsync([], shutdown.Token);
        await WaitForFileAsync(ready);
        await shutdown.CancelAsync();

        Assert.Equal(3, await run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_Jupyter_that_ignores_the_shutdown_is_killed_when_the_grace_time_is_over()
    {
        var ready = _folder["ready"];
        var fake = _folder["python"];
        File.WriteAllText(fake, $"#!/bin/sh\ntrap '' TERM\ntouch '{ready}'\nwhile :; do sleep 0.05; done\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var time = new FakeTimeProvider();
        var launcher = new NotebookLauncher(Settings(python: fake), new NotebookLauncherOptions
        {
            TimeProvider = time,
            ShutdownTimeout = TimeSpan.FromSeconds(20),
            GetEnvironmentVariable = name => name == "ASPNETCORE_PORT" ? "8000" : null,
        });
        using var shutdown = new CancellationTokenSource();

        var run = launcher.RunAsync([], shutdown.Token);
        await WaitForFileAsync(ready);
        await shutdown.CancelAsync();
        // The grace timer starts once the launcher has seen the cancellation; advance the clock until it has.
        Assert.False(run.IsCompleted);
        var advanced = 0;
        for (; advanced < 600 && !run.IsCompleted; advanced++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(run, Task.Delay(50, TestContext.Current.CancellationToken));
        }

        try
        {
            Assert.InRange(advanced, 20, 599); // not killed before its 20 s of grace
            Assert.Equal(137, await run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken)); // 128 + SIGKILL
        }
        finally
        {
            time.Advance(TimeSpan.FromHours(1)); // whatever failed above, the stand-in does not outlive the test
        }
    }

    [Fact]
    public async Task A_python_that_does_not_exist_is_a_refusal_that_names_it()
    {
        var launcher = new NotebookLauncher(Settings(python: "/nonexistent/python"), Environment(("ASPNETCORE_PORT", "8000")));

        var error = await Assert.ThrowsAsync<LaunchRefusedException>(() => launcher.RunAsync([], TestContext.Current.CancellationToken));

        Assert.Contains("/nonexistent/python", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"python\": 3}")]
    [InlineData("{\"python\": \"/p\"}")]
    [InlineData("{\"python\": \"/p\", \"configDirectory\": \"j\", \"flavor\": \"lab\"}")]
    public void Broken_launcher_settings_are_a_refusal_not_a_crash(string json)
    {
        File.WriteAllText(_folder["notebook-host.json"], json);

        Assert.Throws<LaunchRefusedException>(() => LauncherSettings.Load(_folder["notebook-host.json"]));
    }

    private static async Task WaitForFileAsync(string path)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!File.Exists(path))
        {
            await timer.WaitForNextTickAsync(deadline.Token);
        }
    }
}
