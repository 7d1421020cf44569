using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cube.Motion;
using Cube.Pad;
using Cube.Streaming;
using ShutterWeb;

namespace Cube;

/// <summary>The HTTP API (README.md): status, clock, color, server-sent events, and diagnostics for tests.</summary>
internal static class Api
{
    /// <summary>Set to 1 to serve <c>/api/diagnostics</c> (subscription counts, lightbar colors, unplug and replug).</summary>
    public const string DiagnosticsVariable = "CUBE_DIAGNOSTICS";

    public static void Map(WebApplication app, CubeSettings settings)
    {
        var api = app.MapGroup("/api");
        if (settings.Token is string token)
        {
            api.AddEndpointFilter(new BearerTokenFilter(token));
        }
        api.AddEndpointFilter(RequestGuard.ApiAsync);

        api.MapGet("/status", (CubeHub hub) => hub.Status is { } status
            ? Results.Json(status, CubeJson.Default.PadStatus)
            : Results.Problem("The controller has not been opened yet.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Starting"));

        api.MapGet("/clock", () => TypedResults.Json(new ClockResponse(WallClock.Now()), CubeJson.Default.ClockResponse));

        api.MapPost("/color", async Task<IResult> (HttpRequest request, CubeEngine engine) =>
        {
            // A color is a few dozen bytes: a larger body is refused before it is read into memory.
            if (request.ContentLength > MaxColorBody)
            {
                return TooLarge();
            }
            if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = MaxColorBody; // a chunked body has no length to check first
            }
            ColorBody? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync(request.Body, CubeJson.Default.ColorBody, request.HttpContext.RequestAborted);
            }
            catch (JsonException e)
            {
                return Invalid($"The body is not valid JSON for this request: {e.Message}");
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return TooLarge();
            }
            if (!Rgb.TryParse(body?.Color, out var color))
            {
                return Invalid("color must be a CSS color such as \"#ff0028\".");
            }
            engine.SetColor(color);
            return TypedResults.Json(new ColorBody(color.Css), CubeJson.Default.ColorBody);
        });

        api.MapGet("/events", ServerSentEvents.StreamAsync);

        if (Environment.GetEnvironmentVariable(DiagnosticsVariable) == "1")
        {
            MapDiagnostics(api);
        }
    }

    private static void MapDiagnostics(RouteGroupBuilder api)
    {
        // Waits (up to 10 s) until as many subscriptions were opened and are open as asked.
        api.MapGet("/diagnostics", async (CubeHub hub, PadSource source, long? opened, long? open, CancellationToken cancellationToken) =>
        {
            var now = await hub.WaitAsync(c => c.Opened >= (opened ?? 0) && (open is null || c.Open == open), TimeSpan.FromSeconds(10), cancellationToken);
            IReadOnlyList<string> lightbar = source is SimulatedSource simulated ? [.. simulated.LightbarColors().Select(c => c.Css)] : [];
            return TypedResults.Json(
                new Diagnostics(now.Opened, now.Open, now.SkippedFrames, GC.GetTotalMemory(forceFullCollection: true), lightbar),
                CubeJson.Default.Diagnostics);
        });
        api.MapPost("/diagnostics/unplug", (PadSource source) =>
            source is SimulatedSource simulated && simulated.Unplug() ? Results.NoContent() : Results.Conflict());
        api.MapPost("/diagnostics/replug", (PadSource source) =>
            source is SimulatedSource simulated && simulated.Replug() ? Results.NoContent() : Results.Conflict());
    }

    private const int MaxColorBody = 1024;

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"A color body is at most {MaxColorBody} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid input");

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
