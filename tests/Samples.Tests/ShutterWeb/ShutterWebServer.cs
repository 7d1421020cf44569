using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.ShutterWeb;

/// <summary>
/// shutter-web running as a real process with <c>--simulate</c> on a free loopback port; ready once
/// /api/status answers. Killed (with its output kept for the failure message) on dispose.
/// </summary>
internal sealed class ShutterWebServer : IAsyncDisposable
{
    public static readonly string Dll = Repository.SampleDll("ShutterWeb", "shutter-web");

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();

    private ShutterWebServer(Process process, Uri address, string? token)
    {
        _process = process;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Uri Address { get; }

    /// <summary>A client for the API (with the bearer token, when the server has one).</summary>
    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public Process Process => _process;

    public static async Task<ShutterWebServer> StartAsync(string? token = null, string host = "127.0.0.1", CancellationToken cancellationToken = default)
    {
        var port = FreePort();
        List<string> arguments = ["--simulate", "--urls", $"http://{host}:{port}"];
        if (token is not null)
        {
            arguments.AddRange(["--token", token]);
        }
        var process = new Process { StartInfo = SampleProcess.Start(Dll, arguments) };
        var server = new ShutterWebServer(process, new Uri($"http://127.0.0.1:{port}"), token);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (server._output) { server._output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (server._errors) { server._errors.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();

        using var probe = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(5) };
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"shutter-web ended with {process.ExitCode} before it listened.\n{server._errors}");
            }
            try
            {
                using var response = await probe.GetAsync("/api/status", cancellationToken);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > giveUp)
            {
                await server.DisposeAsync();
                throw new TimeoutException($"shutter-web did not answer on {server.Address} within 60 s.\n{server._errors}");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Waits (up to a generous 30 s) until the process's output satisfies <paramref name="condition"/>.</summary>
    public async Task WaitForOutputAsync(Func<string, bool> condition, string what, CancellationToken cancellationToken)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition(Output))
        {
            if (DateTime.UtcNow > giveUp)
            {
                Assert.Fail($"Timed out waiting until {what}. Output so far:\n{Output}");
            }
            await Task.Delay(20, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
