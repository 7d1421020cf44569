using System.Device.Gpio;
using Drivers.Shutter.Gpio;

namespace Drivers.Shutter.Tests;

public sealed class ShutterReleaseTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_shot_closes_the_shutter_line_for_the_default_150_ms()
    {
        await using var rig = Rig.Create();

        var shooting = rig.Shutter.ShootAsync(Token);
        Assert.Equal(PinValue.High, rig.Line);
        rig.Advance(149);
        Assert.Equal(PinValue.High, rig.Line);
        rig.Advance(1);
        var shot = await shooting;

        Assert.Equal(["H@0", "L@150"], rig.Trace());
        Assert.Equal(TimeSpan.FromMilliseconds(150), shot.ShutterHeld);
        Assert.Equal(Rig.Epoch, shot.StartedAt);
    }

    [Fact]
    public async Task The_focus_line_closes_first_and_is_held_with_the_shutter()
    {
        await using var rig = Rig.Create(focus: true, focusTime: TimeSpan.FromMilliseconds(500), pulse: TimeSpan.FromMilliseconds(200));

        var shooting = rig.Shutter.ShootAsync(Token);
        rig.Advance(500);
        rig.Advance(200);
        var shot = await shooting;

        Assert.Equal(["H@0", "L@700"], rig.Trace(Rig.FocusPin));
        Assert.Equal(["H@500", "L@700"], rig.Trace(Rig.ShutterPin));
        // Shutter released before focus: the order a TC-80N3 style remote lets go.
        var order = rig.Gpio.Edges.Select(e => (e.Pin, e.Value == PinValue.High)).ToArray();
        Assert.Equal([(Rig.FocusPin, true), (Rig.ShutterPin, true), (Rig.ShutterPin, false), (Rig.FocusPin, false)], order);
        Assert.Equal(Rig.Epoch, shot.StartedAt);
        Assert.Equal(Rig.Epoch.AddMilliseconds(500), shot.ShutterClosedAt);
    }

    [Fact]
    public async Task A_wired_focus_line_with_no_focus_time_closes_together_with_the_shutter()
    {
        await using var rig = Rig.Create(focus: true);

        var shooting = rig.Shutter.ShootAsync(Token);
        rig.Advance(150);
        await shooting;

        Assert.Equal(["H@0", "L@150"], rig.Trace(Rig.FocusPin));
        Assert.Equal(["H@0", "L@150"], rig.Trace(Rig.ShutterPin));
    }

    [Fact]
    public async Task A_bulb_exposure_holds_the_line_for_the_exposure()
    {
        await using var rig = Rig.Create();

        var shooting = rig.Shutter.ShootBulbAsync(TimeSpan.FromSeconds(30), Token);
        rig.Advance(29_999);
        Assert.Equal(PinValue.High, rig.Line);
        rig.Advance(1);
        var shot = await shooting;

        Assert.Equal(["H@0", "L@30000"], rig.Trace());
        Assert.Equal(TimeSpan.FromSeconds(30), shot.ShutterHeld);
    }

    [Fact]
    public async Task A_line_left_closed_by_a_crashed_predecessor_is_driven_low_at_open()
    {
        await using var rig = Rig.Create(focus: true, prepare: gpio =>
        {
            gpio.PresetLevel(Rig.ShutterPin, PinValue.High);
            gpio.PresetLevel(Rig.FocusPin, PinValue.High);
        });

        Assert.Equal(["L@0"], rig.Trace(Rig.ShutterPin));
        Assert.Equal(["L@0"], rig.Trace(Rig.FocusPin));
    }

    [Fact]
    public async Task A_second_shot_waits_for_the_first_so_shots_never_overlap()
    {
        await using var rig = Rig.Create();

        var first = rig.Shutter.ShootAsync(Token);
        var second = rig.Shutter.ShootAsync(Token);
        Assert.False(second.IsCompleted);
        rig.Advance(150);
        await first;
        await Rig.Until(() => rig.Line == PinValue.High, "the second shot closes the line");
        rig.Advance(150);
        await second;

        Assert.Equal(["H@0", "L@150", "H@150", "L@300"], rig.Trace());
    }

    [Fact]
    public async Task Cancelling_a_shot_mid_pulse_releases_the_line_at_once()
    {
        await using var rig = Rig.Create();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var shooting = rig.Shutter.ShootBulbAsync(TimeSpan.FromSeconds(10), cancel.Token);
        rig.Advance(1_000);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => shooting);
        Assert.Equal(["H@0", "L@1000"], rig.Trace());
    }

    [Fact]
    public async Task Disposing_mid_exposure_releases_the_line_and_closes_it()
    {
        var rig = Rig.Create(focus: true);
        var shooting = rig.Shutter.ShootBulbAsync(TimeSpan.FromSeconds(10), Token);
        rig.Advance(2_000);

        await rig.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => shooting);
        Assert.Equal(["H@0", "L@2000"], rig.Trace());
        Assert.Equal(["H@0", "L@2000"], rig.Trace(Rig.FocusPin));
        Assert.False(rig.Gpio.IsOpen(Rig.ShutterPin));
        Assert.False(rig.Shutter.IsShooting);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => rig.Shutter.ShootAsync(Token));
    }

    [Fact]
    public async Task A_process_exit_or_signal_releases_a_held_line_without_waiting_for_the_shot()
    {
        await using var rig = Rig.Create(focus: true);
        var shooting = rig.Shutter.ShootBulbAsync(TimeSpan.FromMinutes(5), Token);
        rig.Advance(3_000);

        Assert.True(ExitGuard.ReleaseAll("SIGTERM") >= 1);

        Assert.Equal(PinValue.Low, rig.Line);
        Assert.Equal(PinValue.Low, rig.Gpio.LevelOf(Rig.FocusPin));
        Assert.Equal(["H@0", "L@3000"], rig.Trace());
        rig.Advance(300_000);
        await shooting;
    }

    [Fact]
    public async Task A_line_that_fails_mid_shot_does_not_keep_the_other_line_closed()
    {
        await using var rig = Rig.Create(focus: true);
        var shooting = rig.Shutter.ShootAsync(Token);
        Assert.Equal(PinValue.High, rig.Line);

        rig.Gpio.FailWrites(Rig.FocusPin);
        rig.Advance(150);

        await Assert.ThrowsAsync<IOException>(() => shooting);
        Assert.Equal(PinValue.Low, rig.Line);
        rig.Gpio.FailWrites(Rig.FocusPin, fail: false);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(60_001)]
    public async Task A_pulse_that_is_not_positive_or_longer_than_a_minute_is_refused(int milliseconds)
    {
        await using var rig = Rig.Create();

        Assert.Throws<ArgumentOutOfRangeException>(() => rig.Shutter.PulseDuration = TimeSpan.FromMilliseconds(milliseconds));
        Assert.Equal(TimeSpan.FromMilliseconds(150), rig.Shutter.PulseDuration);
    }

    [Fact]
    public async Task A_bulb_that_is_not_positive_is_refused_before_the_line_moves()
    {
        await using var rig = Rig.Create();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => rig.Shutter.ShootBulbAsync(TimeSpan.Zero, Token));
        Assert.Empty(rig.Trace());
    }

    [Fact]
    public void The_same_line_for_focus_and_shutter_is_refused()
    {
        var gpio = new Drivers.Shutter.Simulation.VirtualGpioDriver();

        var error = Assert.Throws<ArgumentException>(() => ShutterRelease.Open(gpio, new ShutterOptions { ShutterPin = 18, FocusPin = 18 }));
        Assert.Contains("different", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ShutterPin", -1, null, 150, 0, null)]
    [InlineData("ShutterPin", 54, null, 150, 0, null)]
    [InlineData("FocusPin", 18, -2, 150, 0, null)]
    [InlineData("FocusPin", 18, 60, 150, 0, null)]
    [InlineData("PulseDuration", 18, null, -5, 0, null)]
    [InlineData("PulseDuration", 18, null, 60_001, 0, null)]
    [InlineData("FocusDuration", 18, 23, 150, -1, null)]
    [InlineData("FocusDuration", 18, 23, 150, 10_001, null)]
    [InlineData("Chip", 18, null, 150, 0, -1)]
    public void Options_out_of_range_are_refused_naming_the_property_and_the_lines_stay_closed(
        string property, int pin, int? focusPin, int pulseMilliseconds, int focusMilliseconds, int? chip)
    {
        var gpio = new Drivers.Shutter.Simulation.VirtualGpioDriver();
        var options = new ShutterOptions
        {
            ShutterPin = pin,
            FocusPin = focusPin,
            PulseDuration = TimeSpan.FromMilliseconds(pulseMilliseconds),
            FocusDuration = TimeSpan.FromMilliseconds(focusMilliseconds),
            Chip = chip,
        };

        var error = Assert.Throws<ArgumentException>(() => ShutterRelease.Open(gpio, options));

        Assert.Contains($"ShutterOptions.{property} ", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
        Assert.False(gpio.IsOpen(18));
        Assert.Empty(gpio.Edges);
    }

    [Fact]
    public void Options_are_checked_before_a_GPIO_chip_is_looked_for()
    {
        var error = Assert.Throws<ArgumentException>(() => ShutterRelease.Open(new ShutterOptions { PulseDuration = TimeSpan.Zero, SysfsRoot = "/nonexistent" }));

        Assert.Contains("ShutterOptions.PulseDuration must be more than zero", error.Message, StringComparison.Ordinal);
    }
}
