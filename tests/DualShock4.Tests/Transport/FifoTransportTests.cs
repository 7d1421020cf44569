using Drivers.DualShock4.Simulation;

namespace Drivers.DualShock4.Tests.Transport;

/// <summary>The real hidraw code path (open, non-blocking read, poll, write) against FIFOs standing in for /dev/hidrawN.</summary>
public sealed class FifoTransportTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);
    private readonly FakeSystem _system = new();

    public void Dispose() => _system.Dispose();

    [Fact]
    public async Task Reports_written_into_the_node_arrive_as_states_and_bad_ones_are_counted_as_dropped()
    {
        var ct = TestContext.Current.CancellationToken;
        var node = _system.AddHidraw("hidraw0", "0003:0000054C:000009CC", "Sony Interactive Entertainment Wireless Controller");
        await using var kernel = FakeSystem.MakeFifo(node);

        await using var pad = Controller.OpenFirst(_system.Options);
        await using var states = pad.WatchStatesAsync(ct).GetAsyncEnumerator(ct);

        var first = states.MoveNextAsync(); // subscribes now, before any report is written

        Assert.Same(MotionCalibration.Default, pad.Calibration); // a FIFO answers no feature ioctl
        var pressed = ControllerState.Neutral() with { Buttons = Buttons.Cross, L2 = 128 };
        await kernel.WriteAsync(InputReportWriter.ToArray(pressed), ct);
        Assert.True(await first.AsTask().WaitAsync(Generous, ct));
        Assert.Equal(pressed, states.Current);

        // Garbage of every kind, then a good report: the bad ones are counted and skipped, the stream goes on.
        byte[][] garbage = [[0x01, 0x02], new byte[300], [0x11, 0xC0, 0x00]];
        foreach (var bad in garbage)
        {
            await kernel.WriteAsync(bad, ct);
        }

        var released = ControllerState.Neutral() with { RightStick = new StickPosition(0, 255) };
        await kernel.WriteAsync(InputReportWriter.ToArray(released), ct);
        Assert.True(await states.MoveNextAsync().AsTask().WaitAsync(Generous, ct));
        Assert.Equal(released, states.Current);
        Assert.Equal(released, pad.State);
        Assert.Equal(5, pad.ReportsReceived);
        Assert.Equal(3, pad.ReportsDropped);
    }

    [Fact]
    public async Task Unplugging_in_the_middle_of_a_stream_ends_it_with_a_disconnected_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var node = _system.AddHidraw("hidraw7", "0005:0000054C:000005C4", "Wireless Controller", "aa:bb:cc:dd:ee:01");
        var kernel = FakeSystem.MakeFifo(node);
        await using var pad = Controller.Open(node, _system.Options);
        await using var states = pad.WatchStatesAsync(ct).GetAsyncEnumerator(ct);
        var first = states.MoveNextAsync(); // subscribes now, before any report is written

        var report = InputReportWriter.ToArray(ControllerState.Neutral(ReportFormat.Bluetooth) with { Counter = 1 });
        await kernel.WriteAsync(report, ct);
        Assert.True(await first.AsTask().WaitAsync(Generous, ct));
        Assert.Equal(1, states.Current.Counter);
        await kernel.DisposeAsync(); // the last writer goes away: the reader sees end of file

        var error = await Assert.ThrowsAsync<ControllerDisconnectedException>(() => states.MoveNextAsync().AsTask().WaitAsync(Generous, ct));
        Assert.Equal(node, error.DevicePath);
        Assert.Equal("end of stream", error.Reason);
        Assert.False(pad.IsConnected);
        Assert.True(pad.Completion.IsCompleted);
        await Assert.ThrowsAsync<ControllerDisconnectedException>(async () =>
        {
            await foreach (var state in pad.WatchStatesAsync(ct))
            {
                Assert.Fail("A disconnected controller streams nothing.");
            }
        });
    }

    [Fact]
    public async Task Output_reports_are_written_to_the_node_whole_and_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var input = Path.Combine(_system.DevRoot, "hidraw0.in");
        var output = Path.Combine(_system.DevRoot, "hidraw0.out");
        await using var kernelIn = FakeSystem.MakeFifo(input);
        await using var kernelOut = FakeSystem.MakeFifo(output);
        var info = new ControllerInfo(input, ConnectionBus.Bluetooth, ControllerModel.DualShock4V1, "Wireless Controller", null);
        await using var pad = new Controller(HidrawChannel.Open(input, output, _system.Options.BatchInterval), info, _system.Options);

        await pad.SetLightbarAsync(255, 0, 64, ct);
        await pad.SetRumbleAsync(10, 200, ct);

        var first = new byte[OutputReport.BluetoothLength];
        var second = new byte[OutputReport.BluetoothLength];
        await kernelOut.ReadExactlyAsync(first, ct).AsTask().WaitAsync(Generous, ct);
        await kernelOut.ReadExactlyAsync(second, ct).AsTask().WaitAsync(Generous, ct);
        Assert.True(OutputReport.TryParse(first, default, out var lit));
        Assert.Equal(new ControllerFeedback { Red = 255, Blue = 64 }, lit);
        Assert.True(OutputReport.TryParse(second, lit, out var rumbling));
        Assert.Equal(new ControllerFeedback { Red = 255, Blue = 64, WeakRumble = 10, StrongRumble = 200 }, rumbling);

        // Disposal stops the motors: nothing is left rumbling.
        await pad.DisposeAsync();
        var last = new byte[OutputReport.BluetoothLength];
        await kernelOut.ReadExactlyAsync(last, ct).AsTask().WaitAsync(Generous, ct);
        Assert.True(OutputReport.TryParse(last, rumbling, out var stopped));
        Assert.Equal((0, 0), (stopped.WeakRumble, stopped.StrongRumble));
        Assert.Equal(255, stopped.Red);
    }

    [Fact]
    public async Task Disposing_ends_a_read_that_is_waiting_for_a_report()
    {
        var ct = TestContext.Current.CancellationToken;
        var node = _system.AddHidraw("hidraw0", "0003:0000054C:000005C4", "Wireless Controller");
        await using var kernel = FakeSystem.MakeFifo(node);
        var pad = Controller.OpenFirst(_system.Options);
        var states = pad.WatchStatesAsync(ct).GetAsyncEnumerator(ct);
        var waiting = states.MoveNextAsync();

        await pad.DisposeAsync().AsTask().WaitAsync(Generous, ct);

        Assert.False(await waiting.AsTask().WaitAsync(Generous, ct)); // the stream ends quietly when the caller closes the controller
        await states.DisposeAsync();
        Assert.False(pad.IsConnected);
    }

    [Fact]
    public void Opening_a_node_that_vanished_says_the_controller_is_gone()
    {
        _system.AddHidraw("hidraw0", "0003:0000054C:000005C4", "Wireless Controller"); // no /dev node behind it

        var error = Assert.Throws<ControllerNotFoundException>(() => Controller.OpenFirst(_system.Options));
        Assert.Contains("is gone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_burst_faster_than_the_batch_interval_arrives_whole_and_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var node = _system.AddHidraw("hidraw0", "0003:0000054C:000009CC", "Sony Interactive Entertainment Wireless Controller");
        await using var kernel = FakeSystem.MakeFifo(node);
        await using var pad = Controller.OpenFirst(new ControllerOptions { SysfsRoot = _system.SysfsRoot, DevRoot = _system.DevRoot, BatchInterval = TimeSpan.FromMilliseconds(32) });
        await using var states = pad.WatchStatesAsync(ct).GetAsyncEnumerator(ct);
        var next = states.MoveNextAsync();

        for (byte i = 0; i < 60; i++)
        {
            await kernel.WriteAsync(InputReportWriter.ToArray(ControllerState.Neutral() with { Counter = i }), ct);
        }

        var counters = new List<byte>();
        Assert.True(await next.AsTask().WaitAsync(Generous, ct));
        counters.Add(states.Current.Counter);
        while (counters.Count < 60)
        {
            Assert.True(await states.MoveNextAsync().AsTask().WaitAsync(Generous, ct));
            counters.Add(states.Current.Counter);
        }
        Assert.Equal(Enumerable.Range(0, 60).Select(i => (byte)i), counters);
        Assert.Equal(0, pad.ReportsDropped);
    }
}
