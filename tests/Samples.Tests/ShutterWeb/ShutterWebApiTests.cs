using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.ShutterWeb;

public sealed class ShutterWebApiTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)).RootElement;

    [Fact]
    public async Task The_status_has_the_contract_shape_and_defaults()
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);

        var body = await server.Client.GetStringAsync("/api/status", Token);

        Assert.Equal("""{"running":false,"scheduled":false,"intervalSeconds":5,"count":null,"taken":0,"nextShotAt":null,"pulseMilliseconds":150,"timeZone":"UTC"}""", body);
    }

    [Fact]
    public async Task A_run_started_over_the_api_takes_frames_that_the_event_stream_reports_and_stops()
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        using var events = await server.Client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, Token);
        Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
        using var stream = new StreamReader(await events.Content.ReadAsStreamAsync(Token));

        using var started = await server.Client.PostAsync("/api/intervalometer/start",
            Json("""{"intervalSeconds":0.3,"count":null,"delaySeconds":0,"bulbSeconds":null}"""), Token);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.True((await ReadJsonAsync(started)).GetProperty("running").GetBoolean());

        var shots = new List<JsonElement>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        string? name = null;
        while (shots.Count < 3 && await stream.ReadLineAsync(deadline.Token) is string line)
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
        using var stopped = await server.Client.PostAsync("/api/intervalometer/stop", Json("{}"), Token);
        var status = await ReadJsonAsync(stopped);

        // Every frame is reported in order; one reached more than a tenth of the interval late (a busy VM, the first
        // run's JIT) is reported skipped by design, so shot or skipped, and at least one of them shot.
        Assert.Equal([1, 2, 3], shots.Select(s => s.GetProperty("frame").GetInt32()));
        Assert.All(shots, s => Assert.Matches("^(shot|skipped)$", s.GetProperty("kind").GetString()));
        Assert.Contains(shots, s => s.GetProperty("kind").GetString() == "shot");
        Assert.All(shots.Where(s => s.GetProperty("kind").GetString() == "shot"), s => Assert.True(s.GetProperty("latenessMilliseconds").GetDouble() >= 0));
        Assert.False(status.GetProperty("running").GetBoolean());
        Assert.True(status.GetProperty("taken").GetInt32() >= shots.Count(s => s.GetProperty("kind").GetString() == "shot"));
        Assert.Matches("virtual-gpio: line 18 closed", server.Output);
        Assert.Contains("released", server.Output.Split('\n').Last(l => l.StartsWith("virtual-gpio", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_picture_on_demand_and_new_settings_are_taken()
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);

        using var settings = await server.Client.PutAsync("/api/settings", Json("""{"pulseMilliseconds":80,"focusMilliseconds":0}"""), Token);
        using var shot = await server.Client.PostAsync("/api/shots", Json("{}"), Token);
        var taken = await ReadJsonAsync(shot);
        var status = JsonDocument.Parse(await server.Client.GetStringAsync("/api/status", Token)).RootElement;

        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shot.StatusCode);
        var held = taken.GetProperty("releasedAt").GetDateTimeOffset() - taken.GetProperty("shutterClosedAt").GetDateTimeOffset();
        Assert.InRange(held.TotalMilliseconds, 80, 5_000);
        Assert.Equal(80, status.GetProperty("pulseMilliseconds").GetDouble());
        Assert.Equal(0, status.GetProperty("taken").GetInt32());
    }

    [Fact]
    public async Task During_a_ramp_run_the_focus_may_fall_but_not_rise_since_the_frames_are_timed_for_it()
    {
        await using var server = await ShutterWebServer.StartAsync(focusPin: 23, cancellationToken: Token);
        async Task<(HttpStatusCode Status, string Body)> FocusAsync(int milliseconds)
        {
            using var response = await server.Client.PutAsync("/api/settings", Json($$"""{"focusMilliseconds":{{milliseconds}}}"""), Token);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(Token));
        }
        Assert.Equal(HttpStatusCode.OK, (await FocusAsync(200)).Status);
        // A ramp whose longest exposure fits the interval with 0.2 s of focus; its first frame is an hour away.
        using var start = await server.Client.PostAsync("/api/intervalometer/start", Json("""{"intervalSeconds":10,"count":5,"delaySeconds":3600,"ramp":{"startSeconds":1,"endSeconds":9.5,"frames":5}}"""), Token);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);

        // 0.2 s + 9.5 s fits 10 s, 0.8 s + 9.5 s does not, although pulse and focus together are far below it.
        var raised = await FocusAsync(800);
        var lowered = await FocusAsync(100);
        using var stop = await server.Client.PostAsync("/api/intervalometer/stop", Json("{}"), Token);
        var stopped = await FocusAsync(800);

        Assert.Equal(HttpStatusCode.BadRequest, raised.Status);
        Assert.Contains("focusMilliseconds cannot rise above 200 ms during a bulb or ramp run, whose frames are timed for it; stop the run first.", raised.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, lowered.Status);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stopped.Status);
    }

    [Theory]
    [InlineData("/api/intervalometer/start", """{"intervalSeconds":0.1}""", "intervalSeconds must be longer than a shot")]
    [InlineData("/api/intervalometer/start", """{"intervalSeconds":0.15}""", "intervalSeconds must be longer than a shot")]
    [InlineData("/api/intervalometer/start", """{"intervalSeconds":-5}""", "intervalSeconds must be longer than a shot")]
    [InlineData("/api/intervalometer/start", """{"intervalSeconds":86401}""", "at most 86400")]
    [InlineData("/api/intervalometer/start", """{"intervalSeconds":5,"count":-1}""", "count must be a positive")]
    [InlineData("/api/intervalometer/start", """{"intervalSeconds":5,"count":0}""", "count must be a positive")]
    [InlineData("/api/intervalometer/start", """{"intervalSeconds":5,"count":1.5}""", "not valid JSON")]
    [InlineData("/api/intervalometer/start", """{"intervalSeconds":5,"count":99999999999}""", "not valid JSON")]
    [InlineData("/api/intervalometer/start", """{"intervalSeconds":5,"delaySeconds":-1}""", "delaySeconds")]
    [InlineData("/api/intervalometer/start", """{"intervalSeconds":5,"bulbSeconds":0}""", "bulbSeconds")]
    [InlineData("/api/intervalometer/start", """{"intervalSeconds":5,"bulbSeconds":8}""", "bulbSeconds (8) must be shorter than intervalSeconds (5); a longer exposure would skip")]
    [InlineData("/api/intervalometer/start", """{"intervalSeconds":5,"bulbSeconds":5}""", "bulbSeconds (5) must be shorter than intervalSeconds (5)")]
    [InlineData("/api/intervalometer/start", """{"bulbSeconds":30}""", "bulbSeconds (30) must be shorter than intervalSeconds (5)")]
    [InlineData("/api/intervalometer/start", """{"intervalSeconds":"5"}""", "not valid JSON")]
    [InlineData("/api/intervalometer/start", """{"interval":5}""", "not valid JSON")]
    [InlineData("/api/intervalometer/start", """{"intervalSeconds":5""", "not valid JSON")]
    [InlineData("/api/intervalometer/start", """[5]""", "not valid JSON")]
    [InlineData("/api/intervalometer/start", "null", "must be a JSON object")]
    [InlineData("/api/intervalometer/start", "", "not valid JSON")]
    [InlineData("/api/intervalometer/start", "\u0000\u00ff garbage", "not valid JSON")]
    [InlineData("/api/settings", """{"pulseMilliseconds":0}""", "pulseMilliseconds")]
    [InlineData("/api/settings", """{"pulseMilliseconds":600000}""", "pulseMilliseconds")]
    [InlineData("/api/settings", """{"focusMilliseconds":-1}""", "focusMilliseconds")]
    [InlineData("/api/settings", """{"focusMilliseconds":500}""", "--focus-pin")]
    [InlineData("/api/settings", """nope""", "not valid JSON")]
    public async Task Invalid_input_gets_a_400_problem_and_changes_nothing(string path, string body, string detail)
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        using var request = new HttpRequestMessage(path.EndsWith("settings", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post, path)
        {
            Content = Json(body),
        };

        using var response = await server.Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("""{"running":false,"scheduled":false,"intervalSeconds":5,"count":null,"taken":0,"nextShotAt":null,"pulseMilliseconds":150,"timeZone":"UTC"}""",
            await server.Client.GetStringAsync("/api/status", Token));
    }

    [Fact]
    public async Task A_second_start_while_running_is_a_409_problem()
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        using var first = await server.Client.PostAsync("/api/intervalometer/start", Json("""{"intervalSeconds":60}"""), Token);

        using var second = await server.Client.PostAsync("/api/intervalometer/start", Json("""{"intervalSeconds":60}"""), Token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task With_a_token_requests_without_it_or_with_a_wrong_one_get_401()
    {
        await using var server = await ShutterWebServer.StartAsync(token: "s3cret-token", host: "0.0.0.0", cancellationToken: Token);
        using var anonymous = new HttpClient { BaseAddress = server.Address };
        using var wrong = new HttpClient { BaseAddress = server.Address };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-tokeN");
        using var basic = new HttpClient { BaseAddress = server.Address };
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "s3cret-token");

        foreach (var client in new[] { anonymous, wrong, basic })
        {
            foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/status"), (HttpMethod.Post, "/api/intervalometer/start"), (HttpMethod.Post, "/api/shots"), (HttpMethod.Post, "/api/preview"), (HttpMethod.Get, "/api/events") })
            {
                using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? Json("""{"intervalSeconds":5}""") : null };
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            }
        }
        using var allowed = await server.Client.GetAsync("/api/status", Token);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.DoesNotContain("closed", server.Output, StringComparison.Ordinal); // no unauthorised request took a picture
    }

    [Fact]
    public async Task Listening_beyond_loopback_without_a_token_is_refused_in_one_sentence()
    {
        var result = await SampleProcess.RunAsync(ShutterWebServer.Dll, ["--simulate", "--urls", "http://0.0.0.0:5099"], cancellationToken: Token);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Single(result.StandardError.TrimEnd().Split('\n'));
        Assert.Contains("--token", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--frobnicate")]
    [InlineData("--pin", "eighteen")]
    [InlineData("--urls", "ftp://example.org")]
    [InlineData("--pin", "18", "--focus-pin", "18")]
    [InlineData("--token")]
    [InlineData("--token", " ")]
    [InlineData("--pin", "-1")]
    [InlineData("--chip", "-1")]
    [InlineData("--urls", ";")]
    public async Task A_usage_error_exits_2_with_one_sentence(params string[] arguments)
    {
        var result = await SampleProcess.RunAsync(ShutterWebServer.Dll, arguments, cancellationToken: Token);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StandardError.TrimEnd().Split('\n'));
        Assert.StartsWith("shutter-web: ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_fits_a_screen_and_exits_0()
    {
        var result = await SampleProcess.RunAsync(ShutterWebServer.Dll, ["--help"], cancellationToken: Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--simulate", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(result.StandardOutput.Split('\n').Length < 25);
    }

    [Fact]
    public async Task Without_gpio_hardware_it_says_so_in_one_sentence_and_exits_1()
    {
        // This machine has no /sys/bus/gpio (checked by the test below it, so the test means what it says).
        Assert.False(Directory.Exists("/sys/bus/gpio"), "This test expects a machine without GPIO.");

        var result = await SampleProcess.RunAsync(ShutterWebServer.Dll, ["--urls", "http://127.0.0.1:5098"], cancellationToken: Token);

        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.StandardError.TrimEnd().Split('\n'));
        Assert.Contains("this machine has no GPIO chip", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SIGTERM_in_the_middle_of_a_bulb_releases_the_line_before_the_process_ends()
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        using var started = await server.Client.PostAsync("/api/intervalometer/start", Json("""{"intervalSeconds":120,"bulbSeconds":100}"""), Token);
        await server.WaitForOutputAsync(output => output.Contains("line 18 closed", StringComparison.Ordinal), "the bulb closes the line", Token);

        using (var kill = Process.Start("kill", ["-TERM", server.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Token);
        }
        await server.Process.WaitForExitAsync(Token);

        Assert.Equal(0, server.Process.ExitCode);
        var edges = server.Output.Split('\n').Where(l => l.StartsWith("virtual-gpio", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, edges.Length);
        Assert.Contains("line 18 released", edges[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_stops_the_server_releasing_the_line_and_exits_130()
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        using var started = await server.Client.PostAsync("/api/intervalometer/start", Json("""{"intervalSeconds":120,"bulbSeconds":100}"""), Token);
        await server.WaitForOutputAsync(output => output.Contains("line 18 closed", StringComparison.Ordinal), "the bulb closes the line", Token);

        using (var interrupt = Process.Start("kill", ["-INT", server.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync(Token);
        }
        await server.Process.WaitForExitAsync(Token);

        Assert.Equal(130, server.Process.ExitCode);
        Assert.Contains("line 18 released", server.Output, StringComparison.Ordinal);
    }
}
