using System.Threading.Tasks.Sources;

namespace Drivers.DualShock4;

/// <summary>
/// One reader's states. The read thread adds each state without waking anyone and wakes the reader once per batch
/// (<see cref="Publish"/>, when the device has nothing more queued), so a fast stream costs one wake-up per batch,
/// not per report. A reader more than the capacity behind loses the oldest states. The woken reader continues on the
/// thread pool (or its synchronization context), unless the queue was made to resume it inline on the waking thread.
/// </summary>
internal sealed class StateQueue : IValueTaskSource<bool>
{
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private ControllerState[] _ring;
    private ManualResetValueTaskSourceCore<bool> _wake;
    private int _head;
    private int _count;
    private bool _waiting;
    private bool _ended;
    private bool _dropping;
    private Exception? _error;

    /// <param name="capacity">How many states the reader may fall behind before the oldest is dropped.</param>
    /// <param name="resumeInline">
    /// Resume a waiting reader on the thread that wakes it (the controller's read thread) instead of on the thread pool.
    /// </param>
    public StateQueue(int capacity, bool resumeInline = false)
    {
        _capacity = Math.Max(1, capacity);
        _ring = new ControllerState[Math.Min(_capacity, 16)]; // grows only for a reader that falls behind
        _wake.RunContinuationsAsynchronously = !resumeInline;
    }

    /// <summary>
    /// Queues a state (read thread); when the queue is full, drops the oldest and returns false. <paramref name="burstStarted"/>
    /// is true for the first drop since the reader last emptied the queue, so a slow reader is reported once per burst.
    /// </summary>
    public bool Add(in ControllerState state, out bool burstStarted)
    {
        lock (_gate)
        {
            var kept = true;
            burstStarted = false;
            if (_count == _ring.Length)
            {
                if (_ring.Length < _capacity)
                {
                    Grow();
                }
                else
                {
                    _head = (_head + 1) % _ring.Length;
                    _count--;
                    kept = false;
                    burstStarted = !_dropping;
                    _dropping = true;
                }
            }
            _ring[(_head + _count) % _ring.Length] = state;
            _count++;
            return kept;
        }
    }

    /// <summary>Wakes the reader if it is waiting and states are queued.</summary>
    public void Publish() => Wake(onlyWithStates: true);

    /// <summary>Ends the stream once the queued states are taken: quietly, or with <paramref name="error"/>.</summary>
    public void End(Exception? error)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }
            _ended = true;
            _error = error;
        }
        Wake(onlyWithStates: false);
    }

    /// <summary>Ends the stream at once, dropping what is queued, with an <see cref="OperationCanceledException"/>.</summary>
    public void Cancel(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _count = 0;
            _ended = true;
            _error = new OperationCanceledException(cancellationToken);
        }
        Wake(onlyWithStates: false);
    }

    /// <summary>Takes the oldest queued state (reader).</summary>
    public bool TryTake(out ControllerState state)
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                state = default;
                return false;
            }
            state = _ring[_head];
            _head = (_head + 1) % _ring.Length;
            _count--;
            if (_count == 0)
            {
                _dropping = false; // caught up: the next drop starts a new burst
            }
            return true;
        }
    }

    /// <summary>
    /// Completes with true when states may be queued, false once the stream has ended quietly and is empty; throws the
    /// error it ended with (reader; one wait at a time).
    /// </summary>
    public ValueTask<bool> WaitAsync()
    {
        lock (_gate)
        {
            if (_count > 0)
            {
                return new ValueTask<bool>(true);
            }
            if (_ended)
            {
                return _error is null ? new ValueTask<bool>(false) : ValueTask.FromException<bool>(_error);
            }
            _wake.Reset();
            _waiting = true;
            return new ValueTask<bool>(this, _wake.Version);
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _wake.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _wake.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _wake.OnCompleted(continuation, state, token, flags);

    private void Grow()
    {
        var larger = new ControllerState[Math.Min(_capacity, _ring.Length * 2)];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = _ring[(_head + i) % _ring.Length];
        }
        _ring = larger;
        _head = 0;
    }

    private void Wake(bool onlyWithStates)
    {
        lock (_gate)
        {
            if (!_waiting || (onlyWithStates && _count == 0))
            {
                return;
            }
            _waiting = false;
        }
        _wake.SetResult(true); // outside the lock: an inline reader runs right here
    }
}
