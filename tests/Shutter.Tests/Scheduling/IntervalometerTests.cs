using System.Device.Gpio;
using Microsoft.Extensions.Logging;

namespace Drivers.Shutter.Tests.Scheduling;

public sealed class IntervalometerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static IntervalometerPlan Every(double seconds, int? count = null, double delay = 0, double? bulb = null) => new()
    {
        Interval = TimeSpan.FromSeconds(seconds),
        Count = count,
        StartDelay = TimeSpan.FromSeconds(delay),
        BulbDuration = bulb is double b ? TimeSpan.FromSeconds(b) : null,
    };

    private static double[] Rises(Rig rig) =>
        [.. rig.Gpio.EdgesOf(Rig.ShutterPin).Where(e => e.Value == PinValue.High).Select(e => (e.Time - Rig.Epoch).TotalMilliseconds)];

    [Fact]
    public async Task Ten_thousand_frames_woken_7_ms_late_each_stay_on_their_absolute_moments()
    {
        await using var rig = Rig.Create();
        rig.Intervalometer.Start(Every(5));
        rig.Advance(150);

        // Each frame the scheduler wakes 7 ms late and the pulse takes 150 ms; a sleep loop would drift
        // by 157 ms a frame (26 minutes over the run). On absolute deadlines nothing accumulates.
        var now = 150.0;
        for (var frame = 1; frame < 10_000; frame++)
        {
            var wake = (frame * 5_000.0) + 7;
            rig.Advance(wake - now);
            rig.Advance(150);
            now = wake + 150;
        }

        var rises = Rises(rig);
        Assert.Equal(10_000, rises.Length);
        Assert.Equal(0, rises[0]);
        for (var frame = 1; frame < rises.Length; frame++)
        {
            Assert.Equal((frame * 5_000.0) + 7, rises[frame]);
        }
        Assert.Equal(10_000, rig.Intervalometer.Status.Taken);
        Assert.Equal(0, rig.Intervalometer.Status.Skipped);
        Assert.Equal(Rig.Epoch.AddMilliseconds(10_000 * 5_000.0), rig.Intervalometer.Status.NextShotAt);
    }

    [Fact]
    public async Task Each_shot_event_carries_its_frame_number_planned_and_actual_time_and_lateness()
    {
        await using var rig = Rig.Create();
        await using var log = new EventLog(rig.Intervalometer);

        rig.Intervalometer.Start(Every(2, count: 3));
        rig.Advance(150);
        rig.Advance(2_000 - 150 + 3);
        rig.Advance(150);
        rig.Advance(4_000 - 2_153);
        rig.Advance(150);
        await log.Until(IntervalometerEventKind.Completed);

        var shots = log.Of(IntervalometerEventKind.Shot);
        Assert.Equal([1, 2, 3], shots.Select(s => s.FrameNumber!.Value));
        Assert.Equal([0, 2_000, 4_000], shots.Select(s => (s.PlannedAt!.Value - Rig.Epoch).TotalMilliseconds));
        Assert.Equal([0, 2_003, 4_000], shots.Select(s => (s.ActualAt!.Value - Rig.Epoch).TotalMilliseconds));
        Assert.Equal([0, 3, 0], shots.Select(s => s.Lateness!.Value.TotalMilliseconds));
        Assert.Equal(IntervalometerEventKind.Started, log.All[0].Kind);
        Assert.Equal(IntervalometerEventKind.Completed, log.All[^1].Kind);
        Assert.False(log.All[^1].Status.Running);
        Assert.Equal(3, log.All[^1].Status.Taken);
        Assert.Null(log.All[^1].Status.NextShotAt);
    }

    [Fact]
    public async Task The_first_frame_waits_for_the_start_delay()
    {
        await using var rig = Rig.Create();

        rig.Intervalometer.Start(Every(2, count: 3, delay: 3));
        Assert.Equal(Rig.Epoch.AddSeconds(3), rig.Intervalometer.Status.NextShotAt);
        for (var step = 0; step < 20; step++)
        {
            rig.Advance(500);
        }

        Assert.Equal([3_000, 5_000, 7_000], Rises(rig));
        Assert.False(rig.Intervalometer.Status.Running);
    }

    [Fact]
    public async Task A_counted_run_takes_exactly_its_frames_and_then_rests()
    {
        await using var rig = Rig.Create();
        await using var log = new EventLog(rig.Intervalometer);

        rig.Intervalometer.Start(Every(1, count: 4));
        for (var step = 0; step < 100; step++)
        {
            rig.Advance(250);
        }
        await log.Until(IntervalometerEventKind.Completed);

        Assert.Equal([0, 1_000, 2_000, 3_000], Rises(rig));
        Assert.Equal(PinValue.Low, rig.Line);
        Assert.Equal(4, rig.Intervalometer.Status.Taken);
    }

    [Fact]
    public async Task Frames_whose_moment_passes_during_a_long_bulb_are_skipped_not_squeezed_in()
    {
        await using var rig = Rig.Create();
        await using var log = new EventLog(rig.Intervalometer);

        rig.Intervalometer.Start(Every(10, count: 4, bulb: 25));
        for (var step = 0; step < 60; step++)
        {
            rig.Advance(1_000);
        }
        await log.Until(IntervalometerEventKind.Completed);

        Assert.Equal(["H@0", "L@25000", "H@30000", "L@55000"], rig.Trace());
        Assert.Equal([2, 3], log.Of(IntervalometerEventKind.Skipped).Select(e => e.FrameNumber!.Value));
        Assert.Equal([10_000, 20_000], log.Of(IntervalometerEventKind.Skipped).Select(e => (e.PlannedAt!.Value - Rig.Epoch).TotalMilliseconds));
        Assert.All(log.Of(IntervalometerEventKind.Skipped), e => Assert.Null(e.ActualAt));
        Assert.Equal(2, rig.Intervalometer.Status.Taken);
        Assert.Equal(2, rig.Intervalometer.Status.Skipped);
    }

    [Fact]
    public async Task A_frame_reached_a_little_late_is_shot_late_but_one_reached_an_interval_late_is_skipped()
    {
        await using var rig = Rig.Create();
        await using var log = new EventLog(rig.Intervalometer);
        rig.Intervalometer.Start(Every(10));
        rig.Advance(150);

        rig.Advance(10_000 - 150 + 400); // woken 400 ms late for frame 2: shot late
        rig.Advance(150);
        rig.Advance(45_000 - 10_550); // asleep through frames 3, 4 and 5 (20, 30, 40 s): skipped
        rig.RunUntil(50_150);
        await log.Until(IntervalometerEventKind.Shot, 3);

        Assert.Equal([0, 10_400, 50_000], Rises(rig));
        Assert.Equal([3, 4, 5], log.Of(IntervalometerEventKind.Skipped).Select(e => e.FrameNumber!.Value));
        Assert.Equal(400, log.Of(IntervalometerEventKind.Shot)[1].Lateness!.Value.TotalMilliseconds);
    }

    [Fact]
    public async Task A_longer_interval_while_running_plans_the_next_frame_from_the_last_one()
    {
        await using var rig = Rig.Create();
        rig.Intervalometer.Start(Every(10));
        rig.RunUntil(12_000);

        rig.Retime(30);
        Assert.Equal(Rig.Epoch.AddSeconds(40), rig.Intervalometer.Status.NextShotAt);
        for (var step = 0; step < 60; step++)
        {
            rig.Advance(1_000);
        }

        Assert.Equal([0, 10_000, 40_000, 70_000], Rises(rig));
        Assert.Equal(TimeSpan.FromSeconds(30), rig.Intervalometer.Status.Interval);
    }

    [Fact]
    public async Task A_shorter_interval_whose_moment_has_passed_shoots_at_once_then_keeps_the_new_pace()
    {
        await using var rig = Rig.Create();
        rig.Intervalometer.Start(Every(60));
        rig.RunUntil(30_000);

        rig.Retime(5);
        for (var step = 0; step < 11; step++)
        {
            rig.Advance(1_000);
        }

        Assert.Equal([0, 30_000, 35_000, 40_000], Rises(rig));
        Assert.Equal(0, rig.Intervalometer.Status.Skipped);
    }

    [Fact]
    public async Task A_shorter_interval_whose_moment_is_ahead_waits_for_it()
    {
        await using var rig = Rig.Create();
        rig.Intervalometer.Start(Every(60));
        rig.RunUntil(2_000);

        rig.Retime(5);
        for (var step = 0; step < 10; step++)
        {
            rig.Advance(1_000);
        }

        Assert.Equal([0, 5_000, 10_000], Rises(rig));
    }

    [Fact]
    public async Task Retiming_during_the_start_delay_keeps_the_first_frame_and_changes_the_pace_after_it()
    {
        await using var rig = Rig.Create();
        rig.Intervalometer.Start(Every(5, delay: 10));
        rig.Advance(3_000);

        rig.Retime(2);
        for (var step = 0; step < 12; step++)
        {
            rig.Advance(1_000);
        }

        Assert.Equal([10_000, 12_000, 14_000], Rises(rig));
    }

    [Fact]
    public async Task Stopping_in_the_middle_of_a_pulse_leaves_the_line_open_and_takes_no_more_frames()
    {
        await using var rig = Rig.Create();
        await using var log = new EventLog(rig.Intervalometer);
        rig.Intervalometer.Start(Every(1));
        rig.RunUntil(1_050);
        Assert.Equal(PinValue.High, rig.Line);

        await rig.Intervalometer.StopAsync(Token);

        Assert.Equal(PinValue.Low, rig.Line);
        Assert.Equal(["H@0", "L@150", "H@1000", "L@1050"], rig.Trace());
        rig.Advance(10_000);
        Assert.Equal(4, rig.Trace().Length);
        Assert.False(rig.Intervalometer.Status.Running);
        Assert.Null(rig.Intervalometer.Status.NextShotAt);
        await log.Until(IntervalometerEventKind.Stopped);
    }

    [Fact]
    public async Task Stopping_in_the_middle_of_a_bulb_ends_the_exposure()
    {
        await using var rig = Rig.Create();
        rig.Intervalometer.Start(Every(60, bulb: 30));
        rig.Advance(12_000);

        await rig.Intervalometer.StopAsync(Token);

        Assert.Equal(["H@0", "L@12000"], rig.Trace());
    }

    [Fact]
    public async Task A_picture_on_demand_during_a_scheduled_pulse_waits_for_it()
    {
        await using var rig = Rig.Create();
        await using var log = new EventLog(rig.Intervalometer);
        rig.Intervalometer.Start(Every(1));
        rig.Advance(50);

        var adHoc = rig.Intervalometer.ShootNowAsync(Token);
        rig.Advance(100);
        await Rig.Until(() => rig.Line == PinValue.High, "the picture on demand closes the line");
        rig.Advance(150);
        var shot = await adHoc;

        Assert.Equal(["H@0", "L@150", "H@150", "L@300"], rig.Trace());
        Assert.Equal(Rig.Epoch.AddMilliseconds(150), shot.StartedAt);
        await log.Until(IntervalometerEventKind.AdHocShot);
        Assert.Null(log.Of(IntervalometerEventKind.AdHocShot)[0].FrameNumber);
        Assert.Equal(1, rig.Intervalometer.Status.Taken);
    }

    [Fact]
    public async Task A_scheduled_frame_waits_for_a_picture_on_demand_and_reports_its_lateness()
    {
        await using var rig = Rig.Create();
        await using var log = new EventLog(rig.Intervalometer);
        rig.Intervalometer.Start(Every(1));
        rig.RunUntil(900);

        var adHoc = rig.Intervalometer.ShootNowAsync(Token);
        rig.Advance(100);
        Assert.Equal(PinValue.High, rig.Line);
        rig.Advance(50);
        await adHoc;
        await Rig.Until(() => rig.Line == PinValue.High, "frame 2 closes the line");
        rig.Advance(150);
        await log.Until(IntervalometerEventKind.Shot, 2);

        Assert.Equal(["H@0", "L@150", "H@900", "L@1050", "H@1050", "L@1200"], rig.Trace());
        Assert.Equal(50, log.Of(IntervalometerEventKind.Shot)[1].Lateness!.Value.TotalMilliseconds);
    }

    [Fact]
    public async Task A_second_start_while_running_is_refused()
    {
        await using var rig = Rig.Create();
        rig.Intervalometer.Start(Every(5));

        Assert.Throws<InvalidOperationException>(() => rig.Intervalometer.Start(Every(5)));
    }

    [Fact]
    public async Task A_run_can_start_again_after_a_stop_and_counts_from_zero()
    {
        await using var rig = Rig.Create();
        rig.Intervalometer.Start(Every(1));
        rig.RunUntil(2_500);
        await rig.Intervalometer.StopAsync(Token);

        rig.Intervalometer.Start(Every(2, count: 1));
        rig.Advance(150);

        Assert.Equal(1, rig.Intervalometer.Status.Taken);
        Assert.Equal([0, 1_000, 2_000, 2_500], Rises(rig));
    }

    [Theory]
    [InlineData(0.15, null, 0.0, null)]   // interval not longer than the pulse
    [InlineData(0.1, null, 0.0, null)]
    [InlineData(86_401.0, null, 0.0, null)] // over 24 h
    [InlineData(5.0, 0, 0.0, null)]
    [InlineData(5.0, -3, 0.0, null)]
    [InlineData(5.0, null, -1.0, null)]
    [InlineData(5.0, null, 0.0, 0.0)]
    [InlineData(5.0, null, 0.0, -2.0)]
    public async Task A_plan_with_an_absurd_value_is_refused_and_nothing_moves(double interval, int? count, double delay, double? bulb)
    {
        await using var rig = Rig.Create();

        Assert.Throws<ArgumentOutOfRangeException>(() => rig.Intervalometer.Start(Every(interval, count, delay, bulb)));
        Assert.False(rig.Intervalometer.Status.Running);
        Assert.Empty(rig.Trace());
    }

    [Fact]
    public async Task An_interval_must_be_longer_than_focus_and_pulse_together()
    {
        await using var rig = Rig.Create(focus: true, focusTime: TimeSpan.FromMilliseconds(900));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => rig.Intervalometer.Start(Every(1)));
        Assert.Contains("1050", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_that_fails_ends_the_run_with_a_failed_event_and_the_line_open()
    {
        await using var rig = Rig.Create(focus: true);
        await using var log = new EventLog(rig.Intervalometer);
        rig.Intervalometer.Start(Every(1));
        rig.Gpio.FailWrites(Rig.FocusPin);

        rig.Advance(150);
        await log.Until(IntervalometerEventKind.Failed);

        Assert.Equal(PinValue.Low, rig.Line);
        Assert.Contains("Input/output error", log.Of(IntervalometerEventKind.Failed)[0].Error, StringComparison.Ordinal);
        Assert.False(rig.Intervalometer.Status.Running);
        rig.Gpio.FailWrites(Rig.FocusPin, fail: false);
    }

    [Fact]
    public async Task A_reader_that_falls_behind_loses_the_oldest_events_counted_and_logged_once_per_burst()
    {
        var logs = new RecordingLoggerFactory();
        await using var rig = Rig.Create(meterOptions: new IntervalometerOptions { StreamCapacity = 2, LoggerFactory = logs });
        await using var events = rig.Intervalometer.WatchEventsAsync(Token).GetAsyncEnumerator(Token);
        var first = events.MoveNextAsync();
        rig.Intervalometer.Start(Every(5));
        Assert.True(await first);
        Assert.Equal(IntervalometerEventKind.Started, events.Current.Kind);

        // The reader sits on its first event while five more arrive: its queue of two keeps the newest.
        for (var seconds = 6; seconds <= 10; seconds++)
        {
            rig.Retime(seconds);
        }
        Assert.Equal(3, rig.Intervalometer.EventsDropped);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(TimeSpan.FromSeconds(9), events.Current.Status.Interval);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(TimeSpan.FromSeconds(10), events.Current.Status.Interval);

        // Caught up; a new burst of drops is logged again.
        var next = events.MoveNextAsync();
        rig.Retime(11);
        Assert.True(await next);
        rig.Retime(12);
        rig.Retime(13);
        rig.Retime(14);

        Assert.Equal(4, rig.Intervalometer.EventsDropped);
        var warnings = logs.Entries.Where(e => e.EventId == 4005).ToArray();
        Assert.Equal(2, warnings.Length);
        Assert.All(warnings, w => Assert.Equal(typeof(Intervalometer).FullName, w.Category));
        Assert.All(warnings, w => Assert.Equal(LogLevel.Warning, w.Level));
        Assert.Contains("2 events behind", warnings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_reader_has_its_own_queue_so_a_stalled_one_does_not_hold_back_another()
    {
        await using var rig = Rig.Create(meterOptions: new IntervalometerOptions { StreamCapacity = 2 });
        await using var stalled = rig.Intervalometer.WatchEventsAsync(Token).GetAsyncEnumerator(Token);
        using var endLive = CancellationTokenSource.CreateLinkedTokenSource(Token);
        await using var live = rig.Intervalometer.WatchEventsAsync(endLive.Token).GetAsyncEnumerator(endLive.Token);
        var stalledFirst = stalled.MoveNextAsync();
        var liveNext = live.MoveNextAsync();
        var seen = new List<IntervalometerEventKind>();

        rig.Intervalometer.Start(Every(1, count: 3));
        Assert.True(await stalledFirst);
        foreach (var until in new[] { 0.0, 150, 1_150, 2_150 })
        {
            rig.RunUntil(until);
            while (await liveNext)
            {
                seen.Add(live.Current.Kind);
                liveNext = live.MoveNextAsync();
                if (!liveNext.IsCompleted)
                {
                    break;
                }
            }
        }

        // The stalled reader holds its first event and the two newest; the live one saw all five.
        Assert.Equal(
            [IntervalometerEventKind.Started, IntervalometerEventKind.Shot, IntervalometerEventKind.Shot, IntervalometerEventKind.Shot, IntervalometerEventKind.Completed],
            seen);
        Assert.Equal(2, rig.Intervalometer.EventsDropped);
        Assert.Equal(3, rig.Intervalometer.Status.Taken);
        await endLive.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await liveNext);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_001)]
    public async Task A_stream_capacity_out_of_range_is_refused_naming_the_option(int capacity)
    {
        await using var rig = Rig.Create();

        var error = Assert.Throws<ArgumentException>(() => new Intervalometer(rig.Shutter, new IntervalometerOptions { StreamCapacity = capacity }));

        Assert.Contains("IntervalometerOptions.StreamCapacity", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public async Task Skipped_frames_are_logged_under_the_intervalometer_type_with_their_event_id()
    {
        var logs = new RecordingLoggerFactory();
        await using var rig = Rig.Create(meterOptions: new IntervalometerOptions { LoggerFactory = logs });
        await using var log = new EventLog(rig.Intervalometer);
        rig.Intervalometer.Start(Every(10, count: 2, bulb: 15));
        for (var step = 0; step < 20; step++)
        {
            rig.Advance(1_000);
        }
        await log.Until(IntervalometerEventKind.Completed);

        var skipped = Assert.Single(logs.Entries, e => e.EventId == 4003);
        Assert.Equal(typeof(Intervalometer).FullName, skipped.Category);
        Assert.Contains("Frame 2 skipped", skipped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_any_run_the_status_is_idle_with_the_default_interval()
    {
        await using var rig = Rig.Create();

        var status = rig.Intervalometer.Status;

        Assert.False(status.Running);
        Assert.Equal(TimeSpan.FromSeconds(5), status.Interval);
        Assert.Null(status.Count);
        Assert.Equal(0, status.Taken);
        Assert.Null(status.NextShotAt);
    }
}
