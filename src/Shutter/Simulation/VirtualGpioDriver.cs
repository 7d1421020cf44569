using System.Device.Gpio;

namespace Drivers.Shutter.Simulation;

/// <summary>
/// A GPIO driver with no hardware behind it: it keeps each line's mode and level and records every
/// edge (a change of level) with a timestamp from its <see cref="TimeProvider"/>. Hand it to
/// <c>new GpioController(driver)</c> or <see cref="ShutterRelease.Open(GpioDriver, ShutterOptions?)"/>
/// in tests and in <c>--simulate</c> runs.
/// </summary>
/// <remarks>
/// <para>
/// It plugs in where the libgpiod driver does, so it is disposed as every <see cref="GpioDriver"/> is
/// (<see cref="IDisposable"/>), by the <see cref="GpioController"/> or <see cref="ShutterRelease"/> that owns
/// it; nothing in it is asynchronous to wait for. What it observes is reported through
/// <see cref="EdgeRecorded"/> and the <see cref="Edges"/> list.
/// </para>
/// <para>
/// It follows what the libgpiod drivers of System.Device.Gpio do where a program can tell: a line must
/// be opened before use, an input line cannot be written, a line number outside the chip is refused,
/// and a line held by another consumer cannot be opened (see <see cref="MarkBusy"/>). Writing the level a
/// line already has is not an edge and is not recorded.
/// </para>
/// </remarks>
public sealed class VirtualGpioDriver : GpioDriver
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly int _pinCount;
    private readonly Dictionary<int, PinMode> _openPins = [];
    private readonly Dictionary<int, PinValue> _levels = [];
    private readonly HashSet<int> _busyPins = [];
    private readonly HashSet<int> _failingPins = [];
    private readonly List<GpioEdge> _edges = [];
    private readonly List<(int Pin, PinEventTypes Types, PinChangeEventHandler Handler)> _callbacks = [];
    private readonly List<(int Pin, PinEventTypes Types, TaskCompletionSource<PinEventTypes> Waiter)> _waiters = [];
    private bool _disposed;

    /// <summary>Creates a virtual chip.</summary>
    /// <param name="timeProvider">The clock for edge timestamps; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="pinCount">The number of lines; 54, as the Raspberry Pi 5's RP1 and the BCM2835 have, by default.</param>
    public VirtualGpioDriver(TimeProvider? timeProvider = null, int pinCount = 54)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pinCount);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _pinCount = pinCount;
    }

    /// <summary>Raised after each recorded edge, on the thread that changed the line.</summary>
    public event EventHandler<GpioEdge>? EdgeRecorded;

    /// <summary>
    /// Raised with the line's number once a wait for an edge is registered, on the waiting thread: an edge
    /// written from then on reaches it. For tests that must not write before the wait has begun.
    /// </summary>
    internal event EventHandler<int>? WaitRegistered;

    /// <summary>Every edge recorded so far, oldest first (a copy).</summary>
    public IReadOnlyList<GpioEdge> Edges
    {
        get
        {
            lock (_lock)
            {
                return [.. _edges];
            }
        }
    }

    /// <summary>The edges of one line, oldest first (a copy).</summary>
    public IReadOnlyList<GpioEdge> EdgesOf(int pin)
    {
        lock (_lock)
        {
            return [.. _edges.Where(edge => edge.Pin == pin)];
        }
    }

    /// <summary>Forgets the recorded edges (the lines keep their levels).</summary>
    public void ClearEdges()
    {
        lock (_lock)
        {
            _edges.Clear();
        }
    }

    /// <summary>The level a line has now, open or not (a closed line keeps the level it was left at).</summary>
    public PinValue LevelOf(int pin)
    {
        lock (_lock)
        {
            return _levels.GetValueOrDefault(pin, PinValue.Low);
        }
    }

    /// <summary>Whether a line is open now.</summary>
    public bool IsOpen(int pin)
    {
        lock (_lock)
        {
            return _openPins.ContainsKey(pin);
        }
    }

    /// <summary>
    /// Sets a line's level as if something before this program had left it there (for example a crashed
    /// process that left the shutter closed); no edge is recorded.
    /// </summary>
    public void PresetLevel(int pin, PinValue value)
    {
        CheckRange(pin);
        lock (_lock)
        {
            _levels[pin] = value;
        }
    }

    /// <summary>Marks a line as held by another consumer, so opening it fails as libgpiod does (EBUSY).</summary>
    public void MarkBusy(int pin)
    {
        CheckRange(pin);
        lock (_lock)
        {
            _busyPins.Add(pin);
        }
    }

    /// <summary>
    /// Makes every write to a line fail with an <see cref="IOException"/> (as a chip that went away gives
    /// EIO), or, with <paramref name="fail"/> false, work again.
    /// </summary>
    public void FailWrites(int pin, bool fail = true)
    {
        CheckRange(pin);
        lock (_lock)
        {
            _ = fail ? _failingPins.Add(pin) : _failingPins.Remove(pin);
        }
    }

    /// <inheritdoc/>
    protected override int PinCount => _pinCount;

    /// <inheritdoc/>
    protected override void OpenPin(int pinNumber)
    {
        CheckRange(pinNumber);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_busyPins.Contains(pinNumber))
            {
                throw new IOException($"GPIO line {pinNumber} is held by another consumer (Device or resource busy).");
            }
            _openPins.TryAdd(pinNumber, PinMode.Input);
        }
    }

    /// <inheritdoc/>
    protected override void ClosePin(int pinNumber)
    {
        lock (_lock)
        {
            _openPins.Remove(pinNumber);
            _callbacks.RemoveAll(callback => callback.Pin == pinNumber);
        }
    }

    /// <inheritdoc/>
    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        if (!IsPinModeSupported(pinNumber, mode))
        {
            throw new InvalidOperationException($"GPIO line {pinNumber} does not support mode {mode}.");
        }
        lock (_lock)
        {
            _openPins[RequireOpen(pinNumber)] = mode;
        }
    }

    /// <inheritdoc/>
    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_lock)
        {
            return _openPins[RequireOpen(pinNumber)];
        }
    }

    /// <inheritdoc/>
    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown;

    /// <inheritdoc/>
    protected override PinValue Read(int pinNumber)
    {
        lock (_lock)
        {
            RequireOpen(pinNumber);
            return _levels.GetValueOrDefault(pinNumber, PinValue.Low);
        }
    }

    /// <inheritdoc/>
    protected override void Write(int pinNumber, PinValue value)
    {
        GpioEdge edge;
        List<PinChangeEventHandler> handlers;
        List<TaskCompletionSource<PinEventTypes>> waiters;
        var type = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
        lock (_lock)
        {
            if (_openPins[RequireOpen(pinNumber)] != PinMode.Output)
            {
                throw new InvalidOperationException($"GPIO line {pinNumber} is an input; set it to output before writing.");
            }
            if (_failingPins.Contains(pinNumber))
            {
                throw new IOException($"Writing GPIO line {pinNumber} failed (Input/output error).");
            }
            if (_levels.GetValueOrDefault(pinNumber, PinValue.Low) == value)
            {
                return;
            }
            _levels[pinNumber] = value;
            edge = new GpioEdge(pinNumber, value, _timeProvider.GetUtcNow(), _timeProvider.GetTimestamp());
            _edges.Add(edge);
            handlers = [.. _callbacks.Where(c => c.Pin == pinNumber && (c.Types & type) != 0).Select(c => c.Handler)];
            waiters = [.. _waiters.Where(w => w.Pin == pinNumber && (w.Types & type) != 0).Select(w => w.Waiter)];
            _waiters.RemoveAll(w => waiters.Contains(w.Waiter));
        }
        foreach (var handler in handlers)
        {
            handler(this, new PinValueChangedEventArgs(type, pinNumber));
        }
        foreach (var waiter in waiters)
        {
            waiter.TrySetResult(type);
        }
        EdgeRecorded?.Invoke(this, edge);
    }

    /// <inheritdoc/>
    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<PinEventTypes>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            RequireOpen(pinNumber);
            _waiters.Add((pinNumber, eventTypes, waiter));
        }
        WaitRegistered?.Invoke(this, pinNumber);
        try
        {
            var type = waiter.Task.WaitAsync(cancellationToken).GetAwaiter().GetResult();
            return new WaitForEventResult { EventTypes = type, TimedOut = false };
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                _waiters.RemoveAll(w => w.Waiter == waiter);
            }
            return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
        }
    }

    /// <inheritdoc/>
    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            _callbacks.Add((RequireOpen(pinNumber), eventTypes, callback));
        }
    }

    /// <inheritdoc/>
    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            _callbacks.RemoveAll(c => c.Pin == pinNumber && c.Handler == callback);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        lock (_lock)
        {
            // Like a real chip: lines are released, but the levels (and the record of edges) stay.
            _disposed = true;
            _openPins.Clear();
            _callbacks.Clear();
        }
        base.Dispose(disposing);
    }

    private void CheckRange(int pin)
    {
        if (pin < 0 || pin >= _pinCount)
        {
            throw new ArgumentOutOfRangeException(nameof(pin), pin, $"The virtual chip has lines 0 to {_pinCount - 1}.");
        }
    }

    private int RequireOpen(int pin) =>
        _openPins.ContainsKey(pin) ? pin : throw new InvalidOperationException($"GPIO line {pin} is not open.");
}
