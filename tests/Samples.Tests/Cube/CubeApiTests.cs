using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;

namespace Samples.Tests.Cube;

/// <summary>The API over HTTP: the event stream, the color, the guards shared with shutter-web, and the token.</summary>
public sealed partial class CubeApiTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex CssColor();

    [Fact]
    public async Task The_event_stream_starts_with_the_status_and_then_carries_every_frame_in_order()
    {
        await using var server = await CubeServer.StartAsync(["--simulate"], cancellationToken: Token);
        using var response = await server.Client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Token));

        var events = new List<(string Name, JsonElement Data)>();
        string? name = null;
        while (events.Count < 300 && await reader.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token) is string line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((name!, JsonDocument.Parse(line[6..]).RootElement.Clone()));
            }
        }

        Assert.Equal("status", events[0].Name);
        Assert.Equal("connected", events[0].Data.GetProperty("connection").GetString());
        var frames = events.Where(e => e.Name == "frame").Select(e => e.Data).ToList();
        Assert.True(frames.Count > 200, $"Only {frames.Count} frames among {events.Count} events.");
        var seqs = frames.Select(f => f.GetProperty("seq").GetInt64()).ToList();
        Assert.True(seqs.Zip(seqs.Skip(1)).All(p => p.Second > p.First), "Frames came out of order.");
        Assert.All(frames, f =>
        {
            Assert.InRange(f.GetProperty("roll").GetDouble(), -Math.PI, Math.PI);
            Assert.InRange(f.GetProperty("yaw").GetDouble(), -Math.PI, Math.PI);
            Assert.InRange(f.GetProperty("x").GetDouble(), -1, 1);
            Assert.Matches(CssColor(), f.GetProperty("color").GetString()!);
        });
        // The demo squeezes L2 then R2: the pull reaches the page (a slow reader gets the newest frame, so not every value).
        Assert.Contains(frames, f => f.GetProperty("l2").GetInt32() > 100);
    }

    [Fact]
    public async Task A_1000_Hz_pad_sends_the_newest_state_of_each_batch_down_to_the_last_before_it_is_unplugged()
    {
        using var folder = new TempFolder();
        var path = folder.Save(TestRecordings.Demo1000Hz, "demo-1000hz.ds4rec");
        await using var server = await CubeServer.StartAsync(["--replay", path], cancellationToken: Token);
        using var response = await server.Client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Token));

        var frames = new List<long>();
        JsonElement? unplugged = null;
        var statusesAfterUnplugged = 0;
        string? name = null;
        // Until the status after "unplugged": the last frame is written with or before that status, never after the next.
        while (statusesAfterUnplugged == 0 && await reader.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token) is string line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
                continue;
            }
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }
            var data = JsonDocument.Parse(line[6..]).RootElement.Clone();
            if (name == "frame")
            {
                frames.Add(data.GetProperty("seq").GetInt64());
                if (frames.Count == 200)
                {
                    Assert.Equal(HttpStatusCode.NoContent, await server.PostAsync("/api/diagnostics/unplug", cancellationToken: Token));
                }
            }
            else if (unplugged is not null)
            {
                statusesAfterUnplugged++;
            }
            else if (data.GetProperty("connection").GetString() == "unplugged")
            {
                unplugged = data;
            }
        }

        Assert.NotNull(unplugged);
        // Every state applied turned the cube; the page's last frame is the last of them, not an older one of its batch.
        Assert.Equal(unplugged.Value.GetProperty("reports").GetInt64(), frames[^1]);
        Assert.True(frames.Zip(frames.Skip(1)).All(p => p.Second > p.First), "Frames came out of order.");
        // Four reports a batch: the page was sent far fewer frames than the pad reported.
        Assert.True(frames.Count < frames[^1] - frames[0], $"{frames.Count} frames for {frames[^1] - frames[0]} reports.");
    }

    [Fact]
    public async Task A_page_whose_connection_is_full_when_the_pad_is_unplugged_gets_the_last_frame_before_the_unplugged_status()
    {
        using var folder = new TempFolder();
        var path = folder.Save(TestRecordings.Demo1000Hz, "demo-1000hz.ds4rec");
        await using var server = await CubeServer.StartAsync(["--replay", path], cancellationToken: Token);
        using var page = new System.Net.Sockets.TcpClient { ReceiveBufferSize = 4096 };
        await page.ConnectAsync(server.Address.Host, server.Address.Port, Token);
        var stream = page.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /api/events HTTP/1.0\r\nHost: {server.Address.Authority}\r\n\r\n"), Token);

        // The page reads nothing: once the socket is full, the server holds the newest frame for it (and counts the
        // ones it replaces). Then the pad goes away, so the newest frame and the "unplugged" status wait together.
        while ((await server.DiagnosticsAsync(opened: 1, cancellationToken: Token)).GetProperty("skippedFrames").GetInt64() < 100)
        {
            await Task.Yield();
        }
        Assert.Equal(HttpStatusCode.NoContent, await server.PostAsync("/api/diagnostics/unplug", cancellationToken: Token));
        while ((await server.Client.GetStringAsync("/api/status", Token)).Contains("\"connected\"", StringComparison.Ordinal))
        {
            await Task.Yield();
        }

        // Read on until a status after the "unplugged" one (they come once a second): no frame may follow "unplugged".
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var events = new List<string>();
        var sinceUnplugged = -1;
        var heldBack = 0; // bytes the page had waiting for it when it read again, up to the unplugged status
        while (sinceUnplugged < 2 && await reader.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token) is string line)
        {
            heldBack += sinceUnplugged < 0 ? line.Length + 1 : 0;
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                events.Add(line[7..]);
                sinceUnplugged += sinceUnplugged >= 0 && line == "event: status" ? 1 : 0;
            }
            else if (line.Contains("\"connection\":\"unplugged\"", StringComparison.Ordinal) && sinceUnplugged < 0)
            {
                sinceUnplugged = 0;
                events[^1] = "unplugged";
            }
        }

        var unplugged = events.IndexOf("unplugged");
        Assert.True(unplugged > 0, "The page never received the unplugged status.");
        Assert.Equal("frame", events[unplugged - 1]);
        Assert.DoesNotContain("frame", events[unplugged..]);
        // Held back within kilobytes (the server's limits and what the test's socket took), not the megabytes a send
        // buffer can grow to: the page is not a minute behind when it reads again.
        Assert.True(heldBack < 256 * 1024, $"{heldBack} bytes were waiting for the page.");
    }

    [Fact]
    public async Task Frames_reach_every_page_in_order_while_colors_are_posted()
    {
        await using var server = await CubeServer.StartAsync(["--simulate"], cancellationToken: Token);
        using var posted = CancellationTokenSource.CreateLinkedTokenSource(Token);
        // Pages late in the hub's list are sent a frame last, so the read thread and a color's request thread overlap there most.
        var pages = Enumerable.Range(0, 8).Select(_ => ReadSeqsAsync(server, posted.Token)).ToList();
        await server.DiagnosticsAsync(open: 8, cancellationToken: Token);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async loop =>
        {
            for (var i = 0; i < 200; i++)
            {
                Assert.Equal(HttpStatusCode.OK, await server.PostAsync("/api/color", $"{{\"color\":\"#{loop * 200 + i:x6}\"}}", Token));
            }
        })).WaitAsync(TimeSpan.FromSeconds(60), Token);
        await posted.CancelAsync();

        foreach (var seqs in await Task.WhenAll(pages).WaitAsync(TimeSpan.FromSeconds(30), Token))
        {
            Assert.True(seqs.Count > 100, $"Only {seqs.Count} frames.");
            // A color's frame repeats the newest seq; an older one after a newer is a step back the page would draw.
            var back = seqs.Zip(seqs.Skip(1)).Count(p => p.Second < p.First);
            Assert.True(back == 0, $"{back} of {seqs.Count} frames came after a newer one.");
        }
    }

    private static async Task<List<long>> ReadSeqsAsync(CubeServer server, CancellationToken posted)
    {
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Token));
        var seqs = new List<long>();
        while (!posted.IsCancellationRequested && await reader.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token) is string line)
        {
            if (line.StartsWith("data: {\"seq\"", StringComparison.Ordinal))
            {
                seqs.Add(JsonDocument.Parse(line[6..]).RootElement.GetProperty("seq").GetInt64());
            }
        }
        return seqs;
    }

    [Fact]
    public async Task Every_dropped_connection_releases_its_subscription()
    {
        await using var server = await CubeServer.StartAsync(["--simulate"], cancellationToken: Token);
        var opened = (await server.DiagnosticsAsync(open: 0, cancellationToken: Token)).GetProperty("opened").GetInt64();
        var random = new Random(14);
        const int Clients = 40;
        for (var i = 0; i < Clients; i++)
        {
            using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
            using var response = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, Token);
            await using var stream = await response.Content.ReadAsStreamAsync(Token);
            // Gone before the first byte, or after a random share of the stream.
            var buffer = new byte[random.Next(0, 4000)];
            await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: true, Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token);
        }

        var after = await server.DiagnosticsAsync(opened: opened + Clients, open: 0, cancellationToken: Token);
        Assert.Equal(opened + Clients, after.GetProperty("opened").GetInt64());
        Assert.Equal(0, after.GetProperty("open").GetInt64());
    }

    [Fact]
    public async Task Sixty_four_pages_are_served_at_once_and_the_next_is_told_so()
    {
        await using var server = await CubeServer.StartAsync(["--simulate"], cancellationToken: Token);
        await server.DiagnosticsAsync(open: 0, cancellationToken: Token); // the start's own check has let go
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < 64; i++)
            {
                var response = await server.Client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, Token);
                open.Add(response);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            using (var refused = await server.Client.GetAsync("/api/events", Token))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.Equal("cube serves at most 64 pages at once; close one and reload.\n", await refused.Content.ReadAsStringAsync(Token));
            }

            open[0].Dispose(); // a page closes: its place is free again
            Assert.Equal(63, (await server.DiagnosticsAsync(open: 63, cancellationToken: Token)).GetProperty("open").GetInt64());
            using var again = await server.Client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, Token);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        finally
        {
            open.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task A_color_is_taken_only_as_hash_and_six_hex_digits_whatever_is_sent()
    {
        await using var server = await CubeServer.StartAsync(["--simulate"], cancellationToken: Token);
        await Gen.OneOf(
                Gen.String,
                Gen.Char["#0123456789abcdefABCDEFxg "].Array[0, 9].Select(c => new string(c)),
                Gen.Int.Select(i => $"#{i & 0xFFFFFF:x6}"))
            .SampleAsync(
                async color =>
                {
                    var status = await server.PostAsync("/api/color", JsonSerializer.Serialize(new { color }), Token);
                    Assert.Equal(CssColor().IsMatch(color) ? HttpStatusCode.OK : HttpStatusCode.BadRequest, status);
                },
                iter: 200);
        // Bodies that are not the JSON expected at all.
        foreach (var body in new[] { "", "[", "null", "{\"color\":1}", "{\"colour\":\"#ffffff\"}", "{\"color\":\"#ffffff\"} trailing", new string('[', 1_000) })
        {
            Assert.Equal(HttpStatusCode.BadRequest, await server.PostAsync("/api/color", body, Token));
        }
        // A body larger than any color is refused before it is read (25 MB once took 125 MB of memory).
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await server.PostAsync("/api/color", $"{{\"color\":\"{new string(' ', 2_000)}#ffffff\"}}", Token));
    }

    [Fact]
    public async Task Other_sites_are_kept_out_as_shutter_web_keeps_them()
    {
        await using var server = await CubeServer.StartAsync(["--simulate"], cancellationToken: Token);

        using var rebinding = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        rebinding.Headers.Host = "attacker.example";
        using (var response = await server.Client.SendAsync(rebinding, Token))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/api/color") { Content = new StringContent("{\"color\":\"#ffffff\"}", Encoding.UTF8, "application/json") };
        foreign.Headers.Add("Origin", "http://attacker.example");
        using (var response = await server.Client.SendAsync(foreign, Token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using var form = new StringContent("color=%23ffffff", Encoding.UTF8, "application/x-www-form-urlencoded");
        using (var response = await server.Client.PostAsync("/api/color", form, Token))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        }
    }

    [Fact]
    public async Task With_a_token_the_api_wants_it_and_the_page_does_not()
    {
        await using var server = await CubeServer.StartAsync(["--simulate"], token: "s3cret", cancellationToken: Token);
        using var anonymous = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };

        using (var events = await anonymous.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, Token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, events.StatusCode);
        }
        using (var page = await anonymous.GetAsync("/", Token))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("default-src 'self'; frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        }
        Assert.Equal(HttpStatusCode.OK, await server.PostAsync("/api/color", "{\"color\":\"#00dc50\"}", Token));
    }
}
