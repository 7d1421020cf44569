using System.Threading.Channels;
using Cube.Motion;
using Cube.Pad;
using Cube.Streaming;
using Drivers.DualShock4;

namespace Cube;

/// <summary>
/// Reads every state of the controller (one <see cref="Controller.WatchStatesAsync"/> reader), turns it into a cube
/// frame for the pages, sends the cube's color to the lightbar, and when the controller goes away, says so and waits
/// for it to come back. The status (connection, battery, report rate) goes out on every change and once a second.
/// </summary>
internal sealed class CubeEngine(PadSource source, CubeHub hub, ILogger<CubeEngine> logger) : BackgroundService
{
    /// <summary>
    /// The read loop's body only applies a state and rings the hub, never waiting, so it runs on the controller's own
    /// read thread: a thread-pool hop per batch of reports would cost more CPU than the work itself.
    /// </summary>
    internal const bool ReadsOnReadThread = true;

    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    // Frames reach the hub one publisher at a time, each the newest made: the read thread and a color's request thread
    // both run the pages' writers inline, so without it an older frame could reach a page after a newer one.
    private readonly Lock _publishing = new();
    private readonly CubeModel _model = new();
    private readonly Channel<Rgb> _lightbar = Channel.CreateBounded<Rgb>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropOldest, // only the newest color matters
        SingleReader = true,
    });

    private Controller? _controller;
    private ControllerState? _lastState;
    private Frame? _lastFrame;
    private Frame? _published;
    private long _reports;
    private double _rate;

    /// <summary>Sets the cube's color from the page; it goes to the lightbar as a button's would.</summary>
    public void SetColor(Rgb color)
    {
        lock (_lock)
        {
            _model.SetColor(color);
            _lastFrame = _lastFrame is null ? null : _lastFrame with { Color = color.Css };
        }
        PublishFrame();
        _lightbar.Writer.TryWrite(color);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host start listening
        var lightbar = FollowLightbarAsync(stoppingToken);
        var status = ReportStatusAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Controller controller;
                try
                {
                    controller = await source.OpenAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                await ReadAsync(controller, stoppingToken);
            }
        }
        finally
        {
            await Task.WhenAll(lightbar, status).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task ReadAsync(Controller controller, CancellationToken stoppingToken)
    {
        await using var _ = controller;
        Rgb color;
        lock (_lock)
        {
            _model.Restart();
            _controller = controller;
            _lastState = null;
            color = _model.Color;
        }
        Log.Reading(logger, controller.Info.DevicePath, controller.Info.Bus);
        PublishStatus();
        _lightbar.Writer.TryWrite(color); // a pad plugged back in shows the cube's color at once
        try
        {
            await ApplyStatesAsync(controller, stoppingToken);
        }
        catch (ControllerDisconnectedException e)
        {
            Log.WentAway(logger, e.DevicePath, e.Reason);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_lock)
            {
                _controller = null;
            }
            PublishStatus();
        }
    }

    /// <summary>
    /// Every state turns the cube (the filter needs them all), but the pages get the newest frame once the batch the
    /// package read is taken (the next state is not there yet): a pad at 250 Hz is sent report by report, one at
    /// 1,000 Hz (read four at a time, <see cref="ControllerOptions.BatchInterval"/>) the newest of each four.
    /// </summary>
    private async Task ApplyStatesAsync(Controller controller, CancellationToken stoppingToken)
    {
        var calibration = controller.Calibration;
        await using var states = controller.WatchStatesAsync(stoppingToken).GetAsyncEnumerator(stoppingToken);
        var unsent = false;
        try
        {
            while (true)
            {
                var next = states.MoveNextAsync();
                if (!next.IsCompleted && unsent)
                {
                    PublishFrame();
                    unsent = false;
                }
                if (!await next)
                {
                    break;
                }
                var state = states.Current;
                var enteredAt = WallClock.Now(); // the report was read just now, on this thread
                Rgb? newColor;
                lock (_lock)
                {
                    _lastFrame = _model.Apply(state, calibration, enteredAt, out var colorChanged);
                    newColor = colorChanged ? _model.Color : null;
                    _lastState = state;
                    _reports++;
                }
                unsent = true;
                if (newColor is Rgb pressed)
                {
                    _lightbar.Writer.TryWrite(pressed);
                }
            }
        }
        finally
        {
            if (unsent)
            {
                PublishFrame(); // the last state before the pad went away or the stream ended
            }
        }
    }

    /// <summary>Sends the pages the newest frame, unless it was sent already (a color's copy may have overtaken the read thread).</summary>
    private void PublishFrame()
    {
        lock (_publishing)
        {
            Frame? frame;
            lock (_lock)
            {
                frame = _lastFrame;
            }
            if (frame is null || ReferenceEquals(frame, _published))
            {
                return;
            }
            _published = frame;
            hub.Publish(frame);
        }
    }

    private void PublishStatus()
    {
        PadStatus status;
        lock (_lock)
        {
            var state = _lastState;
            status = new PadStatus(
                _controller is null ? "unplugged" : "connected",
                source.Kind,
                _controller?.Info.DevicePath,
                _controller is null ? null : _controller.Info.Bus == ConnectionBus.Usb ? "usb" : "bluetooth",
                state?.BatteryPercent,
                state?.IsCablePlugged,
                Math.Round(_rate, 1),
                _reports);
        }
        hub.Publish(status);
    }

    private async Task ReportStatusAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(StatusInterval);
        var last = (Reports: 0L, At: System.Diagnostics.Stopwatch.GetTimestamp());
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = System.Diagnostics.Stopwatch.GetTimestamp();
                lock (_lock)
                {
                    _rate = (_reports - last.Reports) / System.Diagnostics.Stopwatch.GetElapsedTime(last.At, now).TotalSeconds;
                    last = (_reports, now);
                }
                PublishStatus();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task FollowLightbarAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var color in _lightbar.Reader.ReadAllAsync(stoppingToken))
            {
                Controller? controller;
                lock (_lock)
                {
                    controller = _controller;
                }
                if (controller is null)
                {
                    continue; // set again when a controller is plugged in
                }
                try
                {
                    await controller.SetLightbarAsync(color.Red, color.Green, color.Blue, stoppingToken);
                }
                catch (Exception e) when (e is DualShock4Exception or ObjectDisposedException)
                {
                    // Gone meanwhile: the reader says so, and the color is set again when it is back.
                    Log.LightbarNotSet(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
