using System.Globalization;
using Drivers.NotebookHosting.Configuration;
using Drivers.NotebookHosting.Launching;
using Drivers.NotebookHosting.Tests.Infrastructure;
using Drivers.Testing;

namespace Drivers.NotebookHosting.Tests.Launching;

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

    [Theory]
    [InlineData("--NotebookApp.token=''")]
    [InlineData("--NotebookApp.token=\"\"")]
    [InlineData("--ServerApp.token= ")]
    [InlineData("--NotebookApp.password=''")]
    [InlineData("--PasswordIdentityProvider.hashed_password=\"\"")]
    public void An_empty_token_or_password_in_the_arguments_is_no_credential(string argument)
    {
        var launcher = new NotebookLauncher(Settings(withPassword: false), Environment(("ASPNETCORE_PORT", "8000")));

        var error = Assert.Throws<LaunchRefusedException>(() => launcher.CreateStartInfo([argument]));

        Assert.Contains("no password or token", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("''")]
    [InlineData(" ")]
    public void An_empty_JUPYTER_TOKEN_is_no_credential(string token)
    {
        var launcher = new NotebookLauncher(Settings(withPassword: false), Environment(("ASPNETCORE_PORT", "8000"), ("JUPYTER_TOKEN", token)));

        Assert.Throws<LaunchRefusedException>(() => launcher.CreateStartInfo([]));
    }

    [Fact]
    public void Arguments_that_empty_both_the_configured_password_and_the_token_are_refused()
    {
        // Jupyter applies its command line over its config, so these two leave it with no login at all.
        var launcher = new NotebookLauncher(Settings(withPassword: true), Environment(("ASPNETCORE_PORT", "8000")));

        Assert.Throws<LaunchRefusedException>(() => launcher.CreateStartInfo(["--NotebookApp.password=''", "--NotebookApp.token=''"]));
        launcher.CreateStartInfo(["--NotebookApp.token=''"]); // the configured password still asks for a login
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
        await WaitForFolderAsync(() => File.Exists(ready), "the stand-in is ready");
        await shutdown.CancelAsync();

        Assert.Equal(3, await run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_Jupyter_that_ignores_the_shutdown_is_killed_when_the_grace_time_is_over()
    {
        // A stand-in that ignores SIGTERM but notes each one; it says when it is ready, with its process id.
        var ready = _folder["ready"];
        var terms = _folder["terms"];
        var fake = _folder["python"];
        File.WriteAllText(fake, $"#!/bin/sh\ntrap \"echo TERM >> '{terms}'\" TERM\necho $$ > '{ready}.new'\nmv '{ready}.new' '{ready}'\nwhile :; do sleep 0.05; done\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var time = new TimerWatchingTimeProvider();
        var launcher = new NotebookLauncher(Settings(python: fake), new NotebookLauncherOptions
        {
            TimeProvider = time,
            ShutdownTimeout = TimeSpan.FromSeconds(20),
            GetEnvironmentVariable = name => name == "ASPNETCORE_PORT" ? "8000" : null,
        });
        using var shutdown = new CancellationTokenSource();
        int TermsSeen() => File.Exists(terms) ? File.ReadAllLines(terms).Length : 0;

        var run = launcher.RunAsync([], shutdown.Token);
        await WaitForFolderAsync(() => File.Exists(ready), "the stand-in is ready");
        var standIn = int.Parse(File.ReadAllText(ready), CultureInfo.InvariantCulture);
        await shutdown.CancelAsync();

        try
        {
            // The grace timer starts once the launcher has seen the cancellation and forwarded SIGTERM.
            Assert.Equal(TimeSpan.FromSeconds(20), await time.FirstTimer.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
            await WaitForFolderAsync(() => TermsSeen() == 1, "the stand-in has the forwarded SIGTERM");
            time.Advance(TimeSpan.FromSeconds(19));
            // Not killed before its 20 s of grace: after 19 s of them it still answers a signal.
            Assert.True(UnixSignals.Terminate(standIn));
            await WaitForFolderAsync(() => TermsSeen() == 2, "the stand-in notes a second SIGTERM after 19 s of grace");
            time.Advance(TimeSpan.FromSeconds(1));
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

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, checking it again on every change in the test's folder
    /// (where the stand-ins write); fails after a generous 30 s.
    /// </summary>
    private async Task WaitForFolderAsync(Func<bool> condition, string what)
    {
        var satisfied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            try
            {
                if (condition())
                {
                    satisfied.TrySetResult();
                }
            }
            catch (IOException)
            {
                // Caught mid-write; the write's own change event checks again.
            }
        }
        using var watcher = new FileSystemWatcher(_folder.Path);
        watcher.Created += (_, _) => Check();
        watcher.Changed += (_, _) => Check();
        watcher.Renamed += (_, _) => Check();
        watcher.EnableRaisingEvents = true;
        Check(); // a change made before the watcher started is seen here, any later one by the watcher
        try
        {
            await satisfied.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out waiting until {what}.");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(601)]
    public void A_shutdown_timeout_out_of_range_is_refused_naming_the_property(int seconds)
    {
        var options = new NotebookLauncherOptions { ShutdownTimeout = TimeSpan.FromSeconds(seconds) };

        var error = Assert.Throws<ArgumentException>(() => new NotebookLauncher(Settings(), options));

        Assert.StartsWith("NotebookLauncherOptions.ShutdownTimeout must be more than zero", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
    }
}
