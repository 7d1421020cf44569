using Drivers.Shutter.Simulation;

namespace Drivers.Shutter.Tests.Scheduling;

/// <summary>Ramps retimed while running, extreme ramps, and a ramp on the system clock.</summary>
public sealed class RampRetimeTests
{
    private static readonly TimeSpan Eight = TimeSpan.FromSeconds(8);

    private static IntervalometerPlan LongExposuresWithAGap(int count) => new()
    {
        Interval = TimeSpan.FromSeconds(2),
        Count = count,
        // 8 s exposures with a 1 s gap: frames are 9 s apart, far more than the 2 s interval.
        BulbRamp = new ExposureRamp { Start = Eight, End = Eight, Frames = 2 },
        MinimumGap = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task Changing_the_interval_during_a_ramp_with_a_minimum_gap_keeps_the_gap_after_the_current_exposure()
    {
        await using var rig = Rig.Create();
        await using var log = new EventLog(rig.Intervalometer);
        rig.Intervalometer.Start(LongExposuresWithAGap(3));

        rig.Advance(1_000); // frame 1's 8 s exposure is running
        rig.Retime(3);
        rig.RunUntil(40_000);
        await log.Until(IntervalometerEventKind.Completed);

        // Frame 1 ends at 8 s; with the 1 s gap frame 2 cannot start before 9 s, so none is skipped.
        var planned = log.All.Where(e => e.Kind is IntervalometerEventKind.Shot or IntervalometerEventKind.Skipped)
            .Select(e => $"{e.Kind} {e.FrameNumber} @{(e.PlannedAt!.Value - Rig.Epoch).TotalSeconds}s");
        Assert.Equal(["Shot 1 @0s", "Shot 2 @9s", "Shot 3 @18s"], planned);
    }

    [Fact]
    public async Task Two_interval_changes_during_one_ramp_exposure_do_not_move_the_frame_already_shot()
    {
        await using var rig = Rig.Create();
        await using var log = new EventLog(rig.Intervalometer);
        rig.Intervalometer.Start(LongExposuresWithAGap(2));

        rig.Advance(1_000);
        rig.Retime(3);
        rig.Advance(500);
        rig.Retime(4); // re-plans from frame 1's moment, which must still be 0 s
        rig.RunUntil(40_000);
        await log.Until(IntervalometerEventKind.Completed);

        var second = Assert.Single(log.Of(IntervalometerEventKind.Shot), e => e.FrameNumber == 2);
        // Frame 1 at 0 s, its exposure and gap end at 9 s: frame 2 is planned no earlier, and shot when planned.
        Assert.True(second.PlannedAt!.Value - Rig.Epoch >= TimeSpan.FromSeconds(9), $"frame 2 planned at {(second.PlannedAt.Value - Rig.Epoch).TotalSeconds} s, lateness {second.Lateness}");
        Assert.Equal(TimeSpan.Zero, second.Lateness);
    }

    [Fact]
    public async Task Changing_the_interval_below_a_ramp_exposure_without_a_minimum_gap_is_refused_as_at_start()
    {
        await using var rig = Rig.Create();
        var ramp = new ExposureRamp { Start = TimeSpan.FromSeconds(1), End = TimeSpan.FromSeconds(20), Frames = 10 };
        rig.Intervalometer.Start(new IntervalometerPlan { Interval = TimeSpan.FromSeconds(30), Count = 10, BulbRamp = ramp });

        // Start refuses a 10 s interval for this ramp ("does not fit the interval"); a change to it should be refused too.
        Assert.ThrowsAny<ArgumentException>(() => rig.Intervalometer.ChangeInterval(TimeSpan.FromSeconds(10)));
        await rig.Intervalometer.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_preview_of_an_endless_plan_with_a_huge_frame_limit_is_refused_with_an_argument_exception()
    {
        await using var rig = Rig.Create();
        var plan = new IntervalometerPlan { Interval = TimeSpan.FromSeconds(1) };

        var error = Record.Exception(() => rig.Intervalometer.Preview(plan, int.MaxValue));

        Assert.IsAssignableFrom<ArgumentException>(error);
    }

    [Fact]
    public async Task A_ramp_from_one_tick_to_a_day_over_int_max_frames_starting_at_int_max_previews_and_runs()
    {
        await using var rig = Rig.Create();
        var ramp = new ExposureRamp { Start = TimeSpan.FromTicks(1), End = TimeSpan.FromHours(24), Frames = int.MaxValue, FirstFrame = int.MaxValue };
        var plan = new IntervalometerPlan { Interval = TimeSpan.FromSeconds(1), Count = 3, BulbRamp = ramp, MinimumGap = TimeSpan.Zero };

        var preview = rig.Intervalometer.Preview(plan);

        Assert.Equal([TimeSpan.FromTicks(1), TimeSpan.FromTicks(1), TimeSpan.FromTicks(1)], preview.Select(f => f.Exposure!.Value));
        Assert.Equal(TimeSpan.FromTicks(1), ramp.ExposureOf(int.MaxValue));
        Assert.Equal(preview.Select((_, i) => TimeSpan.FromSeconds(i)), preview.Select(f => f.PlannedAt - Rig.Epoch));
    }

    [Fact]
    public async Task On_the_system_clock_a_ramp_run_with_a_start_time_plans_its_first_frame_at_that_time_and_follows_the_preview()
    {
        var gpio = new VirtualGpioDriver(TimeProvider.System);
        await using var shutter = ShutterRelease.Open(gpio, new ShutterOptions { ShutterPin = Rig.ShutterPin, TimeProvider = TimeProvider.System });
        await using var meter = new Intervalometer(shutter);
        await using var log = new EventLog(meter);
        var at = DateTimeOffset.UtcNow.AddMilliseconds(300);
        var plan = new IntervalometerPlan
        {
            Interval = TimeSpan.FromMilliseconds(200),
            Count = 4,
            StartAt = at,
            BulbRamp = new ExposureRamp { Start = TimeSpan.FromMilliseconds(10), End = TimeSpan.FromMilliseconds(40), Frames = 4 },
            MinimumGap = TimeSpan.FromMilliseconds(10),
        };

        var preview = meter.Preview(plan);
        meter.Start(plan);
        await log.Until(IntervalometerEventKind.Completed);

        var events = log.All.Where(e => e.Kind is IntervalometerEventKind.Shot or IntervalometerEventKind.Skipped).ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", events.Select(e => $"{e.Kind} {e.FrameNumber} planned {(e.PlannedAt!.Value - at).TotalMicroseconds:F1} us after StartAt, preview {(preview[e.FrameNumber!.Value - 1].PlannedAt - at).TotalMicroseconds:F1} us, exposure {e.Exposure?.TotalMilliseconds} ms")));
        Assert.Equal(4, events.Length);
        Assert.Equal(at, events[0].PlannedAt);
        Assert.Equal(preview.Select(f => f.PlannedAt - preview[0].PlannedAt), events.Select(e => e.PlannedAt!.Value - events[0].PlannedAt!.Value));
    }
}
