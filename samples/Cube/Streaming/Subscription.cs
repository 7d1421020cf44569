using System.Threading.Channels;
using Cube.Motion;

namespace Cube.Streaming;

/// <summary>
/// One page's view of the cube: the newest frame and the newest status, and a bell that rings when either changes.
/// A page that reads slower than the controller reports gets the newest frame and skips the ones in between
/// (counted): every frame carries the whole state, so nothing is lost but intermediate positions.
/// </summary>
internal sealed class Subscription
{
    private readonly Channel<bool> _bell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite, // one ring is enough: the reader takes whatever is newest
        SingleReader = true,
    });

    private Frame? _frame;
    private PadStatus? _status;
    private long _skipped;

    /// <summary>Frames replaced by a newer one before the page was sent them.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    public void Post(Frame frame)
    {
        if (Interlocked.Exchange(ref _frame, frame) is not null)
        {
            Interlocked.Increment(ref _skipped);
        }
        _bell.Writer.TryWrite(true);
    }

    public void Post(PadStatus status)
    {
        Volatile.Write(ref _status, status);
        _bell.Writer.TryWrite(true);
    }

    /// <summary>Waits for news; either part may be null (it did not change, or was already taken).</summary>
    public async ValueTask<(PadStatus? Status, Frame? Frame)> NextAsync(CancellationToken cancellationToken)
    {
        await _bell.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (Interlocked.Exchange(ref _status, null), Interlocked.Exchange(ref _frame, null));
    }
}
