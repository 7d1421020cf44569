using System.Runtime.CompilerServices;
using Drivers.Em73xx.Gps;
using Drivers.Em73xx.Protocol;
using Drivers.Em73xx.Transport;
using static Drivers.Em73xx.Log;

namespace Drivers.Em73xx;

/// <summary>The continuous position stream: one location request kept open, asked again when the modem goes quiet.</summary>
public sealed partial class Modem
{
    // Intel's AT+XLCSLSR syntax (as quoted in ModemManager's Intel location module): the 7th parameter is the reporting
    // interval in seconds (0-7200). tuxmaster/gpsd-tcp sends exactly this to an EM7345 (firmware 1.1): SUPL transport,
    // MS-based, one long +XLCSLSR position report per second.
    private const string PeriodicLocationRequest = "AT+XLCSLSR=1,1,,,,,1,,,,,";

    private int _positionStreams;

    /// <summary>
    /// Streams the modem's position fixes as they come, from one location request (<c>AT+XLCSLSR</c>, a report every
    /// second) kept open while the caller enumerates. When a request that has reported falls silent for
    /// <see cref="ModemOptions.PositionReportTimeout"/> (the modem ended it), it is stopped and asked for again. Before the
    /// first fix the stream waits as long as the caller does: a cold start can take minutes. The request is stopped
    /// (<c>AT+XLSRSTOP</c>) whenever the enumeration ends: cancellation, <c>break</c>, an exception in the caller's loop,
    /// or <see cref="DisposeAsync"/>. One stream at a time: the modem keeps one location request.
    /// </summary>
    /// <exception cref="ModemErrorException">The modem refused the location request.</exception>
    /// <exception cref="ModemTimeoutException">The modem did not answer the location request in time.</exception>
    /// <exception cref="ModemDisconnectedException">The port vanished or the modem was disposed.</exception>
    /// <exception cref="InvalidOperationException">Another position stream, or <see cref="TryGetFixAsync"/>, of this modem is running.</exception>
    public async IAsyncEnumerable<GpsFix> WatchPositionsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _positionStreams, 1, 0) != 0)
        {
            throw new InvalidOperationException("A position stream of this modem is already running; the modem keeps one location request at a time.");
        }
        // A single fix's request running (TryGetFixAsync) would be replaced by this one, and its AT+XLSRSTOP end this one.
        if (Volatile.Read(ref _gpsSessions) != 0)
        {
            Volatile.Write(ref _positionStreams, 0);
            throw new InvalidOperationException("A GPS fix is being awaited on this modem; the modem keeps one location request at a time.");
        }
        using var subscription = _channel.Subscribe();
        Interlocked.Increment(ref _gpsSessions);
        try
        {
            var requestId = await RequestPositionsAsync(cancellationToken).ConfigureAwait(false);
            var reported = false;
            var lastReport = 0L;
            while (true)
            {
                // Counted from the last report, not the last line: other codes (+CMTI, +CREG, late reports) keep coming
                // when the modem has ended the request, and must not keep the stream waiting for it.
                var silence = reported ? _options.PositionReportTimeout - _time.GetElapsedTime(lastReport) : Timeout.InfiniteTimeSpan;
                var line = await NextCodeAsync(subscription, reported && silence < TimeSpan.Zero ? TimeSpan.Zero : silence, cancellationToken)
                    .ConfigureAwait(false);
                if (line is null)
                {
                    LogPositionsRenewed(_logger, _options.PositionReportTimeout.TotalSeconds);
                    await StopGpsAsync().ConfigureAwait(false);
                    requestId = await RequestPositionsAsync(cancellationToken).ConfigureAwait(false);
                    reported = false;
                }
                // Reports of a request stopped before are late: only the running request's count.
                else if (XlcslsrParser.TryParse(line, out var fix) && (requestId < 0 || fix.RequestId == requestId))
                {
                    reported = true;
                    lastReport = _time.GetTimestamp();
                    yield return fix;
                }
            }
        }
        finally
        {
            // Disposing the modem has stopped the request already and closed the port.
            if (Volatile.Read(ref _disposed) == 0)
            {
                await StopGpsAsync().ConfigureAwait(false);
            }
            Interlocked.Decrement(ref _gpsSessions);
            Volatile.Write(ref _positionStreams, 0);
        }
    }

    // The request id the modem acknowledged (+XLCSLSR: request id <n>), or -1 when it gave none.
    private async Task<int> RequestPositionsAsync(CancellationToken cancellationToken)
    {
        var requestId = -1;
        foreach (var line in await RunAsync(PeriodicLocationRequest, cancellationToken).ConfigureAwait(false))
        {
            if (XlcslsrParser.TryParseRequestId(line, out var id))
            {
                requestId = id;
            }
        }
        return requestId;
    }

    // The next unsolicited code, or null after `silence` without one. A port that closes throws ModemDisconnectedException.
    private async Task<string?> NextCodeAsync(AtChannel.Subscription subscription, TimeSpan silence, CancellationToken cancellationToken)
    {
        if (subscription.Reader.TryRead(out var waiting))
        {
            return waiting;
        }
        using var quiet = new CancellationTokenSource(silence, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, quiet.Token);
        try
        {
            while (await subscription.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
            {
                if (subscription.Reader.TryRead(out var line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException) when (quiet.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        throw new ModemDisconnectedException("The modem's port closed while streaming positions.");
    }
}
