using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.ShutterWeb;

/// <summary>
/// shutter-web running as a real process with <c>--simulate</c> on a free loopback port; ready once it logs that
/// it listens and /api/status answers. Killed (with its output kept for the failure message) on dispose.
/// </summary>
internal sealed class ShutterWebServer : IAsyncDisposable
{
    public static readonly string Dll = Repository.SampleDll("ShutterWeb", "shutter-web");

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private string? _tokenFile;

    /// <summary>Raised after each line of standard output has been added to <see cref="Output"/>.</summary>
    private event Action? OutputArrived;

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

    /// <summary>
    /// Starts shutter-web; its clock reads local time in <paramref name="timeZone"/> (an IANA id, through <c>TZ</c>).
    /// <paramref name="token"/> reaches it as <paramref name="tokenVia"/> says; <paramref name="focusPin"/> is its --focus-pin.
    /// </summary>
    public static async Task<ShutterWebServer> StartAsync(string? token = null, string host = "127.0.0.1", string timeZone = "UTC", TokenVia tokenVia = TokenVia.Argument, int? focusPin = null, CancellationToken cancellationToken = default)
    {
        var port = FreePort();
        var start = SampleProcess.Start(Dll, ["--simulate", "--urls", $"http://{host}:{port}", .. focusPin is int pin ? ["--focus-pin", pin.ToString(System.Globalization.CultureInfo.InvariantCulture)] : Array.Empty<string>()]);
        var tokenFile = token is null ? null : TokenPassing.Pass(start, token, tokenVia, "SHUTTER_WEB_TOKEN");
        start.Environment["SHUTTER_WEB_DIAGNOSTICS"] = "1"; // GET /api/diagnostics counts the event streams
        start.Environment["TZ"] = timeZone; // the zone of startAt's wall-clock times, whatever this machine's is
        var process = new Process { StartInfo = start };
        var server = new ShutterWebServer(process, new Uri($"http://127.0.0.1:{port}"), token) { _tokenFile = tokenFile };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (server._output)
                {
                    server._output.AppendLine(e.Data);
                }
                server.OutputArrived?.Invoke();
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (server._errors) { server._errors.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();

        // Kestrel logs "Now listening on: URL" once its socket is bound (shutter-web keeps Microsoft.Hosting.Lifetime
        // at Information), or the process ends first.
        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listening = server.OutputSatisfiesAsync(output => output.Contains($"Now listening on: http://{host}:{port}", StringComparison.Ordinal), TimeSpan.FromSeconds(60), stopWaiting.Token);
        var exited = process.WaitForExitAsync(stopWaiting.Token);
        var first = await Task.WhenAny(listening, exited);
        await stopWaiting.CancelAsync();
        if (first == exited && !exited.IsCanceled)
        {
            var ended = $"shutter-web ended with {process.ExitCode} before it listened.\n{server._errors}";
            await server.DisposeAsync();
            throw new InvalidOperationException(ended);
        }
        if (!await listening)
        {
            await server.DisposeAsync();
            throw new TimeoutException($"shutter-web did not say it listens on {server.Address} within 60 s.\n{server.Output}\n{server._errors}");
        }
        using var probe = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await probe.GetAsync("/api/status", cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Unauthorized))
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"shutter-web listens on {server.Address} but /api/status answered {(int)response.StatusCode}.\n{server._errors}");
        }
        return server;
    }

    /// <summary>Waits (up to a generous 30 s) until the process's output satisfies <paramref name="condition"/>.</summary>
    public async Task WaitForOutputAsync(Func<string, bool> condition, string what, CancellationToken cancellationToken)
    {
        if (!await OutputSatisfiesAsync(condition, TimeSpan.FromSeconds(30), cancellationToken))
        {
            Assert.Fail($"Timed out waiting until {what}. Output so far:\n{Output}");
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
        if (_tokenFile is not null)
        {
            File.Delete(_tokenFile);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Checks <paramref name="condition"/> now and on every new line of output; false if it does not hold within <paramref name="timeout"/>.</summary>
    private async Task<bool> OutputSatisfiesAsync(Func<string, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var satisfied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (condition(Output))
            {
                satisfied.TrySetResult();
            }
        }
        OutputArrived += Check;
        try
        {
            Check(); // a line that came before the subscription is seen here, any later one by the event
            await satisfied.Task.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            OutputArrived -= Check;
        }
    }
}
