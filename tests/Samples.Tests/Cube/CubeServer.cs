using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Samples.Tests.Infrastructure;
using Samples.Tests.ShutterWeb;

namespace Samples.Tests.Cube;

/// <summary>
/// cube running as a real process (<c>--simulate</c> or <c>--replay FILE</c>) on a free loopback port, with its
/// diagnostics API on; ready once it logs that it listens and /api/status answers. Killed on dispose.
/// </summary>
internal sealed class CubeServer : IAsyncDisposable
{
    public static readonly string Dll = Repository.SampleDll("Cube", "cube");

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _tokenFile;

    private CubeServer(Process process, Uri address, string? token)
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

    public Process Process => _process;

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Starts cube with <paramref name="source"/> (<c>["--simulate"]</c> or <c>["--replay", path]</c>).</summary>
    /// <remarks><paramref name="token"/> reaches it as <paramref name="tokenVia"/> says.</remarks>
    public static async Task<CubeServer> StartAsync(IEnumerable<string> source, string? token = null, TokenVia tokenVia = TokenVia.Argument, CancellationToken cancellationToken = default)
    {
        var port = FreePort();
        var start = SampleProcess.Start(Dll, [.. source, "--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string> { ["CUBE_DIAGNOSTICS"] = "1" });
        var tokenFile = token is null ? null : TokenPassing.Pass(start, token, tokenVia, "CUBE_TOKEN");
        var process = new Process { StartInfo = start };
        var server = new CubeServer(process, new Uri($"http://127.0.0.1:{port}"), token) { _tokenFile = tokenFile };
        var ready = $"Now listening on: http://127.0.0.1:{port}";
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (server._output)
            {
                server._output.AppendLine(e.Data);
            }
            if (e.Data.Contains(ready, StringComparison.Ordinal))
            {
                server._listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (server._errors) { server._errors.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();

        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            var first = await Task.WhenAny(server._listening.Task, exited).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            if (first == exited)
            {
                throw new InvalidOperationException($"cube ended with {process.ExitCode} before it listened.\n{server.Errors}");
            }
            // The engine opens the pad just after the host starts; its first status reaches every event stream.
            using var events = await server.Client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (events.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"cube listens on {server.Address} but /api/events answered {(int)events.StatusCode}.\n{server.Errors}");
            }
            using var reader = new StreamReader(await events.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), cancellationToken) is string line
                && line != "event: status")
            {
            }
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>GET /api/diagnostics, waiting (server side, up to 10 s) for <paramref name="opened"/> and <paramref name="open"/>.</summary>
    public async Task<JsonElement> DiagnosticsAsync(long? opened = null, long? open = null, CancellationToken cancellationToken = default)
    {
        var query = $"?opened={opened ?? 0}" + (open is long o ? $"&open={o}" : "");
        var text = await Client.GetStringAsync("/api/diagnostics" + query, cancellationToken);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>POSTs <paramref name="json"/> (the API takes JSON only) and returns the status.</summary>
    public async Task<HttpStatusCode> PostAsync(string path, string json = "{}", CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(path, content, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>The lightbar colors the simulated pad received, oldest first.</summary>
    public async Task<List<string>> LightbarAsync(CancellationToken cancellationToken) =>
        [.. (await DiagnosticsAsync(cancellationToken: cancellationToken)).GetProperty("lightbar").EnumerateArray().Select(e => e.GetString()!)];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
        if (_tokenFile is not null)
        {
            File.Delete(_tokenFile);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
