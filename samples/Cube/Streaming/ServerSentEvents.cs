using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Connections.Features;

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
            LimitUnsentBytes(context);
            var body = response.BodyWriter;
            await using var json = new Utf8JsonWriter(body);
            while (true)
            {
                var (status, frame, statusIsNewer) = await subscription.NextAsync();
                if (status is null && frame is null)
                {
                    continue;
                }
                if (status is not null && !statusIsNewer)
                {
                    Write(body, json, StatusPrefix, status, CubeJson.Default.PadStatus);
                }
                if (frame is not null)
                {
                    Write(body, json, FramePrefix, frame, CubeJson.Default.Frame);
                }
                if (status is not null && statusIsNewer)
                {
                    Write(body, json, StatusPrefix, status, CubeJson.Default.PadStatus);
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
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // Stopping: drop the connection rather than end the stream politely, which would wait (up to the host's
                // shutdown timeout) to send what is queued to a page that may never read it.
                context.Abort();
            }
        }
    }

    /// <summary>
    /// Lets at most this many bytes of a page's stream wait unsent in the kernel (TCP_NOTSENT_LOWAT, tcp(7)); about
    /// sixty frames, a quarter of a second at 250 frames a second.
    /// </summary>
    internal const int UnsentLimit = 16 * 1024;

    private const int IpProtoTcp = 6;
    private const int TcpNotSentLowAt = 25; // TCP_NOTSENT_LOWAT, include/uapi/linux/tcp.h

    /// <summary>
    /// A page that stops reading (a phone whose Wi-Fi drops) then holds up its writer within a few kilobytes, and its
    /// slot keeps the newest frame for when it reads again. Without the limit Linux lets a send buffer grow to
    /// megabytes (net.ipv4.tcp_wmem), over a minute of stale frames the page would have to get through first.
    /// </summary>
    private static void LimitUnsentBytes(HttpContext context)
    {
        if (OperatingSystem.IsLinux() && context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            // Raw: SetSocketOption translates only the option names it knows.
            socket.SetRawSocketOption(IpProtoTcp, TcpNotSentLowAt, BitConverter.GetBytes(UnsentLimit));
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
