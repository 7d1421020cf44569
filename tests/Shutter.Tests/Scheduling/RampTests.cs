using System.Device.Gpio;
using Drivers.Shutter.Simulation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;

namespace Drivers.Shutter.Tests.Scheduling;

public sealed class RampTests
{
    private static readonly TimeSpan Quarter = TimeSpan.FromSeconds(0.25);
    private static readonly TimeSpan Twenty = TimeSpan.FromSeconds(20);

    private static (TimeSpan Rise, TimeSpan Width)[] Pulses(Rig rig)
    {
        var edges = rig.Gpio.EdgesOf(Rig.ShutterPin).ToArray();
        return [.. edges.Where(e => e.Value == PinValue.High).Zip(edges.Where(e => e.Value == PinValue.Low), (up, down) => (up.Time - Rig.Epoch, down.Time - up.Time))];
    }

    [Fact]
    public async Task A_thousand_frame_ramp_from_a_quarter_second_to_twenty_seconds_follows_the_geometric_ramp_without_drift()
    {
        await using var rig = Rig.Create();
        var ramp = new ExposureRamp { Start = Quarter, End = Twenty, Frames = 1_000 };
        var interval = TimeSpan.FromSeconds(25);
        rig.Intervalometer.Start(new IntervalometerPlan { Interval = interval, Count = 1_000, BulbRamp = ramp });

        // Every frame the scheduler wakes 3 ms late; the bulb's own timer then fires on time.
        var now = TimeSpan.Zero;
        for (var frame = 0; frame < 1_000; frame++)
        {
            var rise = (interval * frame) + (frame == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(3));
            rig.Advance(rise - now);
            rig.Advance(ramp.ExposureOf(frame + 1));
            now = rise + ramp.ExposureOf(frame + 1);
        }

        var pulses = Pulses(rig);
        Assert.Equal(1_000, pulses.Length);
        var ratio = Math.Pow(20 / 0.25, 1.0 / 999);
        for (var frame = 0; frame < pulses.Length; frame++)
        {
            var planned = 0.25 * Math.Pow(ratio, frame);
            Assert.InRange(pulses[frame].Width.TotalSeconds, planned - 0.001, planned + 0.001);
            Assert.Equal((interval * frame) + (frame == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(3)), pulses[frame].Rise);
        }
        Assert.Equal(Twenty, pulses[^1].Width);
        Assert.Equal(0, rig.Intervalometer.Status.Skipped);
    }

    [Fact]
    public async Task A_focus_raised_during_a_ramp_without_a_gap_makes_its_longer_frames_skip_the_next_even_with_pulse_and_focus_far_below_the_interval()
    {
        await using var rig = Rig.Create(focus: true, focusTime: TimeSpan.FromMilliseconds(200));
        var ramp = new ExposureRamp { Start = TimeSpan.FromSeconds(0.5), End = TimeSpan.FromSeconds(1.5), Frames = 10 };
        rig.Intervalometer.Start(new IntervalometerPlan { Interval = TimeSpan.FromSeconds(2), Count = 10, BulbRamp = ramp });
        rig.Advance(1_000); // the first frame: 0.2 s of focus, then 0.5 s of exposure

        // 1 s of focus and the 150 ms pulse are far below the 2 s interval, but 1 s + the ramp's 1.5 s is not.
        rig.Shutter.FocusDuration = TimeSpan.FromSeconds(1);
        for (var step = 0; step < 200; step++)
        {
            rig.Advance(100);
        }

        var status = rig.Intervalometer.Status;
        Assert.False(status.Running);
        Assert.True(status.Skipped > 0, $"{status.Taken} taken, none skipped");
        Assert.Equal(10, status.Taken + status.Skipped);
    }

