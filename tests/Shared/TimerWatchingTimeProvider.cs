using Microsoft.Extensions.Time.Testing;

namespace Drivers.Testing;

/// <summary>A fake clock that tells when the code under test starts its first timer on it, and for how long.</summary>
internal sealed class TimerWatchingTimeProvider : FakeTimeProvider
{
    private readonly TaskCompletionSource<TimeSpan> _firstTimer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the due time of the first timer created on this clock, once it is created.</summary>
    public Task<TimeSpan> FirstTimer => _firstTimer.Task;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _firstTimer.TrySetResult(dueTime);
        return timer;
    }
}
