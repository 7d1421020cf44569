using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Drivers.DualShock4;

/// <summary>
/// An open DualShock 4: its latest state, streams of states and changes, and the lightbar, flash and rumble.
/// A dedicated thread reads every report (a fast stream in batches, see <see cref="ControllerOptions.BatchInterval"/>);
/// bad reports are counted in <see cref="ReportsDropped"/> and skipped.
/// </summary>
/// <example>
/// <code>
/// await using var pad = Controller.OpenFirst();
/// await pad.SetLightbarAsync(0, 0, 64);
/// await foreach (var state in pad.WatchStatesAsync(ct)) Console.WriteLine(state.L2);
/// </code>
/// </example>
public sealed class Controller : IAsyncDisposable
{
    private const int ReadBufferLength = 1024; // longer than any report, so an oversized one is seen whole and rejected

    private readonly IHidChannel _channel;
    private readonly ControllerOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private StateQueue[] _readers = []; // replaced (never mutated) under _gate, so the read loop can use a snapshot
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly TaskCompletionSource _loopEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _outputBuffer = new byte[OutputReport.BluetoothLength];
    private RecordingSink? _recording;
    private ControllerState _state;
    private ControllerFeedback _feedback;
    private ControllerDisconnectedException? _disconnected;
    private long _received;
    private long _dropped;
    private long _statesDropped;
    private bool _disposed;

    internal Controller(IHidChannel channel, ControllerInfo info, ControllerOptions options)
    {
        _channel = channel;
        Info = info;
        _options = options;
        _logger = options.LoggerFactory?.CreateLogger<Controller>() ?? NullLogger<Controller>.Instance;
        Calibration = ReadCalibration();
        var thread = new Thread(ReadLoop) { IsBackground = true, Name = "DualShock4 " + info.NodeName };
        thread.Start();
    }

    /// <summary>Which controller this is.</summary>
    public ControllerInfo Info { get; }

    /// <summary>The motion calibration read when the controller was opened (<see cref="MotionCalibration.Default"/> when it gave none).</summary>
    public MotionCalibration Calibration { get; }

    /// <summary>The latest state (default until the first report arrives).</summary>
    public ControllerState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The rumble, lightbar and flash last sent.</summary>
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

