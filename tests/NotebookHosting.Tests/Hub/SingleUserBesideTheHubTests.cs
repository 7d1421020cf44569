using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Drivers.NotebookHosting.Configuration;
using Drivers.NotebookHosting.Launching;
using Drivers.NotebookHosting.Passwords;
using Drivers.NotebookHosting.Tests.Infrastructure;
using Samples.Tests.NotebookHost;

namespace Drivers.NotebookHosting.Tests.Hub;

/// <summary>
/// The single-user set-up measured the way the hub tests measure the hub (launch to the login page answering, login to
/// a cell run in a kernel), so that one test run prints both side by side: the launcher as ANCM starts it, Debian's notebook.
/// </summary>
public sealed class SingleUserBesideTheHubTests : IDisposable
{
    private const string Password = "single-user-pw";
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_single_user_launcher_serves_a_login_page_and_runs_a_cell_after_the_login()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_folder["jupyter"]);
        Directory.CreateDirectory(_folder["notebooks"]);
        var config = new JupyterConfig { NotebookDirectory = _folder["notebooks"], PasswordHash = JupyterPassword.Hash(Password) };
        File.WriteAllText(_folder["jupyter/" + config.FileName], config.Render());
        var port = RunningHub.FreePort();
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["ASPNETCORE_APPL_PATH"] = "/",
        };
        var launcher = new NotebookLauncher(
            new LauncherSettings { Python = RealPython.Path, ConfigDirectory = _folder["jupyter"] },
            new NotebookLauncherOptions { GetEnvironmentVariable = name => environment.GetValueOrDefault(name) });
        var start = launcher.CreateStartInfo(Environment.UserName == "root" ? ["--allow-root"] : []);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.Environment["JUPYTER_RUNTIME_DIR"] = _folder["runtime"];
        start.Environment["IPYTHONDIR"] = _folder["ipython"];
        start.WorkingDirectory = _folder.Path;

        var clock = Stopwatch.StartNew();
        using var jupyter = new Process { StartInfo = start, EnableRaisingEvents = true };
        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Heard(object sender, DataReceivedEventArgs e)
        {
            if (e.Data?.Contains("is running at", StringComparison.Ordinal) == true)
            {
                serving.TrySetResult();
            }
        }
        jupyter.OutputDataReceived += Heard;
        jupyter.ErrorDataReceived += Heard;
        jupyter.Exited += (_, _) => serving.TrySetException(new InvalidOperationException("Jupyter ended before it served."));
        jupyter.Start();
        jupyter.BeginOutputReadLine();
        jupyter.BeginErrorReadLine();
        try
        {
            using var client = new JupyterKernelClient(new Uri($"http://127.0.0.1:{port}/"));
            await serving.Task.WaitAsync(TimeSpan.FromSeconds(90), cancellationToken);
            using (var http = new HttpClient())
            using (var page = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/login"), cancellationToken))
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            }
            var loginPage = clock.Elapsed;

            clock.Restart();
            Assert.Equal(HttpStatusCode.Found, (await client.LogInAsync(Password, cancellationToken)).Status);
            var kernel = await client.SendAsync(HttpMethod.Post, "api/kernels", """{"name":"python3"}""", cancellationToken);
            Assert.Equal(HttpStatusCode.Created, kernel.Status);
            var printed = await client.ExecuteAsync(JsonDocument.Parse(kernel.Body).RootElement.GetProperty("id").GetString()!, "print(6 * 7)", cancellationToken)
                .WaitAsync(TimeSpan.FromSeconds(90), cancellationToken);
            var kernelRuns = clock.Elapsed;

            Assert.Equal("42\n", printed);
            TestContext.Current.SendDiagnosticMessage($"single user (NotebookLauncher): launch to login page {loginPage.TotalSeconds:F2} s, login to a running kernel {kernelRuns.TotalSeconds:F2} s");
        }
        finally
        {
            jupyter.Kill(entireProcessTree: true);
            await jupyter.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        }
    }
}
