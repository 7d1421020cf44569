using System.Threading.Tasks.Sources;
using Cube.Motion;

namespace Cube.Streaming;

/// <summary>
/// One page's view of the cube: the newest frame and the newest status, and a bell that rings when either changes.
/// A page that reads slower than the controller reports gets the newest frame and skips the ones in between
/// (counted): every frame carries the whole state, so nothing is lost but intermediate positions.
/// </summary>
/// <remarks>
/// The bell resumes the waiting page writer on the thread that posts, the controller's read thread, instead of
/// queueing it to the thread pool: on a virtual machine a thread's wake-up costs far more than serializing and
/// sending a frame, so a frame that reaches the socket without one is most of the server's CPU saved. A writer
/// whose socket is full resumes later on Kestrel's own thread, so a slow page never holds the read thread.
/// </remarks>
internal sealed class Subscription : IValueTaskSource
{
    private readonly Lock _lock = new();
    private ManualResetValueTaskSourceCore<bool> _waiter; // RunContinuationsAsynchronously stays false: see remarks
    private bool _waiting;
    private bool _rung;
    private bool _closed;

    private Frame? _frame;
    private PadStatus? _status;
    private bool _statusIsNewer; // the status was posted after the frame waiting with it
    private long _skipped;

    /// <summary>Frames replaced by a newer one before the page was sent them.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    public void Post(Frame frame)
    {
        bool resume;
        lock (_lock)
        {
            if (_frame is not null)
            {
                Interlocked.Increment(ref _skipped);
            }
            _frame = frame;
            _statusIsNewer = false;
            resume = Ring();
        }
        Resume(resume);
    }

    public void Post(PadStatus status)
    {
        bool resume;
        lock (_lock)
        {
            _status = status;
            _statusIsNewer = true;
            resume = Ring();
        }
        Resume(resume);
    }

    /// <summary>Ends the waits: the one pending now and every later one throw <see cref="OperationCanceledException"/>.</summary>
    public void Close()
    {
        bool resume;
        lock (_lock)
        {
            _closed = true;
            resume = Ring();
        }
        Resume(resume);
    }

    /// <summary>
    /// Waits for news; either part may be null (it did not change, or was already taken). When both came,
    /// <c>StatusIsNewer</c> says which was posted last, so that the page sees them in that order (the last frame, then
    /// "unplugged"; "connected", then the first frame).
    /// </summary>
    public async ValueTask<(PadStatus? Status, Frame? Frame, bool StatusIsNewer)> NextAsync()
    {
        await WaitAsync().ConfigureAwait(false);
        lock (_lock) // the three at one instant: a post between them could put the page's frame and status out of order
        {
            var news = (_status, _frame, _statusIsNewer);
            (_status, _frame) = (null, null);
            return news;
        }
    }

    private ValueTask WaitAsync()
    {
        lock (_lock)
        {
            if (_closed)
            {
                throw new OperationCanceledException();
            }
            if (_rung)
            {
                _rung = false;
                return ValueTask.CompletedTask;
            }
            _waiter.Reset();
            _waiting = true;
            return new ValueTask(this, _waiter.Version);
        }
    }

    /// <summary>Under the lock: true when the writer waits and is to be resumed, else leaves the news for its next wait.</summary>
    private bool Ring()
    {
        if (!_waiting)
        {
            _rung = true;
            return false;
        }
        _waiting = false;
        return true;
    }

    /// <summary>Outside the lock: the writer runs here, up to its next wait or an incomplete flush.</summary>
    private void Resume(bool resume)
    {
        if (!resume)
        {
            return;
        }
        if (Volatile.Read(ref _closed))
        {
            _waiter.SetException(new OperationCanceledException());
        }
        else
        {
            _waiter.SetResult(true);
        }
    }

    void IValueTaskSource.GetResult(short token) => _waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);
}
