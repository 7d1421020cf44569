using Cube.Motion;
using Drivers.DualShock4;
using Drivers.DualShock4.Simulation;

namespace Cube.Pad;

/// <summary>
/// A recording played in a loop into a simulated pad, in real time. The pad can be unplugged and plugged back in
/// (through the diagnostics API, for tests), which reaches the page as a real unplug would; the lightbar colors it
/// was sent are kept for the same tests.
/// </summary>
/// <remarks>
/// The pad plays the recording on the controller's own read thread (<see cref="SimulatedController.ReplayInLoop"/>),
/// which takes each batch of reports when it falls due: a thread of the sample's own, waking to send each batch,
/// cost a third of the server's CPU at 1,000 reports a second, where a real pad costs the kernel's USB work.
/// </remarks>
internal sealed class SimulatedSource(Recording recording, string kind) : PadSource
{
    private readonly bool _bluetooth = recording.Reports[0].Report.Span[0] == 0x11; // the Bluetooth input report
    private readonly Lock _lock = new();
    private readonly List<SimulatedController> _pads = [];
    private TaskCompletionSource _plugged = NewPlugged(set: true);
    private SimulatedController? _pad;

    public override string Kind { get; } = kind;

    /// <summary>Every lightbar color the simulated pads were sent, oldest first.</summary>
    public IReadOnlyList<Rgb> LightbarColors()
    {
        lock (_lock)
        {
            var colors = new List<Rgb>();
            foreach (var pad in _pads)
            {
                var feedback = default(ControllerFeedback);
                foreach (var report in pad.OutputReports)
                {
                    if (OutputReport.TryParse(report, feedback, out var next))
                    {
                        feedback = next;
                        colors.Add(new Rgb(next.Red, next.Green, next.Blue));
                    }
                }
            }
            return colors;
        }
    }

    public override async Task<Controller> OpenAsync(CancellationToken cancellationToken)
    {
        Task plugged;
        lock (_lock)
        {
            plugged = _plugged.Task;
        }
        await plugged.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            var pad = new SimulatedController(new SimulatedControllerOptions { Bus = _bluetooth ? ConnectionBus.Bluetooth : ConnectionBus.Usb });
            var controller = pad.Open(new ControllerOptions { RunReadersOnReadThread = CubeEngine.ReadsOnReadThread });
            pad.ReplayInLoop(recording);
            _pads.Add(pad);
            _pad = pad;
            return controller;
        }
    }

    /// <summary>Unplugs the pad; it stays unplugged until <see cref="Replug"/>. False when it was not plugged in.</summary>
    public bool Unplug()
    {
        lock (_lock)
        {
            if (!_plugged.Task.IsCompleted)
            {
                return false;
            }
            _plugged = NewPlugged(set: false);
            _pad?.Unplug();
            return true;
        }
    }

    /// <summary>Plugs a new pad in (the next <see cref="OpenAsync"/> opens it). False when one was plugged in.</summary>
    public bool Replug()
    {
        lock (_lock)
        {
            return _plugged.TrySetResult();
        }
    }

    public override ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            foreach (var pad in _pads)
            {
                pad.Unplug();
            }
        }
        return ValueTask.CompletedTask;
    }

    private static TaskCompletionSource NewPlugged(bool set)
    {
        var plugged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (set)
        {
            plugged.SetResult();
        }
        return plugged;
    }
}
