using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Cube.Streaming;

/// <summary>
/// GET /api/events: the status, then every frame as the controller reports it and the status on every change and
/// once a second, as text/event-stream. A page slower than the controller gets the newest frame each time it is
/// ready (see <see cref="Subscription"/>). The subscription ends with the connection.
/// </summary>
internal static class ServerSentEvents
{
    private static readonly byte[] StatusPrefix = Encoding.UTF8.GetBytes("event: status\ndata: ");
    private static readonly byte[] FramePrefix = Encoding.UTF8.GetBytes("event: frame\ndata: ");
    private static readonly byte[] End = Encoding.UTF8.GetBytes("\n\n");

    public static async Task StreamAsync(HttpContext context, CubeHub hub, IHostApplicationLifetime lifetime)
    {
        if (hub.TrySubscribe() is not { } subscription)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync($"cube serves at most {CubeHub.MaxSubscriptions} pages at once; close one and reload.\n");
            return;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        using var closing = stop.Token.Register(subscription.Close);
        try
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            var body = response.BodyWriter;
            await using var json = new Utf8JsonWriter(body);
            while (true)
            {
                var (status, frame) = await subscription.NextAsync();
                if (status is null && frame is null)
                {
                    continue;
                }
                if (status is not null)
                {
                    Write(body, json, StatusPrefix, status, CubeJson.Default.PadStatus);
                }
                if (frame is not null)
                {
                    Write(body, json, FramePrefix, frame, CubeJson.Default.Frame);
                }
                var flushed = await body.FlushAsync(stop.Token);
                if (flushed.IsCompleted || flushed.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The page went away or the server is stopping.
        }
        catch (IOException)
        {
            // The connection broke during a write.
        }
        finally
        {
            hub.Unsubscribe(subscription);
        }
    }

    private static void Write<T>(System.IO.Pipelines.PipeWriter body, Utf8JsonWriter json, byte[] prefix, T value, JsonTypeInfo<T> type)
    {
        body.Write(prefix);
        json.Reset(body);
        JsonSerializer.Serialize(json, value, type);
        json.Flush();
        body.Write(End);
    }
}
