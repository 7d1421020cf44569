using System.Buffers.Binary;

namespace Drivers.DualShock4.Simulation;

/// <summary>
/// A DualShock 4 in memory that speaks the real reports: it sends byte-exact input reports for the states you give it,
/// answers the calibration feature reports, switches Bluetooth to full reports when they are read, shows the
/// rumble and lightbar of every valid output report it receives (and ignores Bluetooth ones with a wrong CRC),
/// and can be unplugged. Open it with <see cref="Open"/> to get a <see cref="Controller"/>.
/// </summary>
public sealed class SimulatedController : IAsyncDisposable
{
    private const int SlotLength = 1024;

    // Genuine calibration values (im-0/random-things ds4dump README; DS4Windows #929): gyro speed 540/540,
    // pitch/yaw/roll ±8829/−8740, accelerometer ±8192.
    private static readonly short[] GyroPlusMinus = [8829, -8740];

    // The longest an ITimer waits (2^32 - 2 ms, as System.Threading.Timer): a longer wait is made of several.
    private static readonly TimeSpan MaxTimerDue = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly SimulatedControllerOptions _options;
    private readonly object _gate = new(); // Monitor.Wait/Pulse need a monitor, not a Lock
    private readonly byte[][] _slots;
    private readonly int[] _lengths;
    private readonly List<byte[]> _outputs = [];
    private readonly byte[] _stateBuffer = new byte[InputReport.MaxLength];
    private int _head;
    private int _count;
    private bool _unplugged;
    private ReportFormat _format;
    private ControllerFeedback _feedback;
    private int _ignoredOutputs;
    private long _droppedReports;
    private ReplayLoop? _loop;
    private ITimer? _wakeTimer;

    /// <summary>Creates a pad that is plugged in and idle.</summary>
    /// <exception cref="ArgumentException">An option is out of its range.</exception>
    public SimulatedController(SimulatedControllerOptions? options = null)
    {
        _options = options ?? new SimulatedControllerOptions();
        _options.Validate();
        var capacity = _options.QueueCapacity;
        _slots = new byte[capacity][];
        for (var i = 0; i < capacity; i++)
        {
            _slots[i] = new byte[SlotLength];
        }
        _lengths = new int[capacity];
        _format = _options.Bus == ConnectionBus.Usb ? ReportFormat.Usb : ReportFormat.BluetoothMinimal;
        Info = new ControllerInfo(
            "simulated",
            _options.Bus,
            _options.Model,
            _options.Bus == ConnectionBus.Usb ? "Sony Interactive Entertainment Wireless Controller" : "Wireless Controller",
            _options.Bus == ConnectionBus.Bluetooth ? "02:00:00:d5:4c:01" : null);
    }

    /// <summary>How the pad describes itself.</summary>
    public ControllerInfo Info { get; }

    /// <summary>The report shape <see cref="Send"/> writes now (Bluetooth starts minimal, then goes full).</summary>
    public ReportFormat Format
    {
        get
        {
            lock (_gate)
            {
                return _format;
            }
        }
    }

    /// <summary>What the pad shows now: the rumble, lightbar and flash of the valid output reports received.</summary>
    public ControllerFeedback Feedback
    {
        get
        {
            lock (_gate)
            {
                return _feedback;
            }
        }
    }

    /// <summary>Every output report received, valid or not, oldest first.</summary>
    public IReadOnlyList<byte[]> OutputReports
    {
        get
        {
            lock (_gate)
            {
                return [.. _outputs];
            }
        }
    }

    /// <summary>Output reports ignored because they were malformed or, over Bluetooth, had a wrong CRC.</summary>
    public int IgnoredOutputReports
    {
        get
        {
            lock (_gate)
            {
                return _ignoredOutputs;
            }
        }
    }

    /// <summary>Reports dropped because the host had not read the last <see cref="SimulatedControllerOptions.QueueCapacity"/> ones (as hidraw drops them).</summary>
    public long DroppedReports => Interlocked.Read(ref _droppedReports);

