using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;

namespace Samples.Tests.ShutterWeb;

/// <summary>
/// Bulb ramps, start times and the preview over HTTP, on the virtual GPIO: the preview is what the run then does, bad
/// ramps and times get the library's sentence, a scheduled run can be stopped before it fires, and a hostile preview
/// stays small. The server's clock reads Europe/Berlin, so that wall-clock times are not UTC by accident.
/// </summary>
public sealed class ShutterWebRampTests(ShutterWebRampTests.BerlinServer berlin) : IClassFixture<ShutterWebRampTests.BerlinServer>
{
    private const string Zone = "Europe/Berlin";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>One shutter-web for the tests that change nothing (refusals, previews), to keep the class fast.</summary>
    public sealed class BerlinServer : IAsyncLifetime
    {
        internal ShutterWebServer Server { get; private set; } = null!;

        public async ValueTask InitializeAsync() => Server = await ShutterWebServer.StartAsync(timeZone: Zone);

        public async ValueTask DisposeAsync() => await Server.DisposeAsync();
    }

    /// <summary>A wall-clock time in <paramref name="zone"/> as a date-time input sends it, and the instant it names.</summary>
    private static (string WallClock, DateTimeOffset Instant) SecondsAhead(int seconds, string zone)
    {
        var now = DateTimeOffset.UtcNow;
        var instant = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(seconds);
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(zone));
        return (local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), instant);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(ShutterWebServer server, string path, string body)
    {
        using var response = await server.Client.PostAsync(path, Json(body), Token);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement);
    }

    [Fact]
    public async Task A_ramp_run_shoots_at_the_moments_its_preview_listed_holding_each_frames_exposure()
    {
        await using var server = await ShutterWebServer.StartAsync(timeZone: Zone, cancellationToken: Token);
        var (wallClock, instant) = SecondsAhead(3, Zone);
        var plan = $$$"""{"intervalSeconds":1,"count":4,"startAt":"{{{wallClock}}}","ramp":{"startSeconds":0.05,"endSeconds":0.2,"frames":4,"minimumGapSeconds":0.1}}""";
        using var events = await server.Client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, Token);
        using var stream = new StreamReader(await events.Content.ReadAsStreamAsync(Token));

        var (previewed, preview) = await PostAsync(server, "/api/preview", plan);
        var (started, status) = await PostAsync(server, "/api/intervalometer/start", plan);
        var shots = new List<JsonElement>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        string? name = null;
        while (shots.Count < 4 && await stream.ReadLineAsync(deadline.Token) is string line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && name == "shot")
            {
                shots.Add(JsonDocument.Parse(line[6..]).RootElement);
            }
        }

        Assert.Equal(HttpStatusCode.OK, previewed);
        Assert.Equal(HttpStatusCode.OK, started);
        Assert.True(status.GetProperty("scheduled").GetBoolean());
        Assert.Equal(instant, status.GetProperty("nextShotAt").GetDateTimeOffset());
        var frames = preview.GetProperty("frames").EnumerateArray().ToArray();
        Assert.Equal(4, preview.GetProperty("count").GetInt32());
        Assert.Equal(JsonValueKind.Null, preview.GetProperty("next").ValueKind);
        // Berlin's wall clock named the instant; the ramp doubles the exposure every 1.5 frames (2 stops over 3 steps).
        Assert.Equal(instant, frames[0].GetProperty("plannedAt").GetDateTimeOffset());
        var exposures = frames.Select(f => f.GetProperty("exposureSeconds").GetDouble()).ToArray();
        Assert.Equal(0.05, exposures[0], 6);
        Assert.Equal(0.2, exposures[^1], 6);
        Assert.All(exposures.Zip(exposures.Skip(1)), pair => Assert.Equal(Math.Pow(2, 2.0 / 3), pair.Second / pair.First, 4));
        // What happened is what was previewed: the same frames at the same moments, each held for its exposure.
        Assert.Equal([1, 2, 3, 4], shots.Select(s => s.GetProperty("frame").GetInt32()));
        Assert.Equal(frames.Select(f => f.GetProperty("plannedAt").GetDateTimeOffset()), shots.Select(s => s.GetProperty("plannedAt").GetDateTimeOffset()));
        // A frame reached more than a tenth of the interval late (a busy VM) is skipped by design; the shot ones held their
        // exposure. On the system clock the bulb ends on a timer that counts whole milliseconds, once seen 1.2 ms early.
        var shot = shots.Where(s => s.GetProperty("kind").GetString() == "shot").ToArray();
        Assert.NotEmpty(shot);
        Assert.All(shot, s => Assert.InRange(
            s.GetProperty("exposureSeconds").GetDouble() - exposures[s.GetProperty("frame").GetInt32() - 1], -0.005, 0.5));
    }

    [Fact]
    public async Task A_scheduled_run_shows_as_scheduled_and_stopped_before_its_time_never_fires()
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        var (wallClock, instant) = SecondsAhead(3600, "UTC");

        var (started, status) = await PostAsync(server, "/api/intervalometer/start", $$"""{"intervalSeconds":10,"startAt":"{{wallClock}}"}""");
        var waiting = JsonDocument.Parse(await server.Client.GetStringAsync("/api/status", Token)).RootElement;
        var (stopped, after) = await PostAsync(server, "/api/intervalometer/stop", "{}");

        Assert.Equal(HttpStatusCode.OK, started);
        Assert.True(status.GetProperty("running").GetBoolean());
        Assert.True(waiting.GetProperty("scheduled").GetBoolean());
        Assert.Equal(instant, waiting.GetProperty("nextShotAt").GetDateTimeOffset());
        Assert.Equal(0, waiting.GetProperty("taken").GetInt32());
        Assert.Equal(HttpStatusCode.OK, stopped);
        Assert.False(after.GetProperty("running").GetBoolean());
        Assert.False(after.GetProperty("scheduled").GetBoolean());
        Assert.DoesNotContain("closed", server.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"intervalSeconds":5,"ramp":{"startSeconds":1,"endSeconds":2,"frames":1}}""", "A ramp takes at least 2 frames.")]
    [InlineData("""{"intervalSeconds":5,"ramp":{"startSeconds":1,"endSeconds":2,"frames":3,"firstFrame":0}}""", "A ramp's first frame is 1 or later.")]
    [InlineData("""{"intervalSeconds":5,"ramp":{"startSeconds":0.25,"endSeconds":20,"frames":400}}""", "The ramp's longest exposure (20 s) does not fit the 5 s interval: lengthen the interval or set a minimum gap.")]
    [InlineData("""{"intervalSeconds":5,"bulbSeconds":1,"ramp":{"startSeconds":1,"endSeconds":2,"frames":3}}""", "A plan takes a fixed bulb exposure or a ramp, not both.")]
    [InlineData("""{"intervalSeconds":5,"ramp":{"endSeconds":2,"frames":3}}""", "ramp.startSeconds must be more than 0 and at most 86400.")]
    [InlineData("""{"intervalSeconds":5,"ramp":{"startSeconds":1,"endSeconds":0,"frames":3}}""", "ramp.endSeconds must be more than 0 and at most 86400.")]
    [InlineData("""{"intervalSeconds":5,"ramp":{"startSeconds":1,"endSeconds":1e300,"frames":3}}""", "ramp.endSeconds must be more than 0 and at most 86400.")]
    [InlineData("""{"intervalSeconds":5,"ramp":{"startSeconds":1,"endSeconds":2}}""", "ramp.frames must say over how many frames the exposure changes (at least 2).")]
    [InlineData("""{"intervalSeconds":5,"ramp":{"startSeconds":1,"endSeconds":2,"frames":3,"minimumGapSeconds":-1}}""", "ramp.minimumGapSeconds must be between 0 and 86400, or null to keep the interval fixed.")]
    [InlineData("""{"intervalSeconds":5,"bulbSeconds":1e-300}""", "bulbSeconds must be more than 0 and at most 86400, or null for a pulse.")]
    [InlineData("""{"intervalSeconds":5,"ramp":{"startSeconds":1e-300,"endSeconds":2,"frames":3}}""", "ramp.startSeconds must be more than 0 and at most 86400.")]
    [InlineData("""{"intervalSeconds":5,"ramp":{"startSeconds":1,"endSeconds":1e-8,"frames":3}}""", "ramp.endSeconds must be more than 0 and at most 86400.")]
    [InlineData("""{"intervalSeconds":5,"ramp":{"start":1}}""", "The body is not valid JSON for this request")]
    [InlineData("""{"intervalSeconds":5,"ramp":5}""", "The body is not valid JSON for this request")]
    [InlineData("""{"intervalSeconds":5,"startAt":"2030-03-31T02:30"}""", "2030-03-31 02:30 does not exist in Europe/Berlin: the clocks skip it.")]
    [InlineData("""{"intervalSeconds":5,"startAt":"2020-01-01T10:00"}""", "The start time 2020-01-01 10:00:00 +01:00 has passed.")]
    [InlineData("""{"intervalSeconds":5,"startAt":"2099-01-01T10:00"}""", "startAt must be at most 30 days ahead.")]
    [InlineData("""{"intervalSeconds":5,"startAt":"2099-01-01T10:00+01:00"}""", "startAt must be a date and time on the server's clock (Europe/Berlin) such as 2026-12-24T19:00, without an offset.")]
    [InlineData("""{"intervalSeconds":5,"startAt":"tomorrow"}""", "startAt must be a date and time on the server's clock (Europe/Berlin)")]
    [InlineData("""{"intervalSeconds":5,"startAt":"2020-01-01T10:00","delaySeconds":5}""", "A plan starts after a delay or at a time, not both.")]
    public async Task A_bad_ramp_or_start_time_gets_a_400_with_one_sentence_and_starts_nothing(string body, string detail)
    {
        var server = berlin.Server;
        foreach (var path in new[] { "/api/preview", "/api/intervalometer/start" })
        {
            using var response = await server.Client.PostAsync(path, Json(body), Token);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement;
            Assert.StartsWith(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("Parameter", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Contains("\"running\":false", await server.Client.GetStringAsync("/api/status", Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preview_of_a_million_frames_answers_a_thousand_at_a_time_and_goes_no_further_than_ten_thousand()
    {
        var server = berlin.Server;
        const string Hostile = """{"intervalSeconds":1,"count":1000000,"ramp":{"startSeconds":0.001,"endSeconds":86400,"frames":1000000,"minimumGapSeconds":86400}}""";

        using var first = await server.Client.PostAsync("/api/preview", Json(Hostile), Token);
        var firstBody = await first.Content.ReadAsStringAsync(Token);
        var (lastStatus, last) = await PostAsync(server, "/api/preview?from=10000", Hostile);
        var (beyond, beyondProblem) = await PostAsync(server, "/api/preview?from=10001", Hostile);
        var (tooMany, tooManyProblem) = await PostAsync(server, "/api/preview?take=1001", Hostile);
        var (garbage, _) = await PostAsync(server, "/api/preview?from=-1", Hostile);
        var (endless, endlessPage) = await PostAsync(server, "/api/preview?from=9999&take=5", """{"intervalSeconds":1}""");
        var (pastEnd, pastEndPage) = await PostAsync(server, "/api/preview?from=5", """{"intervalSeconds":1,"count":3}""");
        var (pastEndRefused, _) = await PostAsync(server, "/api/preview?from=5", """{"intervalSeconds":1,"count":3,"ramp":{"startSeconds":1,"endSeconds":2,"frames":3}}""");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.InRange(firstBody.Length, 1, 150_000);
        var page = JsonDocument.Parse(firstBody).RootElement;
        Assert.Equal(1000, page.GetProperty("frames").GetArrayLength());
        Assert.Equal(1001, page.GetProperty("next").GetInt32());
        Assert.Equal(1_000_000, page.GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.OK, lastStatus);
        Assert.Equal(10_000, Assert.Single(last.GetProperty("frames").EnumerateArray()).GetProperty("frame").GetInt32());
        Assert.Equal(JsonValueKind.Null, last.GetProperty("next").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, beyond);
        Assert.Equal("from must be a frame number from 1 to 10000: the preview lists a run's first 10000 frames.", beyondProblem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany);
        Assert.Equal("take must be from 1 to 1000: a preview answer lists at most 1000 frames.", tooManyProblem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, garbage);
        Assert.Equal(HttpStatusCode.OK, endless);
        Assert.Equal([9999, 10000], endlessPage.GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("frame").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, pastEnd);
        Assert.Equal(0, pastEndPage.GetProperty("frames").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, pastEndPage.GetProperty("next").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, pastEndRefused); // a page past the end still checks the plan
        Assert.Contains("\"running\":false", await server.Client.GetStringAsync("/api/status", Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_preview_is_guarded_as_the_start_is_against_other_sites()
    {
        var server = berlin.Server;
        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/api/preview") { Content = Json("""{"intervalSeconds":5}""") };
        foreign.Headers.Add("Origin", "http://evil.example");
        using var form = new StringContent("intervalSeconds=5", Encoding.UTF8, "application/x-www-form-urlencoded");

        using var fromElsewhere = await server.Client.SendAsync(foreign, Token);
        using var notJson = await server.Client.PostAsync("/api/preview", form, Token);

        Assert.Equal(HttpStatusCode.Forbidden, fromElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
    }

    [Fact]
    public async Task Any_start_time_or_page_is_answered_with_a_preview_or_a_400_never_a_server_error()
    {
        var server = berlin.Server;
        await Gen.Select(
                Gen.OneOf(
                    Gen.String,
                    Gen.Char["0123456789-T:. +Z"].Array[0, 24].Select(c => new string(c)),
                    Gen.DateTime.Select(d => d.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture))),
                Gen.OneOf(Gen.String, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))))
            .SampleAsync(
                async (startAt, from) =>
                {
                    var body = JsonSerializer.Serialize(new { intervalSeconds = 5, count = 3, startAt });
                    using var response = await server.Client.PostAsync($"/api/preview?from={Uri.EscapeDataString(from)}", Json(body), Token);
                    Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{startAt} from={from}: {response.StatusCode}");
                    if (response.StatusCode == HttpStatusCode.BadRequest)
                    {
                        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("detail").GetString()!;
                        Assert.Single(detail.Split('\n'));
                    }
                },
                iter: 200);
    }
}
