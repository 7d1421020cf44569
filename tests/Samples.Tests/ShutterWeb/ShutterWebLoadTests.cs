using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Samples.Tests.ShutterWeb;

/// <summary>The figures in samples/ShutterWeb/README.md: event-stream clients coming and going during a long run.</summary>
public sealed class ShutterWebLoadTests
{
    private const int Frames = 1000;
    private const int Clients = 200;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> DiagnosticsAsync(ShutterWebServer server, long opened, long open) =>
        JsonDocument.Parse(await server.Client.GetStringAsync($"/api/diagnostics?opened={opened}&open={open}", Token)).RootElement;

    /// <summary>Starts a 1,000-frame run at 20 ms and returns, from one event stream, the lateness of every frame shot and the count of those skipped.</summary>
    private static async Task<(List<double> Lateness, int Skipped)> RunAsync(ShutterWebServer server, Func<Task>? meanwhile = null)
    {
        using var events = await server.Client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, Token);
        using var reader = new StreamReader(await events.Content.ReadAsStreamAsync(Token));
        using var started = await server.Client.PostAsync("/api/intervalometer/start", Json($$"""{"intervalSeconds":0.02,"count":{{Frames}}}"""), Token);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var other = meanwhile?.Invoke() ?? Task.CompletedTask;

        var lateness = new List<double>();
        var skipped = 0;
        var live = false;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromMinutes(3));
        string? name = null;
        while (await reader.ReadLineAsync(deadline.Token) is string line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var data = JsonDocument.Parse(line[6..]).RootElement;
                if (name == "run" && data.GetProperty("kind").GetString() == "started")
                {
                    live = true; // a new stream first replays the recent shots of the previous run: those do not count
                }
                else if (live && name == "shot" && data.GetProperty("kind").GetString() == "shot" && data.GetProperty("latenessMilliseconds").ValueKind == JsonValueKind.Number)
                {
                    lateness.Add(data.GetProperty("latenessMilliseconds").GetDouble());
                }
                else if (live && name == "shot" && data.GetProperty("kind").GetString() == "skipped")
                {
                    skipped++;
                }
                else if (name == "run" && data.GetProperty("kind").GetString() is "completed" or "failed")
                {
                    break;
                }
            }
        }
        await other;
        return (lateness, skipped);
    }

    /// <summary>200 clients, each reading a random number of bytes (so dropping at a random moment of the run) and then gone.</summary>
    private static async Task ComeAndGoAsync(Uri address)
    {
        var random = new Random(13);
        var sizes = Enumerable.Range(0, Clients).Select(_ => random.Next(0, 10_000)).ToArray();
        await Parallel.ForEachAsync(sizes, new ParallelOptions { MaxDegreeOfParallelism = 20, CancellationToken = Token }, async (size, cancellationToken) =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, address.Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /api/events HTTP/1.1\r\nHost: {address.Authority}\r\n\r\n"), cancellationToken);
            var buffer = new byte[4096];
            for (var read = 0; read < size;)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, size - read)), cancellationToken);
                if (n == 0)
                {
                    break;
                }
                read += n;
            }
        });
    }

    private static double P99(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[(int)Math.Ceiling(0.99 * sorted.Length) - 1];
    }

    [Fact]
    public async Task Two_hundred_clients_dropping_at_random_during_a_1000_frame_run_leave_no_reader_and_no_lateness()
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        using var pulse = await server.Client.PutAsync("/api/settings", Json("""{"pulseMilliseconds":5,"focusMilliseconds":0}"""), Token);
        Assert.Equal(HttpStatusCode.OK, pulse.StatusCode);

        var alone = await RunAsync(server);
        var before = await DiagnosticsAsync(server, opened: 1, open: 0);
        var crowded = await RunAsync(server, () => ComeAndGoAsync(server.Address));
        var after = await DiagnosticsAsync(server, opened: 2 + Clients, open: 0);

        var (p99Alone, p99Crowded) = (P99(alone.Lateness), P99(crowded.Lateness));
        var (bytesBefore, bytesAfter) = (before.GetProperty("managedBytes").GetInt64(), after.GetProperty("managedBytes").GetInt64());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"frames shot {alone.Lateness.Count} / {crowded.Lateness.Count}, skipped {alone.Skipped} / {crowded.Skipped}; lateness p99 alone {p99Alone:F2} ms, with {Clients} clients {p99Crowded:F2} ms; "
            + $"streams opened {after.GetProperty("opened").GetInt64()}, open {after.GetProperty("open").GetInt64()}; managed heap {bytesBefore / 1024} KiB before, {bytesAfter / 1024} KiB after");

        Assert.Equal(0, after.GetProperty("open").GetInt64());
        Assert.Equal(2 + Clients, after.GetProperty("opened").GetInt64());
        // Every frame reaches the reader, shot or skipped: a loaded VM can push a frame past its moment (a tenth of
        // the 20 ms interval), which the intervalometer skips rather than squeeze in, but no event may be lost.
        Assert.Equal(Frames, alone.Lateness.Count + alone.Skipped);
        Assert.Equal(Frames, crowded.Lateness.Count + crowded.Skipped);
        // Flat: a leaked reader per client would hold its queue and state; 2 MiB is far below 200 of them with their buffers.
        Assert.True(bytesAfter - bytesBefore < 2 * 1024 * 1024, $"managed heap grew from {bytesBefore} to {bytesAfter} bytes");
        // Noise on a loaded VM is a few milliseconds; clients that slowed the schedule would show as tens.
        Assert.True(p99Crowded <= (3 * p99Alone) + 10, $"lateness p99 {p99Alone:F2} ms alone, {p99Crowded:F2} ms with clients");
    }
}
