using System.Device.Gpio;
using Drivers.Shutter.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Drivers.Shutter.Tests.Simulation;

public sealed class VirtualGpioDriverTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Every_edge_is_recorded_with_the_time_of_the_clock()
    {
        var time = new FakeTimeProvider(Rig.Epoch);
        var gpio = new VirtualGpioDriver(time);
        using var controller = new GpioController(gpio);
        controller.OpenPin(18, PinMode.Output, PinValue.Low);

        controller.Write(18, PinValue.High);
        time.Advance(TimeSpan.FromMilliseconds(150));
        controller.Write(18, PinValue.Low);

        Assert.Equal(
            [new GpioEdge(18, PinValue.High, Rig.Epoch, time.GetTimestamp() - TimeSpan.FromMilliseconds(150).Ticks),
             new GpioEdge(18, PinValue.Low, Rig.Epoch.AddMilliseconds(150), time.GetTimestamp())],
            gpio.Edges);
    }

    [Fact]
    public void Writing_the_level_a_line_already_has_is_not_an_edge()
    {
        var gpio = new VirtualGpioDriver();
        using var controller = new GpioController(gpio);
        controller.OpenPin(18, PinMode.Output, PinValue.Low);

        controller.Write(18, PinValue.Low);
        controller.Write(18, PinValue.High);
        controller.Write(18, PinValue.High);

        Assert.Single(gpio.Edges);
        Assert.Equal(PinValue.High, controller.Read(18));
    }

    [Fact]
    public void A_line_must_be_opened_before_it_is_written()
    {
        var gpio = new VirtualGpioDriver();
        using var controller = new GpioController(gpio);

        Assert.Throws<InvalidOperationException>(() => controller.Write(18, PinValue.High));
        Assert.Empty(gpio.Edges);
    }

    [Fact]
    public void A_line_outside_the_chip_is_refused()
    {
        var gpio = new VirtualGpioDriver(pinCount: 54);
        using var controller = new GpioController(gpio);

        Assert.ThrowsAny<ArgumentException>(() => controller.OpenPin(54, PinMode.Output));
        Assert.Equal(54, controller.PinCount);
    }

    [Fact]
    public void A_line_held_by_another_consumer_cannot_be_opened()
    {
        var gpio = new VirtualGpioDriver();
        gpio.MarkBusy(18);

        var error = Assert.Throws<IOException>(() => ShutterRelease.Open(gpio, new ShutterOptions()));
        Assert.Contains("busy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callbacks_and_waits_see_edges_as_on_a_real_chip()
    {
        var gpio = new VirtualGpioDriver();
        using var controller = new GpioController(gpio);
        controller.OpenPin(18, PinMode.Output, PinValue.Low);
        var seen = new List<PinEventTypes>();
        controller.RegisterCallbackForPinValueChangedEvent(18, PinEventTypes.Rising | PinEventTypes.Falling, (_, e) => seen.Add(e.ChangeType));

        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gpio.WaitRegistered += (_, _) => registered.TrySetResult();

        var waiting = Task.Run(() => controller.WaitForEvent(18, PinEventTypes.Falling, TimeSpan.FromSeconds(30)), Token);
        await registered.Task.WaitAsync(TimeSpan.FromSeconds(10), Token);
        controller.Write(18, PinValue.High);
        Assert.False(waiting.IsCompleted);
        controller.Write(18, PinValue.Low);
        var result = await waiting;

        Assert.Equal([PinEventTypes.Rising, PinEventTypes.Falling], seen);
        Assert.False(result.TimedOut);
        // A wake-up on the rising edge would have taken the waiter then, so the wait would have returned Rising.
        Assert.Equal(PinEventTypes.Falling, result.EventTypes);
    }

    [Fact]
    public void After_dispose_the_lines_are_closed_but_their_levels_and_edges_remain()
    {
        var gpio = new VirtualGpioDriver();
        var controller = new GpioController(gpio);
        controller.OpenPin(18, PinMode.Output, PinValue.Low);
        controller.Write(18, PinValue.High);

        controller.Dispose();

        Assert.False(gpio.IsOpen(18));
        Assert.Equal(PinValue.High, gpio.LevelOf(18));
        Assert.Single(gpio.Edges);
    }
}
