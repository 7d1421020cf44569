using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.NotebookHost;

/// <summary>
/// <c>notebook-host launch</c> started the way ANCM starts it (ASPNETCORE_PORT, ASPNETCORE_APPL_PATH, the
/// site folder's settings) runs Debian's real Jupyter Notebook under the base URL: our password logs in
/// through its form, and a cell runs in a kernel over the WebSocket.
/// </summary>
public sealed class LaunchTests : IDisposable
{
    private const string Password = "s3cret-for-the-launcher";
    private static readonly string NotebookHost = Repository.SampleDll("NotebookHost", "notebook-host");
    private readonly DirectoryInfo _site = Directory.CreateTempSubdirectory("notebook-host-launch-");

    public void Dispose() => _site.Delete(recursive: true);

    private async Task InitSiteAsync()
    {
        Assert.True(File.Exists("/usr/bin/python3") && Directory.Exists("/usr/lib/python3/dist-packages/notebook"),
            "Debian's jupyter-notebook is missing; run ./test.sh to install it.");
        var init = await SampleProcess.RunAsync(NotebookHost, ["iis", "init", "--site-dir", _site.FullName, "--python", "/usr/bin/python3", "--password-stdin"],
            Password + "\n", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(0, init.ExitCode);
    }

    private Dictionary<string, string> AncmEnvironment(int port) => new()
    {
        ["ASPNETCORE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ASPNETCORE_APPL_PATH"] = "/jupyter",
        ["ASPNETCORE_TOKEN"] = Guid.NewGuid().ToString(),
        ["NOTEBOOK_HOST_SETTINGS"] = Path.Combine(_site.FullName, "notebook-host.json"),
        // Jupyter's runtime and kernel files stay in the test's own folder.
        ["JUPYTER_RUNTIME_DIR"] = Path.Combine(_site.FullName, "runtime"),
        ["IPYTHONDIR"] = Path.Combine(_site.FullName, "ipython"),
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Jupyter refuses to run as root unless told; the test machine runs as root, a developer's may not.
    private static string[] JupyterArguments => Environment.UserName == "root" ? ["--allow-root"] : [];

    [Fact]
    public async Task Launch_serves_Jupyter_under_the_base_url_our_password_logs_in_and_a_cell_runs_in_a_kernel()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await InitSiteAsync();
        var port = FreePort();
        var start = SampleProcess.Start(NotebookHost, ["launch", "--", .. JupyterArguments], AncmEnvironment(port));
        start.WorkingDirectory = _site.FullName; // as ANCM does: the site's physical path
        using var launcher = new Process { StartInfo = start };
        var log = new StringBuilder();
        // Notebook 6 and Jupyter Server both log "... is running at:" once their HTTP server is bound.
        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Relayed(object sender, DataReceivedEventArgs e)
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }
            if (e.Data?.Contains("is running at", StringComparison.Ordinal) == true)
            {
                serving.TrySetResult();
            }
        }
        launcher.OutputDataReceived += Relayed;
        launcher.ErrorDataReceived += Relayed;
        launcher.EnableRaisingEvents = true;
        launcher.Exited += (_, _) => serving.TrySetException(new InvalidOperationException("The launcher ended before Jupyter served."));
        launcher.Start();
        launcher.BeginOutputReadLine();
        launcher.BeginErrorReadLine();
        launcher.StandardInput.Close();
        try
        {
            using var client = new JupyterKernelClient(new Uri($"http://127.0.0.1:{port}/jupyter/"));
            await serving.Task.WaitAsync(TimeSpan.FromSeconds(90), cancellationToken);

            var wrong = await client.LogInAsync("not the password", cancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
            var right = await client.LogInAsync(Password, cancellationToken);
            Assert.Equal(HttpStatusCode.Found, right.Status);
            Assert.Equal("/jupyter/tree", right.Location);

            var kernel = await client.SendAsync(HttpMethod.Post, "api/kernels", """{"name":"python3"}""", cancellationToken);
            Assert.Equal(HttpStatusCode.Created, kernel.Status);
            var kernelId = JsonDocument.Parse(kernel.Body).RootElement.GetProperty("id").GetString()!;

            var printed = await client.ExecuteAsync(kernelId, "print(6 * 7)", cancellationToken);
            Assert.Equal("42\n", printed);

            var deleted = await client.SendAsync(HttpMethod.Delete, $"api/kernels/{kernelId}", null, cancellationToken);
            Assert.Equal(HttpStatusCode.NoContent, deleted.Status);

            // The shutdown IIS or systemd sends: the launcher forwards it and hands on Jupyter's exit code.
            using (var term = Process.Start("/bin/kill", ["-TERM", launcher.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(cancellationToken);
            }
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            await launcher.WaitForExitAsync(deadline.Token);
            Assert.Equal(0, launcher.ExitCode);
            await Assert.ThrowsAsync<SocketException>(async () =>
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            });
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            lock (log)
            {
                Assert.Fail($"{e.GetType().Name}: {e.Message}\nLauncher and Jupyter said:\n{log}");
            }
        }
        finally
        {
            if (!launcher.HasExited)
            {
                launcher.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Launch_refuses_to_start_a_Jupyter_that_has_no_password_or_token()
    {
        await InitSiteAsync();
        var config = Path.Combine(_site.FullName, "jupyter", "jupyter_notebook_config.py");
        File.WriteAllLines(config, File.ReadAllLines(config).Where(line => !line.Contains("password", StringComparison.Ordinal) && !line.Contains("token", StringComparison.Ordinal)));

        var result = await SampleProcess.RunAsync(NotebookHost, ["launch"], environment: AncmEnvironment(FreePort()), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no password or token", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Launch_without_ASPNETCORE_PORT_says_it_is_what_IIS_starts()
    {
        await InitSiteAsync();
        var environment = AncmEnvironment(FreePort());
        environment["ASPNETCORE_PORT"] = "";

        var result = await SampleProcess.RunAsync(NotebookHost, ["launch"], environment: environment, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ASPNETCORE_PORT is not set", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launch_hands_on_the_exit_code_of_what_it_started()
    {
        await InitSiteAsync();
        // A stand-in for Python that fails the way a broken environment does.
        var settings = Path.Combine(_site.FullName, "notebook-host.json");
        File.WriteAllText(settings, File.ReadAllText(settings).Replace("/usr/bin/python3", "/bin/false", StringComparison.Ordinal));

        var result = await SampleProcess.RunAsync(NotebookHost, ["launch"], environment: AncmEnvironment(FreePort()), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StandardError);
    }
}
