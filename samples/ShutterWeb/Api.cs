using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Drivers.Shutter;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ShutterWeb;

/// <summary>The HTTP API (README.md): status, start, a plan's preview, stop, a shot now, settings and server-sent events.</summary>
internal static class Api
{
    /// <summary>A preview answer lists at most this many frames (under 100 KB of JSON).</summary>
    private const int PreviewPage = 1_000;

    /// <summary>The preview goes at most this many frames into a run, so that no request costs more than that to compute.</summary>
    private const int PreviewLimit = 10_000;

    public static void Map(WebApplication app, Settings settings)
    {
        var api = app.MapGroup("/api");
        if (settings.Token is string token)
        {
            api.AddEndpointFilter(new BearerTokenFilter(token));
        }
        api.AddEndpointFilter(RequestGuard.ApiAsync);

        api.MapGet("/status", (ShutterRelease shutter, Intervalometer meter) =>
            TypedResults.Json(StatusResponse.From(meter.Status, shutter), ApiJson.Default.StatusResponse));

        api.MapPost("/intervalometer/start", async Task<IResult> (HttpRequest request, ShutterRelease shutter, Intervalometer meter, StartedPlan started, RunChanges changes) =>
        {
            var (body, problem) = await ReadAsync(request, ApiJson.Default.StartRequest);
            if (problem is not null)
            {
                return problem;
            }
            // The plan is timed for the focus and pulse of now: no settings change until the run is started (or refused).
            using var alone = await changes.EnterAsync(request.HttpContext.RequestAborted);
            if (Plans.TryBuild(body!, shutter, meter.Status.Interval, out var invalid) is not { } plan)
            {
                return Invalid(invalid!);
            }
            try
            {
                meter.Start(plan);
                started.Plan = plan;
            }
            catch (ArgumentException e)
            {
                return Invalid(Plans.Sentence(e));
            }
            catch (InvalidOperationException)
            {
                return TypedResults.Problem("A run is in progress; stop it first.", statusCode: StatusCodes.Status409Conflict, title: "Already running");
            }
            return Status(shutter, meter);
        });

        api.MapPost("/preview", async Task<IResult> (HttpRequest request, ShutterRelease shutter, Intervalometer meter) =>
        {
            if (!TryPage(request.Query, out var from, out var take, out var invalid))
            {
                return Invalid(invalid);
            }
            var (body, problem) = await ReadAsync(request, ApiJson.Default.StartRequest);
            if (problem is not null)
            {
                return problem;
            }
            if (Plans.TryBuild(body!, shutter, meter.Status.Interval, out invalid) is not { } plan)
            {
                return Invalid(invalid!);
            }
            IReadOnlyList<PlannedFrame> frames;
            try
            {
                // The library lists frames from the first (checking the plan as Start does): a page ends at most
                // PreviewLimit frames in, whatever the count; past the plan's last frame it is empty.
                frames = meter.Preview(plan, from + take - 1);
            }
            catch (ArgumentException e)
            {
                return Invalid(Plans.Sentence(e));
            }
            var page = frames.Skip(from - 1).Select(f => new PreviewFrame(f.FrameNumber, f.PlannedAt, f.Exposure?.TotalSeconds)).ToArray();
            var last = from + page.Length - 1;
            int? next = last < PreviewLimit && (plan.Count is not int count || last < count) ? last + 1 : null;
            return TypedResults.Json(new PreviewResponse(plan.Count, page, next), ApiJson.Default.PreviewResponse);
        });

        api.MapPost("/intervalometer/stop", async (ShutterRelease shutter, Intervalometer meter, CancellationToken cancellationToken) =>
        {
            await meter.StopAsync(cancellationToken);
            return Status(shutter, meter);
        });

        api.MapPost("/shots", async (Intervalometer meter, CancellationToken cancellationToken) =>
        {
            var shot = await meter.ShootNowAsync(cancellationToken);
            return TypedResults.Json(new ShotResponse(shot.StartedAt, shot.ShutterClosedAt, shot.ReleasedAt), ApiJson.Default.ShotResponse);
        });

        api.MapPut("/settings", async Task<IResult> (HttpRequest request, ShutterRelease shutter, Intervalometer meter, StartedPlan started, RunChanges changes, SettingsHold hold) =>
        {
            var (body, problem) = await ReadAsync(request, ApiJson.Default.SettingsBody);
            if (problem is not null)
            {
                return problem;
            }
            // What the checks see (a run or none) stays true until the change is made: no start in between.
            using var alone = await changes.EnterAsync(request.HttpContext.RequestAborted);
            var pulse = body!.PulseMilliseconds ?? shutter.PulseDuration.TotalMilliseconds;
            var focus = body.FocusMilliseconds ?? shutter.FocusDuration.TotalMilliseconds;
            var status = meter.Status;
            // A bulb frame is focus then exposure, and a ramp's frames were timed (and, with a minimum gap, spaced) for
            // the focus of the run's start: a longer one now would eat the gap or run into the next frame, which is then
            // skipped. Lowering it is harmless, so only a rise is refused, until the run stops.
            var bulbRun = status.Running && started.Plan is { BulbRamp: not null } or { BulbDuration: not null };
            var current = shutter.FocusDuration.TotalMilliseconds;
            var invalid =
                pulse is <= 0 or > 60_000 ? "pulseMilliseconds must be more than 0 and at most 60000."
                : focus is < 0 or > 10_000 ? "focusMilliseconds must be between 0 and 10000."
                : focus > 0 && shutter.FocusPin is null ? "focusMilliseconds needs a focus line; start shutter-web with --focus-pin."
                : bulbRun && focus > current ? $"focusMilliseconds cannot rise above {current} ms during a bulb or ramp run, whose frames are timed for it; stop the run first."
                : status.Running && pulse + focus >= status.Interval.TotalMilliseconds ? $"pulse and focus together must be shorter than the running interval ({status.Interval.TotalMilliseconds} ms)."
                : null;
            if (invalid is not null)
            {
                return Invalid(invalid);
            }
            await hold.HoldAsync(request.HttpContext.RequestAborted);
            shutter.PulseDuration = TimeSpan.FromMilliseconds(pulse);
            shutter.FocusDuration = TimeSpan.FromMilliseconds(focus);
            return TypedResults.Json(new SettingsBody(pulse, focus), ApiJson.Default.SettingsBody);
        });

        api.MapGet("/events", ServerSentEvents.StreamAsync);

        if (Environment.GetEnvironmentVariable(StreamCount.Variable) == "1")
        {
            // For tests only: waits (up to 10 s) until as many streams were opened and are open as asked.
            api.MapGet("/diagnostics", async (StreamCount count, long? opened, long? open, CancellationToken cancellationToken) =>
            {
                var now = await count.WaitAsync(c => c.Opened >= (opened ?? 0) && (open is null || c.Open == open), TimeSpan.FromSeconds(10), cancellationToken);
                return TypedResults.Json(now with { ManagedBytes = GC.GetTotalMemory(forceFullCollection: true) }, ApiJson.Default.StreamCounts);
            });

            // Holds the next PUT /api/settings between its checks and its change (SettingsHold); GET says once it is held.
            api.MapPost("/diagnostics/settings-hold", (SettingsHold hold) =>
            {
                hold.Arm();
                return TypedResults.NoContent();
            });
            api.MapGet("/diagnostics/settings-hold", async Task<IResult> (SettingsHold hold, CancellationToken cancellationToken) =>
                await hold.HeldAsync(cancellationToken) ? TypedResults.NoContent() : TypedResults.StatusCode(StatusCodes.Status504GatewayTimeout));
        }
    }

