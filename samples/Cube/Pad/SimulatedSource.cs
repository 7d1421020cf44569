using System.Collections.Concurrent;
using System.Diagnostics;
using Cube.Motion;
using Drivers.DualShock4;
using Drivers.DualShock4.Simulation;

namespace Cube.Pad;

/// <summary>
/// A recording played in a loop into a simulated pad, in real time. The pad can be unplugged and plugged back in
/// (through the diagnostics API, for tests), which reaches the page as a real unplug would; the lightbar colors it
/// was sent are kept for the same tests.
/// </summary>
internal sealed class SimulatedSource : PadSource
{
    // Sent reports not yet matched to a state; a bound so that a stalled reader cannot grow it without end.
    private const int MaxPending = 8192;

    // The pad is woken at most this often and sends every report that is due, as the package reads a real pad
    // (ControllerOptions.BatchInterval, 4 ms: a 1000 Hz pad is read four reports per wake-up).
    private static readonly TimeSpan Batch = TimeSpan.FromMilliseconds(4);

    private readonly Recording _recording;
    private readonly (byte Counter, ushort Timestamp)?[] _keys;
    private readonly TimeSpan _period;
    private readonly bool _bluetooth;
    private readonly ConcurrentQueue<(byte Counter, ushort Timestamp, double SentAt)> _pending = new();
    private readonly Lock _lock = new();
    private readonly List<SimulatedController> _pads = [];
    private TaskCompletionSource _plugged = NewPlugged(set: true);
    private SimulatedController? _pad;
    private CancellationTokenSource? _playing;
    private Thread? _player;

    public SimulatedSource(Recording recording, string kind)
    {
        _recording = recording;
        Kind = kind;
        _keys = [.. recording.Reports.Select(r => InputReport.TryParse(r.Report.Span, out var s) ? ((byte, ushort)?)(s.Counter, s.Timestamp) : null)];
        // One loop ends one average report interval before the next begins, as if the pad went on reporting.
        var count = recording.Reports.Count;
        _period = recording.Duration + (count > 1 ? recording.Duration / (count - 1) : TimeSpan.FromMilliseconds(4));
        _bluetooth = recording.Reports[0].Report.Span[0] == 0x11; // the Bluetooth input report
    }

    public override string Kind { get; }

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
            _pads.Add(pad);
            _pad = pad;
            var playing = _playing = new CancellationTokenSource();
            _player = new Thread(() => Play(pad, playing.Token)) { IsBackground = true, Name = "cube replay" };
            _player.Start();
            return controller;
        }
    }

    /// <summary>Unplugs the pad; it stays unplugged until <see cref="Replug"/>. False when it was not plugged in.</summary>
    public async Task<bool> UnplugAsync()
    {
        Thread? player;
        lock (_lock)
        {
            if (!_plugged.Task.IsCompleted)
            {
                return false;
            }
            _plugged = NewPlugged(set: false);
            _playing?.Cancel();
            _pad?.Unplug();
            player = _player;
        }
        await JoinAsync(player).ConfigureAwait(false);
        return true;
    }

    /// <summary>Plugs a new pad in (the next <see cref="OpenAsync"/> opens it). False when one was plugged in.</summary>
    public bool Replug()
    {
        lock (_lock)
        {
            return _plugged.TrySetResult();
        }
    }

    public override double EnteredAt(in ControllerState state)
    {
        // The pad delivers reports in the order sent, so the first pending report with this counter and sensor
        // timestamp is this state's; the ones before it were dropped or not read by anyone.
        while (_pending.TryDequeue(out var sent))
        {
            if (sent.Counter == state.Counter && sent.Timestamp == state.Timestamp)
            {
                return sent.SentAt;
            }
        }
        return WallClock.Now();
    }

    public override async ValueTask DisposeAsync()
    {
        Thread? player;
        lock (_lock)
        {
            _playing?.Cancel();
            player = _player;
            foreach (var pad in _pads)
            {
                pad.Unplug();
            }
        }
        await JoinAsync(player).ConfigureAwait(false);
    }

    // The player wakes within one batch of being cancelled; joining it off the caller's thread keeps callers async.
    private static Task JoinAsync(Thread? player) => player is null ? Task.CompletedTask : Task.Run(player.Join);

    private static TaskCompletionSource NewPlugged(bool set)
    {
        var plugged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (set)
        {
            plugged.SetResult();
        }
        return plugged;
    }

    /// <summary>
    /// Sends each report at its offset from the start of its loop, waking at most every <see cref="Batch"/> and then
    /// sending all that are due; a late one is sent at once, with no wait to catch up. A thread of its own, sleeping on
    /// the token's wait handle, wakes once a batch; a timer and a thread-pool hop per batch cost several times more CPU
    /// (context switches dominate at 250 wake-ups a second).
    /// </summary>
    private void Play(SimulatedController pad, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var loopStart = TimeSpan.Zero;
        while (true)
        {
            var reports = _recording.Reports;
            for (var i = 0; i < reports.Count; i++)
            {
                var wait = loopStart + reports[i].Offset - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero && cancellationToken.WaitHandle.WaitOne(wait < Batch ? Batch : wait))
                {
                    return; // unplugged or stopping
                }
                if (_keys[i] is var (counter, timestamp))
                {
                    if (_pending.Count >= MaxPending)
                    {
                        _pending.TryDequeue(out _);
                    }
                    _pending.Enqueue((counter, timestamp, WallClock.Now()));
                }
                if (!pad.SendReport(reports[i].Report.Span) && cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
            loopStart += _period;
        }
    }
}
