using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Drivers.Shutter;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ShutterWeb;

/// <summary>The HTTP API (README.md): status, start, stop, a shot now, settings and server-sent events.</summary>
internal static class Api
{
    private const double Day = 24 * 60 * 60;

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

        api.MapPost("/intervalometer/start", async Task<IResult> (HttpRequest request, ShutterRelease shutter, Intervalometer meter) =>
        {
            var (body, problem) = await ReadAsync(request, ApiJson.Default.StartRequest);
            if (problem is not null)
            {
                return problem;
            }
            var interval = body!.IntervalSeconds ?? meter.Status.Interval.TotalSeconds;
            var shotMilliseconds = shutter.PulseDuration.TotalMilliseconds + shutter.FocusDuration.TotalMilliseconds;
            var invalid =
                interval * 1000 <= shotMilliseconds ? $"intervalSeconds must be longer than a shot ({shotMilliseconds} ms of pulse and focus)."
                : interval > Day ? "intervalSeconds must be at most 86400 (24 hours)."
                : body.Count is <= 0 ? "count must be a positive number of frames, or null to run until stopped."
                : body.DelaySeconds is < 0 or > Day ? "delaySeconds must be between 0 and 86400."
                : body.BulbSeconds is <= 0 or > Day ? "bulbSeconds must be more than 0 and at most 86400, or null for a pulse."
                // The next frame is due before a longer exposure ends: the intervalometer would skip it, and half the frames would be lost.
                : body.BulbSeconds is double exposure && (exposure * 1000) + shutter.FocusDuration.TotalMilliseconds >= interval * 1000
                    ? $"bulbSeconds ({exposure.ToString(CultureInfo.InvariantCulture)}) must be shorter than intervalSeconds ({interval.ToString(CultureInfo.InvariantCulture)}){(shutter.FocusDuration > TimeSpan.Zero ? $", less the {shutter.FocusDuration.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms of focus" : "")}; a longer exposure would skip the frames due while the shutter is open."
                : null;
            if (invalid is not null)
            {
                return Invalid(invalid);
            }
            try
            {
                meter.Start(new IntervalometerPlan
                {
                    Interval = TimeSpan.FromSeconds(interval),
                    Count = body.Count,
                    StartDelay = TimeSpan.FromSeconds(body.DelaySeconds ?? 0),
                    BulbDuration = body.BulbSeconds is double bulb ? TimeSpan.FromSeconds(bulb) : null,
                });
            }
            catch (InvalidOperationException)
            {
                return TypedResults.Problem("A run is in progress; stop it first.", statusCode: StatusCodes.Status409Conflict, title: "Already running");
            }
            return Status(shutter, meter);
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

        api.MapPut("/settings", async Task<IResult> (HttpRequest request, ShutterRelease shutter, Intervalometer meter) =>
        {
            var (body, problem) = await ReadAsync(request, ApiJson.Default.SettingsBody);
            if (problem is not null)
            {
                return problem;
            }
            var pulse = body!.PulseMilliseconds ?? shutter.PulseDuration.TotalMilliseconds;
            var focus = body.FocusMilliseconds ?? shutter.FocusDuration.TotalMilliseconds;
            var status = meter.Status;
            var invalid =
                pulse is <= 0 or > 60_000 ? "pulseMilliseconds must be more than 0 and at most 60000."
                : focus is < 0 or > 10_000 ? "focusMilliseconds must be between 0 and 10000."
                : focus > 0 && shutter.FocusPin is null ? "focusMilliseconds needs a focus line; start shutter-web with --focus-pin."
                : status.Running && pulse + focus >= status.Interval.TotalMilliseconds ? $"pulse and focus together must be shorter than the running interval ({status.Interval.TotalMilliseconds} ms)."
                : null;
            if (invalid is not null)
            {
                return Invalid(invalid);
            }
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
        }
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