    [Fact]
    public async Task The_preview_lists_exactly_what_the_run_then_does_with_a_growing_interval()
    {
        await using var rig = Rig.Create(focus: true, focusTime: TimeSpan.FromMilliseconds(200));
        await using var log = new EventLog(rig.Intervalometer);
        var plan = new IntervalometerPlan
        {
            Interval = TimeSpan.FromSeconds(2),
            Count = 30,
            StartDelay = TimeSpan.FromSeconds(1),
            BulbRamp = new ExposureRamp { Start = TimeSpan.FromSeconds(0.5), End = TimeSpan.FromSeconds(8), Frames = 20, FirstFrame = 6 },
            MinimumGap = TimeSpan.FromSeconds(1),
        };

        var preview = rig.Intervalometer.Preview(plan);
        rig.Intervalometer.Start(plan);
        foreach (var frame in preview)
        {
            rig.Advance(frame.PlannedAt - rig.Time.GetUtcNow());
            rig.Advance(TimeSpan.FromMilliseconds(200)); // focus, then the shutter for the exposure
            rig.Advance(frame.Exposure!.Value);
        }
        await log.Until(IntervalometerEventKind.Completed);

        var shots = log.Of(IntervalometerEventKind.Shot);
        Assert.Equal(preview.Select(f => (f.FrameNumber, f.PlannedAt, f.Exposure)), shots.Select(s => (s.FrameNumber!.Value, s.PlannedAt!.Value, s.Exposure)));
        Assert.Equal(preview.Select(f => f.PlannedAt), shots.Select(s => s.ActualAt!.Value));
        // The interval grew where the exposure needed it: 8 s + 0.2 s focus + 1 s gap.
        Assert.Equal(TimeSpan.FromSeconds(9.2), preview[^1].PlannedAt - preview[^2].PlannedAt);
        Assert.Equal(TimeSpan.FromSeconds(2), preview[1].PlannedAt - preview[0].PlannedAt);
    }

