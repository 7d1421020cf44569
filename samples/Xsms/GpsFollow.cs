using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Drivers.Em73xx;
using Drivers.Em73xx.Gps;

namespace Xsms;

/// <summary>How <c>gps --follow</c> prints each fix.</summary>
internal enum GpsFormat
{
    Text,
    Json,
    Nmea,
}

/// <summary>
/// <c>xsms gps --follow</c>: prints every fix until stopped, and with <c>--nmea-server</c> also serves them as NMEA 0183
/// to TCP clients. Ctrl-C (SIGINT) ends it with 130, SIGTERM (a service manager's stop) with 0.
/// </summary>
internal static class GpsFollow
{
    /// <summary>What is wrong with the options given with <c>--follow</c>, in words; null when nothing is.</summary>
    public static string? Check(bool follow, bool json, bool nmea, bool server, double? timeout) =>
        !follow ? "--nmea and --nmea-server go with --follow"
        : json && nmea ? "Give either --json or --nmea, not both"
        : nmea && server ? "--nmea-server serves the NMEA sentences already; print text or --json beside it"
        : timeout is not null ? "--timeout is the wait for one fix; gps --follow waits until stopped"
        : null;

    public static GpsFormat Format(bool json, bool nmea) => json ? GpsFormat.Json : nmea ? GpsFormat.Nmea : GpsFormat.Text;

    public static async Task<int> RunAsync(Modem modem, GpsFormat format, IPEndPoint? serveAt, CancellationToken cancellationToken)
    {
        // Started once the modem is open, so that nothing is served, or printed, for a command that fails before.
        await using var server = serveAt is null ? null : Listen(serveAt);
        var output = Console.Out;
        if (server is not null)
        {
            if (!IPAddress.IsLoopback(server.LocalEndPoint.Address))
            {
                // Not an error, but the machine's position goes to anyone who can reach the port: say so once.
                await Console.Error.WriteLineAsync($"xsms: warning: {server.LocalEndPoint} is not the loopback, so any host that reaches it can read this machine's position.");
            }
            // One line before any fix, so that a script knows where to connect (port 0 lets the system choose one).
            await output.WriteLineAsync(format == GpsFormat.Json
                ? $"{{\"nmeaServer\":\"{server.LocalEndPoint}\"}}"
                : $"serving NMEA 0183 on {server.LocalEndPoint}");
            await output.FlushAsync(CancellationToken.None);
        }
        // xsms handles both signals itself here (System.CommandLine's handler is off for --follow): SIGTERM is a normal stop.
        var signal = new StrongBox<PosixSignal?>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, signal, stop));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, signal, stop));
        ReaderGone.CancelWhenGone(stop);
        try
        {
            await foreach (var fix in modem.WatchPositionsAsync(stop.Token))
            {
                var sentences = server is null && format != GpsFormat.Nmea ? "" : string.Concat(fix.ToNmea());
                server?.Publish(Encoding.ASCII.GetBytes(sentences));
                await output.WriteAsync(format switch
                {
                    GpsFormat.Json => JsonSerializer.Serialize(FixJson.From(fix), XsmsJson.Output.FixJson) + "\n",
                    GpsFormat.Nmea => sentences,
                    _ => Describe(fix) + "\n",
                });
                await output.FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl-C is reported as shells report SIGINT; SIGTERM and a reader that went away (`| head -1`) are normal ends.
            lock (signal)
            {
                return signal.Value == PosixSignal.SIGINT || cancellationToken.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Success;
            }
        }
        return ExitCodes.Success; // not reached: the stream ends only by a stop, or by an exception (a vanished port: exit 1)
    }

    /// <summary>The text form of a fix, as <c>gps</c> prints it.</summary>
    public static string Describe(GpsFix fix) => string.Create(CultureInfo.InvariantCulture,
        $"{fix.Latitude:0.000000} {fix.Longitude:0.000000} alt {fix.AltitudeMeters:0.#} m, {fix.TimeUtc:yyyy-MM-dd HH:mm:ss}Z, {fix.Satellites.Count} satellites");

    private static GpsNmeaServer Listen(IPEndPoint endPoint)
    {
        try
        {
            return GpsNmeaServer.Start(endPoint);
        }
        catch (SocketException e)
        {
            throw new XsmsException(e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => $"{endPoint} is in use by another program; choose another port with --nmea-server, or stop that program.",
                SocketError.AddressNotAvailable => $"{endPoint.Address} is not an address of this machine; give one of its addresses (ip -brief address), or a port alone for 127.0.0.1.",
                SocketError.AccessDenied => $"Port {endPoint.Port} needs privileges (ports below 1024); choose one from 1024 up, e.g. {GpsNmeaServer.DefaultPort}.",
                _ => $"xsms cannot serve NMEA on {endPoint} ({e.SocketErrorCode}).",
            }, ExitCodes.ListenFailed);
        }
    }

    private static void Stop(PosixSignalContext context, StrongBox<PosixSignal?> signal, CancellationTokenSource stop)
    {
        context.Cancel = true; // not the default (the process would end at once): the GPS session is stopped first
        lock (signal)
        {
            signal.Value ??= context.Signal;
        }
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command ended meanwhile.
        }
    }
}
