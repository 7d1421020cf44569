using Drivers.Em73xx.Gps;
using Drivers.Em73xx.Simulation;
using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace Drivers.Em73xx.Tests.Device;

public sealed class PositionStreamTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Task<Modem> OpenAsync(SimulatedModem simulator, ModemOptions? options = null) =>
        Modem.OpenAsync(simulator.OpenStream(), options, Token);

    private static int Requests(SimulatedModem simulator) =>
        simulator.ReceivedCommands.Count(c => c.StartsWith("AT+XLCSLSR=", StringComparison.Ordinal));

    [Fact]
    public async Task One_request_streams_fixes_north_east_and_south_west_until_the_caller_breaks()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);
        var fixes = new List<GpsFix>();

        await foreach (var fix in modem.WatchPositionsAsync(Token).WithCancellation(Token))
        {
            fixes.Add(fix);
            if (fixes.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([(49.195407, 16.606729), (-33.447487, -70.673676), (49.195407, 16.606729)], fixes.Select(f => (f.Latitude, f.Longitude)));
        Assert.Equal(570.5, fixes[1].AltitudeMeters);
        Assert.Equal(new DateTimeOffset(2016, 10, 21, 21, 33, 32, TimeSpan.Zero), fixes[1].TimeUtc);
        Assert.Equal(1, Requests(simulator));
        Assert.Equal("AT+XLSRSTOP", simulator.ReceivedCommands[^1]);
        Assert.False(simulator.GpsSessionActive);
    }

    [Fact]
    public async Task The_request_asks_for_a_report_every_second()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);

        await foreach (var _ in modem.WatchPositionsAsync(Token).WithCancellation(Token))
        {
            break;
        }

        Assert.Contains("AT+XLCSLSR=1,1,,,,,1,,,,,", simulator.ReceivedCommands);
    }

    [Fact]
    public async Task Canceling_the_stream_stops_the_session()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { Fixes = [] });
        await using var modem = await OpenAsync(simulator);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var started = HandledAsync(simulator, "AT+XLCSLSR=");
        var stopped = HandledAsync(simulator, "AT+XLSRSTOP");
        var stream = DrainAsync(modem.WatchPositionsAsync(cancel.Token));
        await started;
        Assert.True(simulator.GpsSessionActive);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.WaitAsync(TimeSpan.FromSeconds(30), Token));
        await stopped;
        Assert.False(simulator.GpsSessionActive);
    }

    [Fact]
    public async Task A_consumer_that_throws_stops_the_session()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in modem.WatchPositionsAsync(Token).WithCancellation(Token))
            {
                throw new InvalidDataException("the consumer failed");
            }
        });

        Assert.Equal("the consumer failed", thrown.Message);
        Assert.Equal("AT+XLSRSTOP", simulator.ReceivedCommands[^1]);
        Assert.False(simulator.GpsSessionActive);
    }

    [Fact]
    public async Task Disposing_the_modem_stops_the_session_and_ends_the_stream_with_disconnected()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { Fixes = [] });
        var modem = await OpenAsync(simulator);
        var started = HandledAsync(simulator, "AT+XLCSLSR=");
        var stopped = HandledAsync(simulator, "AT+XLSRSTOP");
        var stream = DrainAsync(modem.WatchPositionsAsync(Token));
        await started;

        await modem.DisposeAsync();

        await Assert.ThrowsAsync<ModemDisconnectedException>(() => stream.WaitAsync(TimeSpan.FromSeconds(30), Token));
        await stopped;
        Assert.False(simulator.GpsSessionActive);
        Assert.Single(simulator.ReceivedCommands, "AT+XLSRSTOP");
    }

    [Fact]
    public async Task Disposing_the_enumerator_before_the_first_fix_stops_the_session()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { Fixes = [] });
        await using var modem = await OpenAsync(simulator);
        var started = HandledAsync(simulator, "AT+XLCSLSR=");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var enumerator = modem.WatchPositionsAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = enumerator.MoveNextAsync().AsTask();
        await started;

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(TimeSpan.FromSeconds(30), Token));
        await enumerator.DisposeAsync();

        Assert.Equal("AT+XLSRSTOP", simulator.ReceivedCommands[^1]);
        Assert.False(simulator.GpsSessionActive);
    }

    [Fact]
    public async Task A_modem_that_refuses_the_request_ends_the_stream_with_its_error()
    {
        await using var simulator = new SimulatedModem();
        simulator.Faults.Refuse("AT+XLCSLSR");
        await using var modem = await OpenAsync(simulator);

        var error = await Assert.ThrowsAsync<ModemErrorException>(() => DrainAsync(modem.WatchPositionsAsync(Token)).WaitAsync(TimeSpan.FromSeconds(30), Token));

        Assert.StartsWith("AT+XLCSLSR", error.Command, StringComparison.Ordinal);
        Assert.False(simulator.GpsSessionActive);
    }

    [Fact]
    public async Task A_modem_that_answers_the_request_late_ends_the_stream_with_a_timeout()
    {
        var time = new FakeTimeProvider(Noon);
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator, new ModemOptions { TimeProvider = time, CommandTimeout = TimeSpan.FromSeconds(5) });
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        simulator.Faults.ReplyHeld += (_, _) => held.TrySetResult();
        simulator.Faults.HoldNextReply("AT+XLCSLSR");
        try
        {
            var stream = DrainAsync(modem.WatchPositionsAsync(Token));
            await held.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);

            time.Advance(TimeSpan.FromSeconds(6));
            // The stream stops the request on its way out; that command waits for the late reply, which comes now.
            simulator.Faults.ReleaseHeldReply();

            var timeout = await Assert.ThrowsAsync<ModemTimeoutException>(() => stream.WaitAsync(TimeSpan.FromSeconds(30), Token));
            Assert.StartsWith("AT+XLCSLSR", timeout.Command, StringComparison.Ordinal);
        }
        finally
        {
            simulator.Faults.ReleaseHeldReply();
        }
    }

    [Fact]
    public async Task A_port_that_vanishes_ends_the_stream_with_disconnected()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);
        var fixes = 0;

        await Assert.ThrowsAsync<ModemDisconnectedException>(async () =>
        {
            await foreach (var _ in modem.WatchPositionsAsync(Token).WithCancellation(Token))
            {
                if (++fixes == 1)
                {
                    simulator.Faults.Disconnect();
                }
            }
        });

        Assert.True(fixes >= 1);
    }

    [Fact]
    public async Task A_silent_session_is_stopped_and_requested_again()
    {
        var time = new FakeTimeProvider(Noon);
        // One report per request, then silence: the modem ended the request by itself.
        await using var simulator = new SimulatedModem(new SimulatedModemOptions
        {
            Fixes = [SimulatedModemOptions.SampleFixes[0]],
            TimeToFirstFix = TimeSpan.FromMilliseconds(20),
            FixInterval = TimeSpan.FromHours(1),
        });
        await using var modem = await OpenAsync(simulator, new ModemOptions { TimeProvider = time, PositionReportTimeout = TimeSpan.FromSeconds(10) });
        await using var stream = modem.WatchPositionsAsync(Token).GetAsyncEnumerator(Token);
        Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));
        var first = stream.Current;

        // Up to its first incomplete await, the stream runs synchronously: the silence timer is set when this returns.
        var next = stream.MoveNextAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.Equal(first.RequestId + 1, stream.Current.RequestId);
        Assert.Equal(2, Requests(simulator));
        var commands = simulator.ReceivedCommands.SkipWhile(c => !c.StartsWith("AT+XLCSLSR=", StringComparison.Ordinal)).ToList();
        Assert.Equal(["AT+XLCSLSR=1,1,,,,,1,,,,,", "AT+XLSRSTOP", "AT+XLCSLSR=1,1,,,,,1,,,,,"], commands);
    }

    [Fact]
    public async Task An_ended_session_is_requested_again_while_one_that_reports_is_left_alone()
    {
        var time = new FakeTimeProvider(Noon);
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { FixInterval = TimeSpan.FromMilliseconds(20) });
        await using var modem = await OpenAsync(simulator, new ModemOptions { TimeProvider = time, PositionReportTimeout = TimeSpan.FromSeconds(10) });
        await using var stream = modem.WatchPositionsAsync(Token).GetAsyncEnumerator(Token);
        Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));
        var firstRequest = stream.Current.RequestId;

        simulator.Faults.EndGpsSession();
        Assert.False(simulator.GpsSessionActive);
        var renewed = HandledAsync(simulator, "AT+XLCSLSR=");
        // Reports sent before the end may still be queued; the first wait that finds none starts the silence timer.
        while (true)
        {
            var next = stream.MoveNextAsync().AsTask();
            if (!next.IsCompleted)
            {
                time.Advance(TimeSpan.FromSeconds(11));
                Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(30), Token));
                break;
            }
            Assert.True(await next);
        }

        await renewed;
        Assert.NotEqual(firstRequest, stream.Current.RequestId);
        Assert.True(simulator.GpsSessionActive);
    }

    [Fact]
    public async Task Other_codes_that_keep_coming_do_not_hide_a_request_that_stopped_reporting()
    {
        // A report, then other unsolicited codes every 20 ms and no report for 2 s: the request fell silent for positions.
        await using var simulator = new SimulatedModem(new SimulatedModemOptions
        {
            Fixes = [SimulatedModemOptions.SampleFixes[0], .. Enumerable.Repeat("+CIEV: 1,3", 99)],
            FixInterval = TimeSpan.FromMilliseconds(20),
        });
        await using var modem = await OpenAsync(simulator, new ModemOptions { PositionReportTimeout = TimeSpan.FromMilliseconds(500) });
        await using var stream = modem.WatchPositionsAsync(Token).GetAsyncEnumerator(Token);
        Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));
        var first = stream.Current.RequestId;

        Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));

        Assert.NotEqual(first, stream.Current.RequestId);
        Assert.Equal(2, Requests(simulator));
    }

    [Fact]
    public async Task A_garbled_report_is_skipped_and_the_stream_goes_on()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions
        {
            Fixes = ["+XLCSLSR: 2, 91.5 N, 16.6 E, 231", "+XLCSLSR: 2, garbage", "$GPGGA,,,*00", "\u0001\u00ff~", SimulatedModemOptions.SampleFixes[1]],
        });
        await using var modem = await OpenAsync(simulator);
        var fixes = new List<GpsFix>();

        await foreach (var fix in modem.WatchPositionsAsync(Token).WithCancellation(Token))
        {
            fixes.Add(fix);
            if (fixes.Count == 2)
            {
                break;
            }
        }

        Assert.All(fixes, f => Assert.Equal(-33.447487, f.Latitude));
    }

    [Fact]
    public async Task The_first_fix_comes_after_the_simulated_time_to_first_fix()
    {
        var time = new FakeTimeProvider(Noon);
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { TimeProvider = time, TimeToFirstFix = TimeSpan.FromSeconds(30) });
        await using var modem = await OpenAsync(simulator);
        var requested = HandledAsync(simulator, "AT+XLCSLSR=");
        await using var stream = modem.WatchPositionsAsync(Token).GetAsyncEnumerator(Token);
        var first = stream.MoveNextAsync().AsTask();
        await requested;

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(first.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.Equal(49.195407, stream.Current.Latitude);
    }

    [Fact]
    public async Task Reports_can_carry_the_simulators_clock_as_a_real_modems_carry_the_time_of_the_fix()
    {
        var time = new FakeTimeProvider(Noon);
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { TimeProvider = time, TimeToFirstFix = TimeSpan.FromSeconds(5), ReportCurrentTime = true });
        await using var modem = await OpenAsync(simulator);
        var requested = HandledAsync(simulator, "AT+XLCSLSR=");
        await using var stream = modem.WatchPositionsAsync(Token).GetAsyncEnumerator(Token);
        var first = stream.MoveNextAsync().AsTask();
        await requested;

        time.Advance(TimeSpan.FromSeconds(5.5));

        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.Equal(Noon.AddSeconds(5), stream.Current.TimeUtc);
        Assert.Equal(2447, stream.Current.GpsWeek);
        Assert.Equal(49.195407, stream.Current.Latitude);
    }

    [Fact]
    public async Task A_second_stream_at_the_same_time_is_refused_and_the_first_goes_on()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);
        await using var first = modem.WatchPositionsAsync(Token).GetAsyncEnumerator(Token);
        Assert.True(await first.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));

        await Assert.ThrowsAsync<InvalidOperationException>(() => DrainAsync(modem.WatchPositionsAsync(Token)));

        Assert.True(await first.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.True(simulator.GpsSessionActive);
    }

    [Fact]
    public async Task A_single_fix_asked_for_while_a_stream_runs_is_refused_and_the_stream_keeps_its_request()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);
        await using var stream = modem.WatchPositionsAsync(Token).GetAsyncEnumerator(Token);
        Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));
        var request = stream.Current.RequestId;

        // Its own request and AT+XLSRSTOP would end the stream's request: the modem keeps one.
        await Assert.ThrowsAsync<InvalidOperationException>(() => modem.TryGetFixAsync(TimeSpan.FromSeconds(30), Token));

        Assert.True(await stream.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.Equal(request, stream.Current.RequestId);
        Assert.True(simulator.GpsSessionActive);
        Assert.Equal(1, Requests(simulator));
    }

    [Fact]
    public async Task A_stream_started_while_a_single_fix_is_awaited_is_refused_and_the_single_fix_keeps_its_request()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { Fixes = [] });
        await using var modem = await OpenAsync(simulator);
        var started = HandledAsync(simulator, "AT+XLCSLSR=");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var single = modem.TryGetFixAsync(TimeSpan.FromMinutes(5), cancel.Token);
        await started;

        await Assert.ThrowsAsync<InvalidOperationException>(() => DrainAsync(modem.WatchPositionsAsync(Token)).WaitAsync(TimeSpan.FromSeconds(30), Token));

        Assert.True(simulator.GpsSessionActive);
        Assert.Equal(1, Requests(simulator));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => single.WaitAsync(TimeSpan.FromSeconds(30), Token));
    }

    [Fact]
    public async Task The_report_timeout_must_be_positive()
    {
        await using var simulator = new SimulatedModem();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => OpenAsync(simulator, new ModemOptions { PositionReportTimeout = TimeSpan.Zero }));

        Assert.Equal("PositionReportTimeout", error.ParamName);
    }

    [Fact]
    public void A_position_report_of_the_simulator_parses_back_to_its_position_and_gps_time()
    {
        var line = SimulatedModem.PositionReport(-12.5, -45.25, -3.5, new DateTimeOffset(2026, 11, 30, 18, 0, 7, TimeSpan.FromHours(1)));

        Assert.True(Drivers.Em73xx.Protocol.XlcslsrParser.TryParse(line, out var fix));
        Assert.Equal((-12.5, -45.25, -3.5), (fix.Latitude, fix.Longitude, fix.AltitudeMeters));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 17, 0, 7, TimeSpan.Zero), fix.TimeUtc);
        // 2026-11-30 is the Monday of GPS week 2447; 17:00:07 UTC is 17:00:25 GPS time (18 leap seconds).
        Assert.Equal(2447, fix.GpsWeek);
        Assert.Equal(86400 + 17 * 3600 + 25, fix.GpsTimeOfWeekSeconds);
    }

    [Property(MaxTest = 500)]
    public bool Any_position_and_time_the_simulator_reports_parses_back_within_the_reports_precision(
        NormalFloat latitude, NormalFloat longitude, NormalFloat altitude, PositiveInt seconds)
    {
        var lat = Math.Clamp(latitude.Get, -90, 90);
        var lon = Math.Clamp(longitude.Get, -180, 180);
        var alt = Math.Clamp(altitude.Get, -1000, 100000);
        var time = new DateTimeOffset(1980, 1, 6, 0, 0, 0, TimeSpan.Zero).AddSeconds(seconds.Get).AddTicks(1234);

        return Drivers.Em73xx.Protocol.XlcslsrParser.TryParse(SimulatedModem.PositionReport(lat, lon, alt, time), out var fix)
            && Math.Abs(fix.Latitude - lat) <= 5e-7 && Math.Abs(fix.Longitude - lon) <= 5e-7
            && Math.Abs(fix.AltitudeMeters!.Value - alt) <= 5e-7 * Math.Max(1, Math.Abs(alt))
            && fix.TimeUtc == time.AddTicks(-1234)
            && fix.GpsWeek * 7 * 86400L + (long)fix.GpsTimeOfWeekSeconds!.Value == seconds.Get + (time < new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero) ? 17 : 18);
    }

    [Fact]
    public void The_simulators_south_west_report_matches_the_real_samples_gps_time_rule()
    {
        Assert.True(Drivers.Em73xx.Protocol.XlcslsrParser.TryParse(SimulatedModemOptions.SampleFixes[0], out var real));
        Assert.True(Drivers.Em73xx.Protocol.XlcslsrParser.TryParse(SimulatedModemOptions.SampleFixes[1], out var made));

        Assert.Equal(real.GpsWeek, made.GpsWeek);
        Assert.Equal(Math.Floor(real.GpsTimeOfWeekSeconds!.Value) + 1, made.GpsTimeOfWeekSeconds);
    }

    private static async Task DrainAsync(IAsyncEnumerable<GpsFix> fixes)
    {
        await foreach (var _ in fixes.ConfigureAwait(false))
        {
        }
    }

    private static Task HandledAsync(SimulatedModem simulator, string prefix)
    {
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        simulator.CommandHandled += (_, command) =>
        {
            if (command.StartsWith(prefix, StringComparison.Ordinal))
            {
                handled.TrySetResult();
            }
        };
        return handled.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
    }
}