    [Fact]
    public async Task A_start_time_across_the_autumn_clock_change_starts_at_the_right_moment()
    {
        var prague = TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague");
        // 22:00 summer time on the evening before the clocks go back (2026-10-25 03:00 CEST -> 02:00 CET).
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 24, 20, 0, 0, TimeSpan.Zero));
        time.SetLocalTimeZone(prague);
        var gpio = new VirtualGpioDriver(time);
        await using var shutter = ShutterRelease.Open(gpio, new ShutterOptions { ShutterPin = Rig.ShutterPin, TimeProvider = time });
        await using var meter = new Intervalometer(shutter);

        var sixInTheMorning = IntervalometerPlan.AtLocalTime(new DateTime(2026, 10, 25, 6, 0, 0), time.LocalTimeZone);
        meter.Start(new IntervalometerPlan { Interval = TimeSpan.FromMinutes(1), Count = 1, StartAt = sixInTheMorning });

        // Nine hours, not eight: the night is an hour longer.
        time.Advance(TimeSpan.FromHours(9) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(gpio.EdgesOf(Rig.ShutterPin));
        time.Advance(TimeSpan.FromMilliseconds(1));
        var rise = Assert.Single(gpio.EdgesOf(Rig.ShutterPin));
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 5, 0, 0, TimeSpan.Zero), rise.Time);
    }

    [Fact]
    public void Local_times_the_clocks_skip_are_refused_and_times_they_repeat_are_taken_the_first_time()
    {
        var prague = TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague");

        var skipped = Assert.Throws<ArgumentException>(() => IntervalometerPlan.AtLocalTime(new DateTime(2027, 3, 28, 2, 30, 0), prague));
        Assert.StartsWith("2027-03-28 02:30 does not exist in Europe/Prague", skipped.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromHours(2), IntervalometerPlan.AtLocalTime(new DateTime(2026, 10, 25, 2, 30, 0), prague).Offset);
        Assert.Equal(TimeSpan.FromHours(1), IntervalometerPlan.AtLocalTime(new DateTime(2026, 10, 25, 3, 30, 0), prague).Offset);
    }

    public static TheoryData<string, Func<DateTimeOffset, IntervalometerPlan>, string> Refusals => new()
    {
        { "a ramp longer than its interval", _ => new() { Interval = TimeSpan.FromSeconds(10), BulbRamp = new() { Start = Quarter, End = Twenty, Frames = 10 } }, "The ramp's longest exposure (20 s) does not fit the 10 s interval" },
        { "a bulb and a ramp", _ => new() { Interval = TimeSpan.FromSeconds(30), BulbDuration = Quarter, BulbRamp = new() { Start = Quarter, End = Twenty, Frames = 10 } }, "A plan takes a fixed bulb exposure or a ramp, not both." },
        { "a delay and a start time", now => new() { Interval = TimeSpan.FromSeconds(30), StartDelay = Quarter, StartAt = now.AddHours(1) }, "A plan starts after a delay or at a time, not both." },
        { "a start time that has passed", now => new() { Interval = TimeSpan.FromSeconds(30), StartAt = now.AddMinutes(-5) }, "has passed" },
        { "a gap without a ramp", _ => new() { Interval = TimeSpan.FromSeconds(30), MinimumGap = Quarter }, "this plan has no ramp" },
        { "a one-frame ramp", _ => new() { Interval = TimeSpan.FromSeconds(30), BulbRamp = new() { Start = Quarter, End = Twenty, Frames = 1 } }, "at least 2 frames" },
        { "a zero exposure", _ => new() { Interval = TimeSpan.FromSeconds(30), BulbRamp = new() { Start = TimeSpan.Zero, End = Twenty, Frames = 5 } }, "more than zero" },
        { "a ramp starting at frame 0", _ => new() { Interval = TimeSpan.FromSeconds(30), BulbRamp = new() { Start = Quarter, End = Twenty, Frames = 5, FirstFrame = 0 } }, "first frame is 1 or later" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_plan_that_cannot_work_is_refused_with_a_sentence_before_anything_fires(string what, Func<DateTimeOffset, IntervalometerPlan> plan, string sentence)
    {
        await using var rig = Rig.Create();

        var preview = Assert.ThrowsAny<ArgumentException>(() => rig.Intervalometer.Preview(plan(rig.Time.GetUtcNow())));
        var start = Assert.ThrowsAny<ArgumentException>(() => rig.Intervalometer.Start(plan(rig.Time.GetUtcNow())));

        Assert.Contains(sentence, preview.Message, StringComparison.Ordinal);
        Assert.Equal(preview.Message, start.Message);
        Assert.False(rig.Intervalometer.Status.Running, what);
        Assert.Empty(rig.Gpio.EdgesOf(Rig.ShutterPin));
    }

    [Property(MaxTest = 300)]
    public bool Any_ramp_changes_by_the_same_ratio_every_frame_and_ends_exactly_on_its_ends(PositiveInt startMs, PositiveInt endMs, PositiveInt frames, PositiveInt first)
    {
        var ramp = new ExposureRamp
        {
            Start = TimeSpan.FromMilliseconds(Math.Min(startMs.Get, 3_600_000)),
            End = TimeSpan.FromMilliseconds(Math.Min(endMs.Get, 3_600_000)),
            Frames = (frames.Get % 2_000) + 2,
            FirstFrame = (first.Get % 50) + 1,
        };
        var exposures = Enumerable.Range(1, ramp.FirstFrame + ramp.Frames + 5).Select(ramp.ExposureOf).ToArray();
        var expected = Math.Pow(2, ramp.StopsPerFrame);
        var steady = exposures.Zip(exposures.Skip(1))
            .Skip(ramp.FirstFrame - 1).Take(ramp.Frames - 1)
            // Rounded to 100 ns ticks: the ratio holds to a tick either side.
            .All(p => Math.Abs(p.Second.Ticks - (p.First.Ticks * expected)) <= 1 + expected);
        return steady
            && exposures[..ramp.FirstFrame].All(e => e == ramp.Start)
            && exposures[(ramp.FirstFrame + ramp.Frames - 2)..].All(e => e == ramp.End);
    }
}