    /// <summary>
    /// Opens the pad as a <see cref="Controller"/>, as <see cref="Controller.Open(ControllerInfo, ControllerOptions?)"/> opens a
    /// real one (discovery options do not apply, and <see cref="ControllerOptions.BatchInterval"/> only to
    /// <see cref="ReplayInLoop"/>; without options the controller uses this pad's clock).
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of its range.</exception>
    public Controller Open(ControllerOptions? options = null)
    {
        options ??= new ControllerOptions { TimeProvider = _options.TimeProvider };
        options.Validate();
        var interval = (long)(options.BatchInterval.TotalSeconds * _options.TimeProvider.TimestampFrequency);
        return new Controller(new Channel(this, new WakePacer(interval)), Info, options);
    }

    /// <summary>Sends <paramref name="state"/> as the report the pad sends now (its <see cref="ControllerState.Format"/> is replaced by <see cref="Format"/>).</summary>
    /// <returns>False when the host's queue was full and the report was dropped.</returns>
    public bool Send(in ControllerState state)
    {
        lock (_gate)
        {
            var length = InputReportWriter.Write(state with { Format = _format }, _stateBuffer);
            return Enqueue(_stateBuffer.AsSpan(0, length));
        }
    }

    /// <summary>Sends raw bytes as one report, whatever they are (to test how bad reports are handled).</summary>
    /// <returns>False when the host's queue was full and the report was dropped, or the report is empty or over 1024 bytes.</returns>
    public bool SendReport(ReadOnlySpan<byte> report)
    {
        lock (_gate)
        {
            return Enqueue(report);
        }
    }

    /// <summary>Plays <paramref name="recording"/> back in real time as measured by the options' <see cref="TimeProvider"/>.</summary>
    /// <remarks>Each report is due at its offset from the start; if the replay falls behind, it sends without waiting to catch up.</remarks>
    public async Task ReplayAsync(Recording recording, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var time = _options.TimeProvider;
        var start = time.GetTimestamp();
        foreach (var report in recording.Reports)
        {
            var wait = report.Offset - time.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
            cancellationToken.ThrowIfCancellationRequested();
            SendReport(report.Report.Span);
        }
    }

    /// <summary>Plays <paramref name="motion"/> for <paramref name="duration"/>, one report every <paramref name="interval"/>, paced like <see cref="ReplayAsync"/>.</summary>
    public Task PlayAsync(Motion motion, TimeSpan duration, TimeSpan interval, CancellationToken cancellationToken = default) =>
        ReplayAsync(Recording.FromMotion(motion, duration, interval, Format), cancellationToken);

    /// <summary>
    /// Plays <paramref name="recording"/> over and over from now until the pad is unplugged, in real time as measured by
    /// the options' <see cref="TimeProvider"/>, with no thread or timer of its own: the host's read queues every report
    /// that has fallen due and otherwise waits for the next, reading a fast stream in batches as
    /// <see cref="ControllerOptions.BatchInterval"/> says (a looped 1000 Hz recording wakes the read thread once per
    /// batch, not once per report). Reports fall due whether or not anyone reads, so a host that reads late finds the
    /// oldest <see cref="SimulatedControllerOptions.QueueCapacity"/> queued and the rest dropped, as hidraw does. Each
    /// loop starts one average report interval after the previous one ends, and lasts at least a millisecond per report
    /// (the pad's fastest rate). Calling it again replaces the recording.
    /// </summary>
    /// <exception cref="ArgumentException">The recording holds no reports.</exception>
    public void ReplayInLoop(Recording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        if (recording.Reports.Count == 0)
        {
            throw new ArgumentException("The recording holds no reports.", nameof(recording));
        }
        var time = _options.TimeProvider;
        lock (_gate)
        {
            _loop = new ReplayLoop(recording, time.GetTimestamp(), time.TimestampFrequency);
            Monitor.PulseAll(_gate); // a waiting read takes the first report, which is due now
        }
    }

