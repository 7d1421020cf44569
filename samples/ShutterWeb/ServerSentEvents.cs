using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Drivers.Shutter;

namespace ShutterWeb;

/// <summary>GET /api/events: the status after every change, each shot and each run event, as text/event-stream.</summary>
internal static class ServerSentEvents
{
    public static async Task StreamAsync(HttpContext context, ShutterRelease shutter, Intervalometer meter, RecentShots recent, StreamCount count, IHostApplicationLifetime lifetime)
    {
        count.Opened();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var events = meter.WatchEventsAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        // The first MoveNextAsync registers this reader before it returns, so nothing after the snapshot below is missed.
        var next = events.MoveNextAsync().AsTask();
        try
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";

            await WriteAsync(response, "status", StatusResponse.From(meter.Status, shutter), ApiJson.Default.StatusResponse, stop.Token);
            foreach (var shot in recent.Snapshot())
            {
                await WriteAsync(response, "shot", shot, ApiJson.Default.ShotEvent, stop.Token);
            }
            for (; await next; next = events.MoveNextAsync().AsTask())
            {
                var e = events.Current;
                if (ToShot(e) is { } shot)
                {
                    await WriteAsync(response, "shot", shot, ApiJson.Default.ShotEvent, stop.Token);
                }
                else
                {
                    await WriteAsync(response, "run", new RunEvent(Camel(e.Kind), e.Error), ApiJson.Default.RunEvent, stop.Token);
                }
                await WriteAsync(response, "status", StatusResponse.From(e.Status, shutter), ApiJson.Default.StatusResponse, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The page went away or the server is stopping.
        }
        finally
        {
            // A read may still be pending (a write failed first): end it before the reader is disposed.
            await stop.CancelAsync();
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
            }
            await events.DisposeAsync();
            count.Closed();
        }
    }

    public static ShotEvent? ToShot(IntervalometerEvent e) =>
        e.Kind is IntervalometerEventKind.Shot or IntervalometerEventKind.Skipped or IntervalometerEventKind.AdHocShot
            ? new ShotEvent(Camel(e.Kind), e.FrameNumber, e.PlannedAt, e.ActualAt, e.Lateness?.TotalMilliseconds, e.Exposure?.TotalSeconds)
            : null;

    private static string Camel(IntervalometerEventKind kind)
    {
        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private static async Task WriteAsync<T>(HttpResponse response, string name, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(value, type);
        await response.WriteAsync($"event: {name}\ndata: {json}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
