using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Drivers.NotebookHosting.Hub;
using Drivers.NotebookHosting.Passwords;
using Drivers.NotebookHosting.Tests.Infrastructure;

namespace Drivers.NotebookHosting.Tests.Hub;

/// <summary>
/// What the real-hub tests do with Debian's JupyterHub 3.0 and configurable-http-proxy (test.sh installs jupyterhub
/// and node-configurable-http-proxy): the generated files installed by the printed steps into a folder of the test's
/// own, the hub started as the generated unit would start it, a login, the spawn, a cell over the kernel's WebSocket,
/// a wrong password and a second user turned away. Accounts it makes are removed with their homes.
/// </summary>
internal sealed class HubFlow : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly TemporaryDirectory _folder = new();
    private readonly List<TestAccount> _accounts = [];

    public HubFlow()
    {
        Assert.True(File.Exists("/usr/bin/jupyterhub") && File.Exists("/usr/bin/configurable-http-proxy"),
            "Debian's jupyterhub and node-configurable-http-proxy are missing; run ./test.sh to install them.");
        StaleAccounts.SweepOnce();
        // A service account must reach its state folder inside the test's own.
        File.SetUnixFileMode(_folder.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    public void Dispose()
    {
        _accounts.ForEach(account => account.Dispose());
        _folder.Dispose();
    }

    /// <summary>A path in the flow's own folder, removed with it.</summary>
    public string this[string relative] => _folder[relative];

    public async Task<TestAccount> AccountAsync(bool system = false)
    {
        var account = await TestAccount.CreateAsync(system);
        _accounts.Add(account);
        return account;
    }

    public async Task RunAsync(HubAuthenticator authenticator, (string Name, string Password) first, (string Name, string Password) second, TestAccount? serviceAccount)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var passwordFile = authenticator == HubAuthenticator.PasswordFile;
        var options = new JupyterHubOptions
        {
            Port = RunningHub.FreePort(),
            HubPort = RunningHub.FreePort(),
            ProxyApiPort = RunningHub.FreePort(),
            Authenticator = authenticator,
            AdminUsers = [first.Name],
            AllowedUsers = [second.Name],
            PasswordHashes = passwordFile
                ? new Dictionary<string, string> { [first.Name] = JupyterPassword.Hash(first.Password), [second.Name] = JupyterPassword.Hash(second.Password) }
                : new Dictionary<string, string>(),
            ServiceUser = serviceAccount?.Name ?? (passwordFile && Environment.UserName != "root" ? Environment.UserName : "jupyterhub"),
            StateDirectory = _folder["state"],
            ConfigDirectory = _folder["etc"],
        };
        var output = _folder["out"];
        JupyterHubService.Write(options, output);
        await InstallAsync(options, output);
        var unit = JupyterHubService.RenderUnit(options);

        var clock = Stopwatch.StartNew();
        await using var hub = RunningHub.Start(unit, serviceAccount);
        await ProveAsync(hub, clock, options.Port, first, second, passwordFile ? serviceAccount?.Name ?? Environment.UserName : first.Name, authenticator.ToString());
    }

    /// <summary>
    /// From the hub's start (<paramref name="clock"/> running since) to the proof: the login page loads with no warning
    /// but plain HTTP's, a wrong password is refused, <paramref name="first"/> logs in, the spawned server runs a cell over
    /// the kernel's WebSocket as <paramref name="serverUser"/>, and <paramref name="second"/> cannot reach that server.
    /// </summary>
    public static async Task ProveAsync(RunningHub hub, Stopwatch clock, int port, (string Name, string Password) first, (string Name, string Password) second, string serverUser, string label)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        using var browser = new HubClient(baseUri);
        try
        {
            await hub.WaitForLogAsync(line => line.Contains("JupyterHub is now running at", StringComparison.Ordinal), Patience);
            Assert.Equal(HttpStatusCode.OK, await browser.GetAsync("hub/login", cancellationToken));
            var loginPage = clock.Elapsed;

            // The generated config loads without a word: the only warning is the one JupyterHub prints whenever it
            // serves plain HTTP (TLS belongs to a reverse proxy in front of a hub on loopback).
            var startupLog = hub.Log.Split('\n');
            var complaints = startupLog.Where(line => line.StartsWith("[W", StringComparison.Ordinal) || line.StartsWith("[E", StringComparison.Ordinal) || line.StartsWith("[C", StringComparison.Ordinal));
            Assert.Equal(["Running JupyterHub without SSL."], complaints.Select(line => line.Contains("Running JupyterHub without SSL.", StringComparison.Ordinal) ? "Running JupyterHub without SSL." : line));

            var wrong = await browser.LogInAsync(first.Name, first.Password + "x", cancellationToken);
            Assert.NotEqual(HttpStatusCode.Found, wrong.Status);
            Assert.Null(wrong.Location);

            clock.Restart();
            var right = await browser.LogInAsync(first.Name, first.Password, cancellationToken);
            Assert.Equal(HttpStatusCode.Found, right.Status);
            await browser.SpawnAsync(cancellationToken);
            // Ready once the proxy has the user's route (the hub logs "took N seconds" just before adding it).
            await hub.WaitForLogAsync(line => line.Contains($"201 POST /api/routes/user/{first.Name}", StringComparison.Ordinal), Patience);
            // The first visit to /user/NAME/ is the OAuth hand-off a browser does; then the user's own Jupyter answers.
            var tree = await browser.VisitAsync($"user/{first.Name}/tree", cancellationToken);
            Assert.Equal((HttpStatusCode.OK, $"/user/{first.Name}/tree"), tree);
            using var server = browser.Server(first.Name);
            var kernel = await server.SendAsync(HttpMethod.Post, "api/kernels", """{"name":"python3"}""", cancellationToken);
            Assert.Equal(HttpStatusCode.Created, kernel.Status);
            var kernelId = JsonDocument.Parse(kernel.Body).RootElement.GetProperty("id").GetString()!;
            var printed = await server.ExecuteAsync(kernelId, "import os, pwd; print(6 * 7, pwd.getpwuid(os.getuid()).pw_name)", cancellationToken).WaitAsync(Patience, cancellationToken);
            var kernelRuns = clock.Elapsed;
            // With PAM the server runs as the user; with the password file as the hub's own account.
            Assert.Equal($"42 {serverUser}\n", printed);

            // The second user logs in but gets nowhere in the first user's server, not even its API.
            using var intruder = new HubClient(baseUri);
            Assert.Equal(HttpStatusCode.Found, (await intruder.LogInAsync(second.Name, second.Password, cancellationToken)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await intruder.VisitAsync($"user/{first.Name}/tree", cancellationToken)).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await intruder.VisitAsync($"user/{first.Name}/api/kernels", cancellationToken)).Status);

            TestContext.Current.SendDiagnosticMessage($"hub ({label}): launch to login page {loginPage.TotalSeconds:F2} s, login to a running kernel {kernelRuns.TotalSeconds:F2} s");
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{e.GetType().Name}: {e.Message}\nThe hub said:\n{hub.Log}");
        }
        catch (Xunit.Sdk.XunitException e)
        {
            Assert.Fail($"{e.Message}\nThe hub said:\n{hub.Log}");
        }
    }

    /// <summary>What the printed install steps do with the files, here into the test's own folders.</summary>
    private static async Task InstallAsync(JupyterHubOptions options, string output)
    {
        if (Environment.UserName == "root")
        {
            // The printed steps themselves, but for the unit (systemd is not running here).
            foreach (var step in JupyterHubService.InstallSteps(options, output).Where(s => s.StartsWith("install ", StringComparison.Ordinal) && !s.Contains("/etc/systemd/", StringComparison.Ordinal)))
            {
                var words = step.Split(' ');
                var installed = await Tool.RunAsync("/usr/bin/install", words[1..]);
                Assert.True(installed.ExitCode == 0, $"{step}: {installed.StandardError}");
            }
            return;
        }
        Directory.CreateDirectory(options.StateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(options.ConfigDirectory);
        File.Copy(Path.Combine(output, "jupyterhub_config.py"), Path.Combine(options.ConfigDirectory, "jupyterhub_config.py"));
        foreach (var secret in new[] { "jupyterhub_cookie_secret", "proxy_auth_token", "hub-passwords" })
        {
            File.Copy(Path.Combine(output, secret), Path.Combine(options.StateDirectory, secret));
        }
    }
}