    /// <summary>Unplugs the pad: reports already queued are still read, then reading fails with EIO, as hidraw does.</summary>
    public void Unplug()
    {
        lock (_gate)
        {
            _unplugged = true;
            _loop = null;
            _wakeTimer?.Dispose();
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Unplugs the pad (see <see cref="Unplug"/>); a controller opened on it sees its streams end. Disposing twice is harmless.</summary>
    public ValueTask DisposeAsync()
    {
        Unplug();
        return ValueTask.CompletedTask;
    }

    private bool Enqueue(ReadOnlySpan<byte> report)
    {
        // hidraw never delivers an empty report (a read of 0 bytes means end of file), so neither does the pad.
        if (_unplugged || report.IsEmpty || report.Length > SlotLength)
        {
            return false;
        }
        if (_count == _slots.Length)
        {
            Interlocked.Increment(ref _droppedReports);
            return false;
        }
        var tail = (_head + _count) % _slots.Length;
        report.CopyTo(_slots[tail]);
        _lengths[tail] = report.Length;
        _count++;
        Monitor.Pulse(_gate);
        return true;
    }

    private int Read(Span<byte> buffer, Channel channel, Action beforeWaiting)
    {
        var time = _options.TimeProvider;
        while (true)
        {
            lock (_gate)
            {
                if (channel.Cancelled)
                {
                    return 0;
                }
                QueueDueReports(time.GetTimestamp());
                if (_count > 0)
                {
                    var length = Math.Min(_lengths[_head], buffer.Length);
                    _slots[_head].AsSpan(0, length).CopyTo(buffer);
                    _head = (_head + 1) % _slots.Length;
                    _count--;
                    channel.ReportsSinceWake++;
                    return length;
                }
                if (_unplugged)
                {
                    throw new IOException("Reading the controller failed: Input/output error (the simulated pad was unplugged).");
                }
            }
            beforeWaiting(); // outside the lock: the host's readers may run here and send to the pad
            lock (_gate)
            {
                // A looped recording's next report is waited for, but a fast stream not before the batch interval is
                // over (hidraw's pacing); a report sent meanwhile, an unplug or a cancel wakes the read at once.
                var resume = channel.Pacer.Drained(channel.WokeAt, channel.ReportsSinceWake);
                channel.ReportsSinceWake = 0;
                long now, wakeAt;
                while (_count == 0 && !_unplugged && !channel.Cancelled
                    && (now = time.GetTimestamp()) < (wakeAt = _loop is { } loop ? Math.Max(loop.NextDue, resume) : long.MaxValue))
                {
                    WaitUntil(time, now, wakeAt);
                }
                channel.WokeAt = time.GetTimestamp();
            }
        }
    }

    /// <summary>Queues the looped recording's reports that are due at <paramref name="now"/> (under the gate).</summary>
    private void QueueDueReports(long now)
    {
        if (_loop is not { } loop)
        {
            return;
        }
        while (loop.TryTakeDue(now, out var report))
        {
            Enqueue(report.Span);
        }
    }

    /// <summary>Waits on the gate until pulsed or <paramref name="wakeAt"/> (<see cref="long.MaxValue"/>: no limit).</summary>
    private void WaitUntil(TimeProvider time, long now, long wakeAt)
    {
        if (wakeAt == long.MaxValue)
        {
            Monitor.Wait(_gate);
            return;
        }
        if (time == TimeProvider.System)
        {
            // The wait counts whole milliseconds; rounding up keeps it from returning early and spinning.
            Monitor.Wait(_gate, (int)Math.Min(Math.Ceiling(time.GetElapsedTime(now, wakeAt).TotalMilliseconds), int.MaxValue));
            return;
        }
        // Another clock (a FakeTimeProvider in tests) moves on its own terms: its timer pulses the gate. The timer is
        // set relative to the clock's now, so it is set again if the clock moved meanwhile; once set, a firing waits
        // for the gate, which the wait below releases.
        _wakeTimer ??= time.CreateTimer(static pad => ((SimulatedController)pad!).Pulse(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        while (true)
        {
            var due = time.GetElapsedTime(now, wakeAt);
            _wakeTimer.Change(due < MaxTimerDue ? due : MaxTimerDue, Timeout.InfiniteTimeSpan);
            var after = time.GetTimestamp();
            if (after >= wakeAt)
            {
                return;
            }
            if (after == now)
            {
                break; // the clock stood still while the timer was set: it fires at wakeAt
            }
            now = after;
        }
        Monitor.Wait(_gate);
    }

    private void Pulse()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    private void Cancel(Channel channel)
    {
        lock (_gate)
        {
            channel.Cancelled = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Receive(ReadOnlySpan<byte> report)
    {
        lock (_gate)
        {
            if (_unplugged)
            {
                throw new IOException("Writing to the controller failed: Input/output error (the simulated pad was unplugged).");
            }
            _outputs.Add(report.ToArray());
            var valid = report.Length == OutputReport.LengthFor(_options.Bus) && OutputReport.TryParse(report, _feedback, out _feedback);
            if (!valid)
            {
                _ignoredOutputs++;
            }
        }
    }

    private bool GetFeature(Span<byte> buffer)
    {
        lock (_gate)
        {
            if (_unplugged || buffer.IsEmpty)
            {
                return false;
            }
            var id = buffer[0];
            var bluetooth = _options.Bus == ConnectionBus.Bluetooth;
            int length;
            if (id == MotionCalibration.UsbFeatureId && buffer.Length >= MotionCalibration.UsbFeatureLength)
            {
                length = MotionCalibration.UsbFeatureLength;
            }
            else if (id == MotionCalibration.BluetoothFeatureId && bluetooth && buffer.Length >= MotionCalibration.BluetoothFeatureLength)
            {
                length = MotionCalibration.BluetoothFeatureLength;
            }
            else
            {
                return false;
            }
            var report = buffer[..length];
            report.Clear();
            report[0] = id;
            if (!_options.ZeroCalibration)
            {
                WriteCalibration(report, bluetoothOrder: id == MotionCalibration.BluetoothFeatureId);
            }
            if (id == MotionCalibration.BluetoothFeatureId)
            {
                Crc32.Seal(Crc32.FeatureSeed, report);
            }
            // Reading calibration switches a Bluetooth pad to full 0x11 reports for good (hid-sony, SDL).
            if (bluetooth)
            {
                _format = ReportFormat.Bluetooth;
            }
            return true;
        }
    }

    private static void WriteCalibration(Span<byte> report, bool bluetoothOrder)
    {
        // Biases at 1, 3, 5 stay 0. USB interleaves plus/minus per axis; Bluetooth lists the plus values first.
        for (var axis = 0; axis < 3; axis++)
        {
            Put(report, bluetoothOrder ? 7 + (axis * 2) : 7 + (axis * 4), GyroPlusMinus[0]);
            Put(report, bluetoothOrder ? 13 + (axis * 2) : 9 + (axis * 4), GyroPlusMinus[1]);
            Put(report, 23 + (axis * 4), 8192);
            Put(report, 25 + (axis * 4), -8192);
        }
        Put(report, 19, 540);
        Put(report, 21, 540);
    }

    private static void Put(Span<byte> report, int offset, short value) => BinaryPrimitives.WriteInt16LittleEndian(report[offset..], value);

    private sealed class Channel(SimulatedController pad, WakePacer pacer) : IHidChannel
    {
        public volatile bool Cancelled;

        // The read thread's pacing of a looped recording (see ReplayInLoop), touched only under the pad's gate.
        public WakePacer Pacer = pacer;
        public long WokeAt;
        public int ReportsSinceWake;

        public int Read(Span<byte> buffer, Action beforeWaiting) => pad.Read(buffer, this, beforeWaiting);

        public void CancelPendingRead() => pad.Cancel(this);

        public void Write(ReadOnlySpan<byte> report) => pad.Receive(report);

        public bool TryGetFeatureReport(Span<byte> buffer) => pad.GetFeature(buffer);

        public void Dispose() => pad.Cancel(this);
    }
}