    /// <summary>False once the controller has gone away (or this object was disposed).</summary>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _disconnected is null && !_disposed;
            }
        }
    }

    /// <summary>Reports read from the device, good and bad.</summary>
    public long ReportsReceived => Interlocked.Read(ref _received);

    /// <summary>Reports skipped because their length, ID or CRC was wrong.</summary>
    public long ReportsDropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// States dropped, over all readers since the controller was opened, because a reader of <see cref="WatchStatesAsync"/> or
    /// <see cref="WatchChangesAsync"/> was <see cref="ControllerOptions.StreamCapacity"/> states behind.
    /// </summary>
    public long StatesDropped => Interlocked.Read(ref _statesDropped);

    /// <summary>Completes when the controller disconnects or is disposed.</summary>
    public Task Completion => _loopEnded.Task;

    /// <summary>The DualShock 4 controllers attached now (USB v1 and v2, Bluetooth, the wireless adapter), from sysfs.</summary>
    /// <exception cref="ArgumentException">An option is out of its range.</exception>
    public static IReadOnlyList<ControllerInfo> List(ControllerOptions? options = null)
    {
        options ??= new ControllerOptions();
        options.Validate();
        return ControllerDiscovery.Find(options.SysfsRoot, options.DevRoot);
    }

    /// <summary>Opens the first controller <see cref="List"/> finds.</summary>
    /// <exception cref="ControllerNotFoundException">No DualShock 4 is attached.</exception>
    /// <exception cref="ControllerAccessDeniedException">The hidraw node may not be opened by this user.</exception>
    /// <exception cref="ArgumentException">An option is out of its range.</exception>
    public static Controller OpenFirst(ControllerOptions? options = null)
    {
        var all = List(options);
        return all.Count == 0
            ? throw new ControllerNotFoundException("No DualShock 4 was found: connect one by USB or pair it over Bluetooth (hold PS and Share).")
            : Open(all[0], options);
    }

    /// <summary>Opens the controller at <paramref name="devicePath"/> (a hidraw node that <see cref="List"/> knows).</summary>
    /// <exception cref="ControllerNotFoundException">The node is not a DualShock 4 known to sysfs, or it is gone.</exception>
    /// <exception cref="ControllerAccessDeniedException">The hidraw node may not be opened by this user.</exception>
    /// <exception cref="ArgumentException">An option is out of its range.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "The family's opening convention: a path or a controller found by List first, then the same optional options; the first parameter's type tells the overloads apart.")]
    public static Controller Open(string devicePath, ControllerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(devicePath);
        var full = Path.GetFullPath(devicePath);
        var info = List(options).FirstOrDefault(c => c.DevicePath == full || c.DevicePath == devicePath)
            ?? throw new ControllerNotFoundException($"{devicePath} is not the hidraw node of a DualShock 4: list the controllers attached to find yours.");
        return Open(info, options);
    }

    /// <summary>
    /// Opens <paramref name="controller"/>, reads its calibration (which also switches a Bluetooth pad to full reports)
    /// and starts reading. Opening the node and one feature-report ioctl take microseconds, so this does not wait for the pad.
    /// </summary>
    /// <exception cref="ControllerNotFoundException">The controller is gone.</exception>
    /// <exception cref="ControllerAccessDeniedException">The hidraw node may not be opened by this user.</exception>
    /// <exception cref="ArgumentException">An option is out of its range.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "The family's opening convention: a path or a controller found by List first, then the same optional options; the first parameter's type tells the overloads apart.")]
    public static Controller Open(ControllerInfo controller, ControllerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        options ??= new ControllerOptions();
        options.Validate();
        return new Controller(HidrawChannel.Open(controller.DevicePath, options.BatchInterval), controller, options);
    }

    /// <summary>Every state as it arrives, until the controller disconnects (then <see cref="ControllerDisconnectedException"/>) or the token is cancelled.</summary>
    /// <remarks>
    /// Each call is an independent reader from the moment its enumeration starts, with its own queue of
    /// <see cref="ControllerOptions.StreamCapacity"/> states: the read thread never waits for a reader; one that falls that far
    /// behind loses the oldest states (counted in <see cref="StatesDropped"/>, logged once per burst) and carries on with
    /// newer ones. The read thread hands each batch of reports over and the body of your <c>await foreach</c> runs on the
    /// thread pool (or your synchronization context), so a slow body never stalls the controller
    /// (<see cref="ControllerOptions.RunReadersOnReadThread"/> is the opt-in that trades this for one hop less per batch).
    /// </remarks>
    public async IAsyncEnumerable<ControllerState> WatchStatesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = new StateQueue(_options.StreamCapacity, _options.RunReadersOnReadThread);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_disconnected is not null)
            {
                throw _disconnected;
            }
            _readers = [.. _readers, reader];
        }
        using var cancellation = cancellationToken.UnsafeRegister(static (queue, token) => ((StateQueue)queue!).Cancel(token), reader);
        try
        {
            while (await reader.WaitAsync().ConfigureAwait(false))
            {
                while (reader.TryTake(out var state))
                {
                    yield return state;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _readers = [.. _readers.Where(r => r != reader)];
            }
        }
    }

    /// <summary>
    /// Button downs and ups, d-pad changes, and stick or trigger moves larger than <paramref name="deadZone"/> (raw units,
    /// 0 to 255) since the value last reported. Each call is an independent reader that ends and drops like <see cref="WatchStatesAsync"/>.
    /// </summary>
    public async IAsyncEnumerable<ControllerChange> WatchChangesAsync(byte deadZone = 8, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var detector = new ChangeDetector(deadZone);
        var changes = new List<ControllerChange>();
        await foreach (var state in WatchStatesAsync(cancellationToken).ConfigureAwait(false))
        {
            changes.Clear();
            detector.Detect(state, changes);
            foreach (var change in changes)
            {
                yield return change;
            }
        }
    }

    /// <summary>Sets the lightbar color (keeps rumble and flash as they are).</summary>
    public Task SetLightbarAsync(byte red, byte green, byte blue, CancellationToken cancellationToken = default) =>
        UpdateAsync(f => f with { Red = red, Green = green, Blue = blue }, cancellationToken);

    /// <summary>Makes the lightbar flash: lit for <paramref name="on"/>, dark for <paramref name="off"/> (10 ms steps, at most 2.55 s each); both zero for a steady light.</summary>
    public Task SetFlashAsync(TimeSpan on, TimeSpan off, CancellationToken cancellationToken = default) =>
        UpdateAsync(f => f with { FlashOn = ControllerFeedback.ToFlashUnits(on), FlashOff = ControllerFeedback.ToFlashUnits(off) }, cancellationToken);

    /// <summary>Sets the two rumble motors, 0 (off) to 255; they run until set again (or the controller is disposed).</summary>
    public Task SetRumbleAsync(byte weak, byte strong, CancellationToken cancellationToken = default) =>
        UpdateAsync(f => f with { WeakRumble = weak, StrongRumble = strong }, cancellationToken);

    /// <summary>Sends rumble, lightbar and flash at once.</summary>
    public Task SetFeedbackAsync(ControllerFeedback feedback, CancellationToken cancellationToken = default) =>
        UpdateAsync(_ => feedback, cancellationToken);

    /// <summary>
    /// Writes every raw report that arrives to <paramref name="writer"/> as text, one report per line as
    /// "<c>MICROSECONDS HEX</c>" (microseconds since the first report; the simulator's <c>Recording</c> reads it back), for <paramref name="duration"/> or until the controller disconnects or the token is
    /// cancelled; returns how many reports were recorded.
    /// </summary>
    /// <remarks>
    /// The reports are written on the controller's read thread. If <paramref name="writer"/> throws (a full disk, a closed
    /// pipe), recording stops at once and this task fails with the writer's exception; the controller reads on.
    /// </remarks>
    /// <exception cref="InvalidOperationException">This controller is already being recorded.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<int> RecordAsync(TextWriter writer, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var sink = new RecordingSink(writer, _options.TimeProvider);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_recording is not null)
            {
                throw new InvalidOperationException("This controller is already being recorded.");
            }
            _recording = sink;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var elapsed = Task.Delay(duration, _options.TimeProvider, stop.Token);
            await Task.WhenAny(elapsed, _loopEnded.Task, sink.Failed).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false); // no timer left behind when the recording ends early
        }
        finally
        {
            lock (_gate)
            {
                if (_recording == sink)
                {
                    _recording = null;
                }
            }
        }
        sink.Error?.Throw(); // the writer's own exception, raised here on the caller's side, never on the read thread
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return sink.Count;
    }

    /// <summary>Stops the motors (nothing is left rumbling), stops reading and closes the device.</summary>
    public async ValueTask DisposeAsync()
    {
        bool stopRumble;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            stopRumble = _disconnected is null && (_feedback.WeakRumble != 0 || _feedback.StrongRumble != 0);
        }
        if (stopRumble)
        {
            try
            {
                await SetRumbleAsync(0, 0).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or DualShock4Exception)
            {
                // The pad is gone; nothing is left rumbling.
            }
        }
        lock (_gate)
        {
            _disposed = true;
        }
        _channel.CancelPendingRead();
        await _loopEnded.Task.ConfigureAwait(false);
        _channel.Dispose();
        _writeGate.Dispose();
    }

    private async Task UpdateAsync(Func<ControllerFeedback, ControllerFeedback> change, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ControllerFeedback next;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_disconnected is not null)
                {
                    throw _disconnected;
                }
                next = change(_feedback);
            }
            var length = OutputReport.Write(next, Info.Bus, _outputBuffer);
            try
            {
                _channel.Write(_outputBuffer.AsSpan(0, length));
            }
            catch (IOException e)
            {
                throw new ControllerDisconnectedException(Info.DevicePath, e.Message, e);
            }
            lock (_gate)
            {
                _feedback = next;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private MotionCalibration ReadCalibration()
    {
        // USB (and the wireless adapter, as hid-playstation does) answers feature 0x02; Bluetooth answers 0x05, and
        // reading it switches the pad from the minimal 0x01 report to the full 0x11 one.
        Span<byte> feature = stackalloc byte[MotionCalibration.BluetoothFeatureLength];
        var length = Info.Bus == ConnectionBus.Usb ? MotionCalibration.UsbFeatureLength : MotionCalibration.BluetoothFeatureLength;
        feature = feature[..length];
        feature[0] = Info.Bus == ConnectionBus.Usb ? MotionCalibration.UsbFeatureId : MotionCalibration.BluetoothFeatureId;
        if (!_channel.TryGetFeatureReport(feature))
        {
            Log.CalibrationFallback(_logger, Info.DevicePath);
            return MotionCalibration.Default;
        }
        if (!MotionCalibration.TryParse(feature, out var calibration) || !calibration.IsFromDevice)
        {
            Log.CalibrationFallback(_logger, Info.DevicePath);
        }
        return calibration;
    }

    private void ReadLoop()
    {
        var buffer = new byte[ReadBufferLength];
        var publish = PublishToReaders;
        string reason;
        Exception? error = null;
        while (true)
        {
            int length;
            try
            {
                length = _channel.Read(buffer, publish);
            }
            catch (IOException e)
            {
                error = e;
                reason = e.Message;
                break;
            }
            if (length <= 0)
            {
                reason = "end of stream";
                break;
            }
            Interlocked.Increment(ref _received);
            var report = buffer.AsSpan(0, length);
            if (!InputReport.TryParse(report, out var state, out var problem))
            {
                Interlocked.Increment(ref _dropped);
                Log.ReportDropped(_logger, length, Info.DevicePath, problem);
                continue;
            }
            StateQueue[] readers;
            lock (_gate)
            {
                _state = state;
                readers = _readers;
                if (_recording is { } sink && !sink.TryAdd(report))
                {
                    _recording = null; // RecordAsync ends with the writer's exception
                }
            }
            foreach (var reader in readers)
            {
                if (!reader.Add(state, out var burstStarted))
                {
                    Interlocked.Increment(ref _statesDropped);
                    if (burstStarted)
                    {
                        Log.ReaderBehind(_logger, Info.DevicePath, _options.StreamCapacity);
                    }
                }
            }
        }
        StateQueue[] remaining;
        ControllerDisconnectedException? ending;
        lock (_gate)
        {
            _disconnected = new ControllerDisconnectedException(Info.DevicePath, _disposed ? "closed" : reason, error);
            ending = _disposed ? null : _disconnected;
            remaining = _readers;
        }
        if (ending is not null)
        {
            Log.Disconnected(_logger, Info.DevicePath, reason);
        }
        // Completion first: a reader that sees the end (possibly inline, right here) finds the controller finished.
        _loopEnded.TrySetResult();
        foreach (var reader in remaining)
        {
            reader.End(ending);
        }
    }

    // Called by the channel when the device has nothing more queued: each waiting reader wakes once per batch, here.
    private void PublishToReaders()
    {
        foreach (var reader in Volatile.Read(ref _readers))
        {
            reader.Publish();
        }
    }

    private sealed class RecordingSink
    {
        private readonly TextWriter _writer;
        private readonly TimeProvider _time;
        private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _first;

        public RecordingSink(TextWriter writer, TimeProvider time)
        {
            _writer = writer;
            _time = time;
            RecordingFormat.WriteHeader(writer);
        }

        public int Count { get; private set; }

        /// <summary>Completes when the writer has thrown; <see cref="Error"/> holds what it threw.</summary>
        public Task Failed => _failed.Task;

        public ExceptionDispatchInfo? Error { get; private set; }

        // Offsets count from the first report, so a replay starts at once. Runs on the read thread: whatever the
        // caller's writer throws is kept for RecordAsync to rethrow, so a failing writer never ends the process.
        [SuppressMessage("Design", "CA1031:Do not catch general exception types",
            Justification = "Any exception from the caller's writer belongs to the caller's RecordAsync, not to the read thread.")]
        public bool TryAdd(ReadOnlySpan<byte> report)
        {
            try
            {
                if (Count == 0)
                {
                    _first = _time.GetTimestamp();
                }
                RecordingFormat.WriteReport(_writer, _time.GetElapsedTime(_first), report);
                Count++;
                return true;
            }
            catch (Exception e)
            {
                Error = ExceptionDispatchInfo.Capture(e);
                _failed.TrySetResult();
                return false;
            }
        }
    }
}