    /// <summary>
    /// The preview's page from the query: <c>from</c> (the first frame listed, 1 to <see cref="PreviewLimit"/>, default 1) and
    /// <c>take</c> (1 to <see cref="PreviewPage"/>, default <see cref="PreviewPage"/>), never past frame <see cref="PreviewLimit"/>.
    /// </summary>
    private static bool TryPage(IQueryCollection query, out int from, out int take, out string problem)
    {
        from = 1;
        take = PreviewPage;
        problem = "";
        if (query.TryGetValue("from", out var fromText) && !(int.TryParse(fromText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out from) && from is >= 1 and <= PreviewLimit))
        {
            problem = $"from must be a frame number from 1 to {PreviewLimit}: the preview lists a run's first {PreviewLimit} frames.";
            return false;
        }
        if (query.TryGetValue("take", out var takeText) && !(int.TryParse(takeText.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out take) && take is >= 1 and <= PreviewPage))
        {
            problem = $"take must be from 1 to {PreviewPage}: a preview answer lists at most {PreviewPage} frames.";
            return false;
        }
        take = Math.Min(take, PreviewLimit - from + 1);
        return true;
    }

    private static JsonHttpResult<StatusResponse> Status(ShutterRelease shutter, Intervalometer meter) =>
        TypedResults.Json(StatusResponse.From(meter.Status, shutter), ApiJson.Default.StatusResponse);

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid input");

    private static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync(request.Body, type, request.HttpContext.RequestAborted);
            return body is null ? (null, Invalid("The body must be a JSON object.")) : (body, null);
        }
        catch (JsonException e)
        {
            // The message names the path and position (e.g. "$.count | LineNumber: 0"), never our internals.
            return (null, Invalid($"The body is not valid JSON for this request: {e.Message}"));
        }
    }

    /// <summary>Lets a request through only with <c>Authorization: Bearer TOKEN</c>; compares in constant time.</summary>
    private sealed class BearerTokenFilter(string token) : IEndpointFilter
    {
        private readonly byte[] _expected = Encoding.UTF8.GetBytes(token);

        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var header = context.HttpContext.Request.Headers.Authorization.ToString();
            var given = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8.GetBytes(header[7..].Trim()) : [];
            if (!CryptographicOperations.FixedTimeEquals(given, _expected))
            {
                context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return TypedResults.Problem("A valid 'Authorization: Bearer' token is required.", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
            }
            return await next(context);
        }
    }
}
