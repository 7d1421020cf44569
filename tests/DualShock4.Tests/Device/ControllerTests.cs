using CsCheck;
using Drivers.DualShock4.Simulation;
using Drivers.DualShock4.Tests.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Drivers.DualShock4.Tests.Device;

public sealed class ControllerTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task States_sent_by_the_pad_arrive_in_order_and_the_latest_is_kept()
    {
        await using var sim = new SimulatedController();
        await using var pad = sim.Open();
        await using var states = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        var first = states.MoveNextAsync();

        for (byte i = 0; i < 10; i++)
        {
            Assert.True(sim.Send(ControllerState.Neutral() with { L2 = i, Counter = i }));
        }

        Assert.True(await first.AsTask().WaitAsync(Generous, Ct));
        Assert.Equal(0, states.Current.L2);
        for (byte i = 1; i < 10; i++)
        {
            Assert.True(await states.MoveNextAsync().AsTask().WaitAsync(Generous, Ct));
            Assert.Equal(i, states.Current.L2);
        }
        Assert.Equal(9, pad.State.L2);
        Assert.True(pad.Calibration.IsFromDevice);
    }

    [Fact]
    public async Task A_bluetooth_pad_switches_from_minimal_to_full_reports_when_the_controller_reads_its_calibration()
    {
        await using var sim = new SimulatedController(new SimulatedControllerOptions { Bus = ConnectionBus.Bluetooth });
        Assert.Equal(ReportFormat.BluetoothMinimal, sim.Format);

        await using var pad = sim.Open();
        await using var states = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        var first = states.MoveNextAsync();
        sim.Send(ControllerState.Neutral() with { Gyro = new SensorVector(160, 0, 0) });

        Assert.Equal(ReportFormat.Bluetooth, sim.Format);
        Assert.True(pad.Calibration.IsFromDevice);
        Assert.True(await first.AsTask().WaitAsync(Generous, Ct));
        Assert.Equal(ReportFormat.Bluetooth, states.Current.Format);
        Assert.Equal(9.83f, pad.Calibration.AngularVelocity(states.Current).X, 0.05f);
    }

    [Fact]
    public async Task A_clone_with_zero_calibration_gets_nominal_scaling()
    {
        await using var sim = new SimulatedController(new SimulatedControllerOptions { ZeroCalibration = true });

        await using var pad = sim.Open();

        Assert.False(pad.Calibration.IsFromDevice);
        Assert.Equal(1f, pad.Calibration.Acceleration(ControllerState.Neutral()).Y, 0.001f);
    }

    [Fact]
    public async Task Lightbar_flash_and_rumble_reach_the_pad_over_usb_and_bluetooth()
    {
        foreach (var bus in new[] { ConnectionBus.Usb, ConnectionBus.Bluetooth })
        {
            await using var sim = new SimulatedController(new SimulatedControllerOptions { Bus = bus });
            await using var pad = sim.Open();

            await pad.SetLightbarAsync(255, 0, 128, Ct);
            await pad.SetFlashAsync(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(250), Ct);
            await pad.SetRumbleAsync(64, 255, Ct);

            var expected = new ControllerFeedback { Red = 255, Blue = 128, FlashOn = 50, FlashOff = 25, WeakRumble = 64, StrongRumble = 255 };
            Assert.Equal(expected, sim.Feedback);
            Assert.Equal(expected, pad.Feedback);
            Assert.Equal(0, sim.IgnoredOutputReports);
            Assert.All(sim.OutputReports, r => Assert.Equal(OutputReport.LengthFor(bus), r.Length));
        }
    }

    [Fact]
    public async Task Disposing_the_simulator_unplugs_it_and_ends_the_controllers_streams()
    {
        var sim = new SimulatedController();
        await using var pad = sim.Open();
        await using var states = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        var first = states.MoveNextAsync(); // subscribes now

        await sim.DisposeAsync();
        await sim.DisposeAsync(); // harmless

        await Assert.ThrowsAsync<ControllerDisconnectedException>(() => first.AsTask().WaitAsync(Generous, Ct));
        Assert.False(sim.Send(ControllerState.Neutral()));
        Assert.False(pad.IsConnected);
    }

    [Fact]
    public async Task Disposing_stops_the_motors_so_nothing_is_left_rumbling()
    {
        await using var sim = new SimulatedController();
        var pad = sim.Open();
        await pad.SetRumbleAsync(200, 200, Ct);

        await pad.DisposeAsync();

        Assert.Equal((0, 0), (sim.Feedback.WeakRumble, sim.Feedback.StrongRumble));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pad.SetLightbarAsync(1, 2, 3, Ct));
    }

    [Fact]
    public async Task Unplugging_delivers_the_queued_reports_then_ends_every_stream_with_a_disconnected_error()
    {
        await using var sim = new SimulatedController();
        await using var pad = sim.Open();
        await using var states = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        var first = states.MoveNextAsync();
        await using var changes = pad.WatchChangesAsync(cancellationToken: Ct).GetAsyncEnumerator(Ct);
        var firstChange = changes.MoveNextAsync();

        sim.Send(ControllerState.Neutral() with { Buttons = Buttons.Triangle });
        sim.Send(ControllerState.Neutral());
        sim.Unplug();

        Assert.True(await first.AsTask().WaitAsync(Generous, Ct));
        Assert.True(await states.MoveNextAsync().AsTask().WaitAsync(Generous, Ct));
        var error = await Assert.ThrowsAsync<ControllerDisconnectedException>(() => states.MoveNextAsync().AsTask().WaitAsync(Generous, Ct));
        Assert.Contains("Input/output error", error.Reason, StringComparison.Ordinal);
        Assert.Contains("Reconnect it", error.Message, StringComparison.Ordinal);
        Assert.True(await firstChange.AsTask().WaitAsync(Generous, Ct));
        Assert.Equal((ChangeKind.ButtonDown, Buttons.Triangle), (changes.Current.Kind, changes.Current.Button));
        Assert.True(await changes.MoveNextAsync().AsTask().WaitAsync(Generous, Ct));
        Assert.Equal((ChangeKind.ButtonUp, Buttons.Triangle), (changes.Current.Kind, changes.Current.Button));
        await Assert.ThrowsAsync<ControllerDisconnectedException>(() => changes.MoveNextAsync().AsTask().WaitAsync(Generous, Ct));
        await Assert.ThrowsAsync<ControllerDisconnectedException>(() => pad.SetLightbarAsync(1, 1, 1, Ct));
        Assert.False(pad.IsConnected);
    }

    [Fact]
    public async Task Changes_report_buttons_the_dpad_and_axis_moves_beyond_the_dead_zone_only()
    {
        await using var sim = new SimulatedController();
        await using var pad = sim.Open();
        await using var changes = pad.WatchChangesAsync(deadZone: 10, Ct).GetAsyncEnumerator(Ct);
        var first = changes.MoveNextAsync();

        var neutral = ControllerState.Neutral();
        sim.Send(neutral with { LeftStick = new StickPosition(133, 128) });                      // within the dead zone
        sim.Send(neutral with { LeftStick = new StickPosition(150, 128) });                      // 22 from center: moved
        sim.Send(neutral with { LeftStick = new StickPosition(150, 128), DPad = DPadDirection.Up, Buttons = Buttons.L1 | Buttons.R1 });
        sim.Send(neutral with { LeftStick = new StickPosition(150, 128), R2 = 255, Buttons = Buttons.R1 | Buttons.R2 });

        var seen = new List<ControllerChange>();
        Assert.True(await first.AsTask().WaitAsync(Generous, Ct));
        seen.Add(changes.Current);
        while (seen.Count < 7)
        {
            Assert.True(await changes.MoveNextAsync().AsTask().WaitAsync(Generous, Ct));
            seen.Add(changes.Current);
        }

        Assert.Equal(
        [
            (ChangeKind.AxisMoved, Buttons.None, DPadDirection.None, ControllerAxis.LeftStickX, (byte)150),
            (ChangeKind.ButtonDown, Buttons.L1, DPadDirection.Up, ControllerAxis.None, (byte)0),
            (ChangeKind.ButtonDown, Buttons.R1, DPadDirection.Up, ControllerAxis.None, (byte)0),
            (ChangeKind.DPadChanged, Buttons.None, DPadDirection.Up, ControllerAxis.None, (byte)0),
            (ChangeKind.ButtonUp, Buttons.L1, DPadDirection.None, ControllerAxis.None, (byte)0),
            (ChangeKind.ButtonDown, Buttons.R2, DPadDirection.None, ControllerAxis.None, (byte)0),
            (ChangeKind.DPadChanged, Buttons.None, DPadDirection.None, ControllerAxis.None, (byte)0),
        ], seen.Select(c => (c.Kind, c.Button, c.DPad, c.Axis, c.Value)));
        Assert.True(await changes.MoveNextAsync().AsTask().WaitAsync(Generous, Ct));
        Assert.Equal((ChangeKind.AxisMoved, ControllerAxis.R2, (byte)255), (changes.Current.Kind, changes.Current.Axis, changes.Current.Value));
    }

    [Fact]
    public void Any_mix_of_garbage_and_good_reports_keeps_the_loop_alive_and_counts_every_bad_one() =>
        Gen.Select(Generators.State, Gen.Byte.Array[0, 120]).List[1, 20].Sample(items =>
        {
            var sim = new SimulatedController(new SimulatedControllerOptions { QueueCapacity = 64 });
            var pad = sim.Open();
            try
            {
                var good = 0;
                var bad = 0;
                foreach (var (state, garbage) in items)
                {
                    sim.SendReport(InputReportWriter.ToArray(state));
                    good++;
                    if (!sim.SendReport(garbage))
                    {
                        continue; // an empty report is never delivered by hidraw
                    }
                    if (InputReport.TryParse(garbage, out _))
                    {
                        good++;
                    }
                    else
                    {
                        bad++;
                    }
                }
                sim.Unplug();
                pad.Completion.WaitAsync(Generous, Ct).GetAwaiter().GetResult();
                return pad.ReportsReceived == good + bad && pad.ReportsDropped == bad;
            }
            finally
            {
                pad.DisposeAsync().AsTask().GetAwaiter().GetResult();
                sim.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }, iter: 60);

    [Fact]
    public async Task A_replay_is_paced_by_the_injected_clock()
    {
        var clock = new FakeTimeProvider();
        await using var sim = new SimulatedController(new SimulatedControllerOptions { TimeProvider = clock });
        await using var pad = sim.Open();
        await using var states = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        var next = states.MoveNextAsync().AsTask();
        var recording = Recording.FromMotion(Motion.Demo, TimeSpan.FromMilliseconds(8), TimeSpan.FromMilliseconds(4));

        var replay = sim.ReplayAsync(recording, Ct);

        Assert.True(await next.WaitAsync(Generous, Ct));
        Assert.Equal(0, states.Current.Counter);
        next = states.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted); // the second report is due at 4 ms and the clock has not moved
        Assert.False(replay.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(4));
        Assert.True(await next.WaitAsync(Generous, Ct));
        Assert.Equal(1, states.Current.Counter);
        clock.Advance(TimeSpan.FromMilliseconds(4));
        Assert.True(await states.MoveNextAsync().AsTask().WaitAsync(Generous, Ct));
        Assert.Equal(2, states.Current.Counter);
        await replay.WaitAsync(Generous, Ct);
    }

    [Fact]
    public async Task Recording_captures_the_raw_reports_with_their_timing_and_replays_byte_for_byte()
    {
        var clock = new FakeTimeProvider();
        await using var sim = new SimulatedController(new SimulatedControllerOptions { TimeProvider = clock });
        await using var pad = sim.Open(new ControllerOptions { TimeProvider = clock });
        await using var states = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        using var text = new StringWriter();

        var recording = pad.RecordAsync(text, TimeSpan.FromSeconds(1), Ct);
        var sent = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            var next = states.MoveNextAsync();
            var report = InputReportWriter.ToArray(ControllerState.Neutral() with { Counter = (byte)i, R2 = (byte)(i * 50) });
            sent.Add(report);
            sim.SendReport(report);
            Assert.True(await next.AsTask().WaitAsync(Generous, Ct));
            clock.Advance(TimeSpan.FromMilliseconds(5));
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, await recording.WaitAsync(Generous, Ct));

        var loaded = Recording.Parse(new StringReader(text.ToString()));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10)], loaded.Reports.Select(r => r.Offset));
        Assert.Equal(sent, loaded.Reports.Select(r => r.Report.ToArray()));
    }

    [Fact]
    public async Task A_recording_writer_that_fails_ends_the_recording_with_its_exception_and_the_controller_reads_on()
    {
        await using var sim = new SimulatedController();
        await using var pad = sim.Open();
        await using var states = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        using var full = new FullDiskWriter();

        var recording = pad.RecordAsync(full, TimeSpan.FromMinutes(5), Ct);
        var first = states.MoveNextAsync();
        Assert.True(sim.Send(ControllerState.Neutral() with { Counter = 1 }));
        Assert.True(await first.AsTask().WaitAsync(Generous, Ct));

        var error = await Assert.ThrowsAsync<IOException>(() => recording.WaitAsync(Generous, Ct));
        Assert.Same(full.Thrown, error);
        var next = states.MoveNextAsync(); // the read thread survived the writer's failure
        Assert.True(sim.Send(ControllerState.Neutral() with { Counter = 2 }));
        Assert.True(await next.AsTask().WaitAsync(Generous, Ct));
        Assert.Equal(2, states.Current.Counter);
        Assert.True(pad.IsConnected);
    }

    [Fact]
    public async Task By_default_a_reader_runs_off_the_read_thread_so_a_blocked_reader_never_stalls_another()
    {
        await using var sim = new SimulatedController();
        await using var pad = sim.Open();
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        await using var witness = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        var blocking = BlockInTheLoopBody(blocked.MoveNextAsync(), entered, release); // both subscribe now
        var witnessNext = witness.MoveNextAsync();

        Assert.True(sim.Send(ControllerState.Neutral() with { Counter = 0 }));
        var thread = await entered.Task.WaitAsync(Generous, Ct); // the blocked reader holds its thread from here on
        for (byte i = 1; i <= 4; i++)
        {
            Assert.True(sim.Send(ControllerState.Neutral() with { Counter = i }));
        }

        var counters = new List<byte>();
        while (true)
        {
            Assert.True(await witnessNext.AsTask().WaitAsync(Generous, Ct));
            counters.Add(witness.Current.Counter);
            if (counters[^1] == 4)
            {
                break;
            }
            witnessNext = witness.MoveNextAsync();
        }
        Assert.Equal([0, 1, 2, 3, 4], counters);
        Assert.NotEqual("DualShock4 simulated", thread);
        release.Set();
        await blocking.WaitAsync(Generous, Ct);
        await blocked.DisposeAsync();
    }

    // A loop body that notes which thread it runs on, then blocks that thread until released, as a slow body would.
    private static async Task BlockInTheLoopBody(ValueTask<bool> first, TaskCompletionSource<string?> entered, ManualResetEventSlim release)
    {
        Assert.True(await first.ConfigureAwait(false));
        entered.SetResult(Thread.CurrentThread.Name);
        release.Wait(Ct);
    }

    [Fact]
    public async Task With_the_opt_in_a_reader_runs_on_the_read_thread_and_may_close_the_controller_from_there()
    {
        await using var sim = new SimulatedController();
        var pad = sim.Open(new ControllerOptions { RunReadersOnReadThread = true });
        var states = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        var first = states.MoveNextAsync(); // subscribes now
        var reading = ReadAndClose(pad, first, states);

        Assert.True(sim.Send(ControllerState.Neutral()));

        var (seen, thread) = await reading.WaitAsync(Generous, Ct);
        Assert.Equal(1, seen);
        Assert.Equal("DualShock4 simulated", thread);
        Assert.False(pad.IsConnected);
        await states.DisposeAsync();
    }

    // The loop body of `await foreach` without a synchronization context, written out.
    private static async Task<(int Seen, string? Thread)> ReadAndClose(Controller pad, ValueTask<bool> first, IAsyncEnumerator<ControllerState> states)
    {
        var seen = 0;
        string? thread = null;
        var more = await first.ConfigureAwait(false);
        while (more)
        {
            seen++;
            thread ??= Thread.CurrentThread.Name;
            await pad.DisposeAsync().ConfigureAwait(false); // must not wait on the thread it runs on
            more = await states.MoveNextAsync().ConfigureAwait(false);
        }
        return (seen, thread);
    }

    [Fact]
    public async Task A_slow_reader_skips_the_oldest_states_instead_of_growing_without_bound()
    {
        await using var sim = new SimulatedController(new SimulatedControllerOptions { QueueCapacity = 100 });
        await using var pad = sim.Open(new ControllerOptions { StreamCapacity = 4 });
        await using var states = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        await using var witness = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct); // a reader that keeps up
        var first = states.MoveNextAsync(); // both subscribe now
        var seen = witness.MoveNextAsync();
        Assert.True(sim.Send(ControllerState.Neutral() with { Counter = 0 }));
        Assert.True(await first.AsTask().WaitAsync(Generous, Ct));

        for (byte i = 1; i <= 20; i++)
        {
            Assert.True(sim.Send(ControllerState.Neutral() with { Counter = i }));
        }
        // Every reader is handed a state before any is woken, so once the witness has seen the last one, so has the slow reader.
        while (true)
        {
            Assert.True(await seen.AsTask().WaitAsync(Generous, Ct));
            if (witness.Current.Counter == 20)
            {
                break;
            }
            seen = witness.MoveNextAsync();
        }

        var rest = new List<byte>();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(await states.MoveNextAsync().AsTask().WaitAsync(Generous, Ct));
            rest.Add(states.Current.Counter);
        }
        Assert.Equal([17, 18, 19, 20], rest);
        Assert.True(pad.StatesDropped >= 16, $"{pad.StatesDropped} states dropped"); // the witness may have dropped some too
    }

    [Fact]
    public async Task A_reader_that_falls_behind_loses_the_oldest_states_counted_and_logged_once_per_burst()
    {
        var logs = new RecordingLoggerFactory();
        await using var sim = new SimulatedController(new SimulatedControllerOptions { QueueCapacity = 100 });
        var pad = sim.Open(new ControllerOptions { StreamCapacity = 2, LoggerFactory = logs });
        await using var states = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        var first = states.MoveNextAsync(); // subscribes now
        Assert.True(sim.Send(ControllerState.Neutral() with { Counter = 0 }));
        Assert.True(await first.AsTask().WaitAsync(Generous, Ct));

        // The reader asks for nothing more while ten states arrive; unplugging lets the read loop finish with all of them.
        for (byte i = 1; i <= 10; i++)
        {
            Assert.True(sim.Send(ControllerState.Neutral() with { Counter = i }));
        }
        sim.Unplug();
        await pad.Completion.WaitAsync(Generous, Ct);

        Assert.True(await states.MoveNextAsync().AsTask().WaitAsync(Generous, Ct));
        Assert.Equal(9, states.Current.Counter);
        Assert.True(await states.MoveNextAsync().AsTask().WaitAsync(Generous, Ct));
        Assert.Equal(10, states.Current.Counter);
        await Assert.ThrowsAsync<ControllerDisconnectedException>(() => states.MoveNextAsync().AsTask().WaitAsync(Generous, Ct));
        Assert.Equal(8, pad.StatesDropped);
        var warning = Assert.Single(logs.Entries, e => e.EventId == 2004);
        Assert.Equal((LogLevel.Warning, typeof(Controller).FullName), (warning.Level, warning.Category));
        await pad.DisposeAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65_537)]
    public void A_simulator_queue_out_of_range_is_refused_naming_the_option(int capacity)
    {
        var error = Assert.Throws<ArgumentException>(() => new SimulatedController(new SimulatedControllerOptions { QueueCapacity = capacity }));

        Assert.Equal(nameof(SimulatedControllerOptions.QueueCapacity), error.ParamName);
        Assert.Contains("1 to 65,536", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_interval_over_32_ms_is_refused_when_the_controller_is_opened()
    {
        await using var sim = new SimulatedController();
        var options = new ControllerOptions { BatchInterval = TimeSpan.FromMilliseconds(33) }; // accepted until used

        var error = Assert.Throws<ArgumentException>(() => sim.Open(options));

        Assert.Equal(nameof(ControllerOptions.BatchInterval), error.ParamName);
        Assert.Contains("0 to 32 ms", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_001)]
    public async Task A_stream_capacity_out_of_range_is_refused_naming_the_option(int capacity)
    {
        await using var sim = new SimulatedController();

        var error = Assert.Throws<ArgumentException>(() => sim.Open(new ControllerOptions { StreamCapacity = capacity }));

        Assert.Equal(nameof(ControllerOptions.StreamCapacity), error.ParamName);
        Assert.Contains("1 to 1,000,000", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A writer that takes the recording's header and then fails like a full disk on the first report.</summary>
    private sealed class FullDiskWriter : StringWriter
    {
        private bool _headerWritten;

        public IOException Thrown { get; } = new("No space left on device");

        public override void Write(char value) => Fail();

        public override void Write(string? value) => Fail();

        public override void Write(ReadOnlySpan<char> buffer) => Fail();

        public override void WriteLine(string? value) => Fail();

        public override void WriteLine(ReadOnlySpan<char> buffer) => Fail();

        public override void WriteLine() => Fail();

        private void Fail()
        {
            // The header (one call, written when recording starts) is taken; anything after it fails.
            if (!_headerWritten)
            {
                _headerWritten = true;
                return;
            }
            throw Thrown;
        }
    }
}
