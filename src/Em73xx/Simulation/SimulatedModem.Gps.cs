using System.Globalization;

namespace Drivers.Em73xx.Simulation;

/// <summary>The simulated GPS: position reports in the modem's own format, and ending a location request on demand.</summary>
public sealed partial class SimulatedModem
{
    // GPS time runs ahead of UTC by the leap seconds since 1980 (IERS Bulletin C: 17 s from mid-2015, 18 s since 2017).
    private static readonly DateTimeOffset GpsEpoch = new(1980, 1, 6, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LastLeapSecond = new(2017, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private TimeSpan TimeToFirstFix => _options.TimeToFirstFix ?? _options.FixInterval;

    /// <summary>
    /// A position report (<c>+XLCSLSR: ...</c>) in the EM7345's own format for <see cref="SimulatedModemOptions.Fixes"/>:
    /// the real Brno sample with this position and time (whole seconds, UTC) and the GPS week and time of week that
    /// go with it. South and west are negative.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The position is not on Earth or the time is before 1980 (GPS time).</exception>
    public static string PositionReport(double latitude, double longitude, double altitudeMeters, DateTimeOffset timeUtc)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs(latitude), 90, nameof(latitude));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Math.Abs(longitude), 180, nameof(longitude));
        ArgumentOutOfRangeException.ThrowIfLessThan(timeUtc, GpsEpoch, nameof(timeUtc));
        if (!double.IsFinite(altitudeMeters))
        {
            throw new ArgumentOutOfRangeException(nameof(altitudeMeters), altitudeMeters, "The altitude must be a finite number of meters.");
        }
        var fields = SimulatedModemOptions.BrnoReport["+XLCSLSR: ".Length..].Split(',');
        fields[1] = Invariant($" {Math.Abs(latitude):0.000000} {(latitude < 0 ? 'S' : 'N')}");
        fields[2] = Invariant($" {Math.Abs(longitude):0.000000} {(longitude < 0 ? 'W' : 'E')}");
        fields[3] = Invariant($" {altitudeMeters:0.000000}");
        return "+XLCSLSR: " + string.Join(',', Stamp(fields, timeUtc));
    }

    // Fields 9/10 (UTC date and time), 18/19 (GPS time of week) and 31 (GPS week) of a report, for a fix at `timeUtc`.
    private static string[] Stamp(string[] fields, DateTimeOffset timeUtc)
    {
        var utc = timeUtc.ToUniversalTime();
        var gps = utc - GpsEpoch + TimeSpan.FromSeconds(utc < LastLeapSecond ? 17 : 18);
        var week = (int)(gps.Ticks / TimeSpan.TicksPerDay / 7);
        var timeOfWeek = (gps - TimeSpan.FromDays(week * 7.0)).TotalSeconds;
        if (fields.Length > 31)
        {
            fields[9] = utc.ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture);
            fields[10] = utc.ToString("HH':'mm':'ss", CultureInfo.InvariantCulture);
            fields[18] = Invariant($"{Math.Floor(timeOfWeek):0}");
            fields[19] = Invariant($"{timeOfWeek:0.00}");
            fields[31] = Invariant($"{week}");
        }
        return fields;
    }

    // The line as sent for request `id`: the real modem's reports carry the id of their request, and the time of the fix.
    private string Report(string line, int id)
    {
        if (!line.StartsWith("+XLCSLSR:", StringComparison.Ordinal) || line.IndexOf(',', StringComparison.Ordinal) < 0)
        {
            return line;
        }
        var fields = line["+XLCSLSR:".Length..].Split(',');
        fields[0] = Invariant($" {id}");
        if (_options.ReportCurrentTime)
        {
            Stamp(fields, _time.GetUtcNow());
        }
        return "+XLCSLSR:" + string.Join(',', fields);
    }

    private List<string> StartGps()
    {
        CancellationTokenSource session;
        int id;
        lock (_sync)
        {
            _gps?.Cancel();
            _gps = session = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            id = ++_requestId;
        }
        // The first wait starts before the reply goes out, so a test's clock advanced after CommandHandled reaches it.
        var firstFix = Task.Delay(TimeToFirstFix, _time, session.Token);
        _ = Task.Run(async () =>
        {
            try
            {
                await firstFix.ConfigureAwait(false);
                for (var k = 0; _options.Fixes.Count > 0; k++)
                {
                    if (k > 0)
                    {
                        await Task.Delay(_options.FixInterval, _time, session.Token).ConfigureAwait(false);
                    }
                    Broadcast(Report(_options.Fixes[k % _options.Fixes.Count], id));
                }
            }
            catch (OperationCanceledException)
            {
                // AT+XLSRSTOP, a reboot or the end of the simulation.
            }
        });
        return [Invariant($"+XLCSLSR: request id {id}"), "OK"];
    }

    private void StopGps()
    {
        bool stopped;
        lock (_sync)
        {
            stopped = _gps is not null;
            _gps?.Cancel();
            _gps = null;
        }
        if (stopped)
        {
            _ = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), _time).ConfigureAwait(false);
                Broadcast("+XLSRSTOP: OK");
            });
        }
    }

    internal void EndGpsSession()
    {
        lock (_sync)
        {
            _gps?.Cancel();
            _gps = null;
        }
    }
}
