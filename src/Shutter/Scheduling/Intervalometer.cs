using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Drivers.Shutter;

/// <summary>
/// Takes a picture every interval on a <see cref="ShutterRelease"/>. Frame <c>n</c> is due at an absolute
/// moment (start + delay + n x interval, on the monotonic clock of the shutter's <see cref="TimeProvider"/>),
/// so the pulse and the scheduling delay never add up: there is no cumulative drift. A frame whose moment
/// has passed before the shutter is free (say during a long bulb) is skipped and counted, never squeezed in;
/// "passed" means by more than a tenth of the interval (at most a second), far above scheduling noise.
/// </summary>
/// <remarks>
/// Changing the interval while running (<see cref="ChangeInterval"/>) plans the next frame one new interval
/// after the last planned frame, or at once when that moment has already passed. Pictures on demand
/// (<see cref="ShootNowAsync"/>) go through the same shutter, so they wait for a scheduled shot and a
/// scheduled shot waits for them: the two never overlap.
/// </remarks>
public sealed class Intervalometer : IAsyncDisposable
{
    /// <summary>The interval reported before the first run: 5 seconds.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Longest = TimeSpan.FromHours(24);
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(30);
    private const int MaxPreviewFrames = 1_000_000;
    private static readonly TimeSpan FinalApproach = TimeSpan.FromMilliseconds(4);

    private readonly ShutterRelease _shutter;
    private readonly TimeProvider _timeProvider;
    private readonly bool _onSystemClock;
    private readonly ILogger _logger;
    private readonly int _streamCapacity;
    private readonly Lock _lock = new();
    private readonly List<Watcher> _watchers = [];
    private long _eventsDropped;
    private Run? _run;
    private TimeSpan _interval = DefaultInterval;
    private int? _count;
    private int _taken;
    private int _skipped;

    /// <summary>Creates an idle intervalometer on <paramref name="shutter"/>, using the shutter's clock.</summary>
    /// <exception cref="ArgumentException">A property of <paramref name="options"/> is out of range (the message names it).</exception>
    public Intervalometer(ShutterRelease shutter, IntervalometerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(shutter);
        options ??= new IntervalometerOptions();
        options.Validate();
        _shutter = shutter;
        _timeProvider = shutter.TimeProvider;
        _onSystemClock = ReferenceEquals(_timeProvider, TimeProvider.System);
        _logger = options.LoggerFactory?.CreateLogger<Intervalometer>() ?? NullLogger<Intervalometer>.Instance;
        _streamCapacity = options.StreamCapacity;
    }

    /// <summary>
    /// How many events were dropped, over all <see cref="WatchEventsAsync"/> readers, because a reader fell
    /// <see cref="IntervalometerOptions.StreamCapacity"/> events behind.
    /// </summary>
    public long EventsDropped => Interlocked.Read(ref _eventsDropped);

    /// <summary>A snapshot of the run: running or not, its plan, frames taken and skipped, and when the next frame is due.</summary>
    public IntervalometerStatus Status
    {
        get
        {
            lock (_lock)
            {
                return Snapshot();
            }
        }
    }

    /// <summary>
    /// Starts a run; the first frame is due after <see cref="IntervalometerPlan.StartDelay"/> or at
    /// <see cref="IntervalometerPlan.StartAt"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value of the plan is out of range, the interval is not longer than a shot, or a ramp's longest exposure does not fit the interval.</exception>
    /// <exception cref="ArgumentException">The plan combines what excludes each other (a bulb and a ramp, a delay and a start time).</exception>
    /// <exception cref="InvalidOperationException">A run is already in progress.</exception>
    public void Start(IntervalometerPlan plan)
    {
        var now = _timeProvider.GetUtcNow();
        var wait = CheckPlan(plan, now);
        Run run;
        lock (_lock)
        {
            if (_run is not null)
            {
                throw new InvalidOperationException("A run is already in progress; stop it before starting another.");
            }
            run = new Run(plan, _timeProvider.GetTimestamp(), now, wait, _shutter.FocusDuration);
            _run = run;
            _interval = plan.Interval;
            _count = plan.Count;
            _taken = 0;
            _skipped = 0;
            Publish(new IntervalometerEvent(IntervalometerEventKind.Started, Snapshot()));
        }
        // Runs synchronously up to its first wait, so the first frame is already planned when Start returns.
        run.Loop = RunAsync(run);
    }

    /// <summary>
    /// Every frame <paramref name="plan"/> would take if it started now, with its moment and exposure, before anything
    /// fires: the run then follows it exactly (unless its interval is changed while running).
    /// </summary>
    /// <param name="plan">The plan, checked as <see cref="Start"/> checks it.</param>
    /// <param name="maxFrames">At most this many frames are listed (a plan without a count runs until stopped); 1 to 1,000,000.</param>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Start"/>, or <paramref name="maxFrames"/> is out of range.</exception>
    /// <exception cref="ArgumentException">As for <see cref="Start"/>.</exception>
    public IReadOnlyList<PlannedFrame> Preview(IntervalometerPlan plan, int maxFrames = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFrames);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxFrames, MaxPreviewFrames);
        var now = _timeProvider.GetUtcNow();
        var wait = CheckPlan(plan, now);
        var run = new Run(plan, _timeProvider.GetTimestamp(), now, wait, _shutter.FocusDuration);
        var frames = new PlannedFrame[Math.Min(plan.Count ?? maxFrames, maxFrames)];
        for (var frame = 0; frame < frames.Length; frame++)
        {
            frames[frame] = new PlannedFrame(frame + 1, run.StartedAt + run.OffsetOf(frame), run.ExposureOf(frame));
        }
        return frames;
    }

    /// <summary>Stops the run: a shot in progress ends at once (its lines are released) and no further frame is taken.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        Run? run;
        lock (_lock)
        {
            run = _run;
        }
        if (run is null)
        {
            return;
        }
        // Cancel (not CancelAsync): the shot's lines are released on this thread before it goes on.
        run.Stop.Cancel();
        await run.Loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes the interval of the running run (or of the next run's status when idle).</summary>
    /// <remarks>With a ramp and a minimum gap, the frame after the last one still waits for that frame's exposure and gap.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The interval is out of range, not longer than a shot, or too short for the run's ramp (without a minimum gap).</exception>
    public void ChangeInterval(TimeSpan interval)
    {
        TaskCompletionSource? waiter;
        lock (_lock)
        {
            CheckInterval(interval, nameof(interval));
            if (_run?.Plan is { BulbRamp: { } ramp, MinimumGap: null })
            {
                CheckRampFits(ramp, interval, nameof(interval));
            }
            _interval = interval;
            if (_run is not { } run)
            {
                return;
            }
            run.Interval = interval;
            if (run.LastFrame >= 0)
            {
                // From where the last frame was planned (never recomputed with the new interval), one new spacing on.
                var now = _timeProvider.GetElapsedTime(run.StartTimestamp);
                var next = run.LastPlanned + run.SpacingAfter(run.LastFrame);
                run.AnchorFrame = run.LastFrame + 1;
                run.AnchorOffset = next > now ? next : now;
                run.ImmediateFrame = next > now ? null : run.AnchorFrame;
            }
            waiter = run.Waiter;
            Publish(new IntervalometerEvent(IntervalometerEventKind.Retimed, Snapshot()));
        }
        waiter?.TrySetResult();
    }

    /// <summary>Takes one picture now (a pulse), between scheduled frames; it does not count as a frame.</summary>
    public async Task<Shot> ShootNowAsync(CancellationToken cancellationToken = default)
    {
        var shot = await _shutter.FireAsync(null, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            Publish(new IntervalometerEvent(IntervalometerEventKind.AdHocShot, Snapshot()) { ActualAt = shot.StartedAt });
        }
        return shot;
    }

    /// <summary>
    /// The events from the moment the enumeration starts (starts, frames shot and skipped, stops), until
    /// <paramref name="cancellationToken"/> is cancelled, the enumeration ends or the intervalometer is disposed.
    /// </summary>
    /// <remarks>
    /// Each enumeration is an independent reader with its own queue of
    /// <see cref="IntervalometerOptions.StreamCapacity"/> events. The schedule never waits for a reader: one that
    /// falls that far behind loses its oldest events (counted in <see cref="EventsDropped"/>, logged once per
    /// burst) and carries on with newer ones. The loop body runs on the caller's context, never on the
    /// intervalometer's timer.
    /// </remarks>
    public async IAsyncEnumerable<IntervalometerEvent> WatchEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var watcher = new Watcher(this);
        lock (_lock)
        {
            _watchers.Add(watcher);
        }
        try
        {
            var reader = watcher.Channel.Reader;
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var e))
                {
                    yield return e;
                }
                // Caught up: the next drop starts a new burst and is logged again.
                watcher.Behind = false;
            }
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(watcher);
            }
        }
    }

    /// <summary>Stops the run and ends every <see cref="WatchEventsAsync"/> stream. The shutter is not disposed.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Channel.Writer.TryComplete();
            }
            _watchers.Clear();
        }
    }

    private async Task RunAsync(Run run)
    {
        var stop = run.Stop.Token;
        var end = IntervalometerEventKind.Completed;
        string? error = null;
        try
        {
            for (var frame = 0; run.Plan.Count is not int count || frame < count; frame++)
            {
                TimeSpan due;
                TimeSpan tolerance;
                bool immediate;
                lock (_lock)
                {
                    due = run.OffsetOf(frame);
                    tolerance = LateTolerance(run.Interval);
                    immediate = run.ImmediateFrame == frame;
                }
                if (!immediate && _timeProvider.GetElapsedTime(run.StartTimestamp) > due + tolerance)
                {
                    // Its moment passed before the shutter was free (a long bulb, an ad-hoc shot).
                    Skip(run, frame, due);
                    continue;
                }

                await WaitUntilDueAsync(run, frame, stop).ConfigureAwait(false);
                bool overtaken;
                lock (_lock)
                {
                    due = run.OffsetOf(frame);
                    // Woken so late that the next frame is due too (a suspended machine, a stalled clock):
                    // this one is skipped rather than shot a whole interval late.
                    overtaken = _timeProvider.GetElapsedTime(run.StartTimestamp) >= run.OffsetOf(frame + 1);
                    if (!overtaken)
                    {
                        run.Reached(frame, due);
                    }
                }
                if (overtaken)
                {
                    Skip(run, frame, due);
                    continue;
                }
                var shot = await _shutter.FireAsync(run.ExposureOf(frame), stop).ConfigureAwait(false);
                var lateness = _timeProvider.GetElapsedTime(run.StartTimestamp, shot.StartedTimestamp) - due;
                lock (_lock)
                {
                    _taken++;
                    Publish(new IntervalometerEvent(IntervalometerEventKind.Shot, Snapshot())
                    {
                        FrameNumber = frame + 1,
                        PlannedAt = run.StartedAt + due,
                        ActualAt = shot.StartedAt,
                        Lateness = lateness,
                        Exposure = shot.ShutterHeld,
                    });
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            end = IntervalometerEventKind.Stopped;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The shutter has already released its lines (its finally ran); the run ends and says why.
            end = IntervalometerEventKind.Failed;
            error = e.Message;
            Log.RunFailed(_logger, e);
        }
        lock (_lock)
        {
            if (_run == run)
            {
                _run = null;
            }
            Publish(new IntervalometerEvent(end, Snapshot()) { Error = error });
        }
    }

    /// <summary>
    /// How late the loop may reach a frame and still shoot it: a tenth of the interval, at most a second.
    /// Scheduling noise (microseconds to milliseconds) is far below it; a bulb that overran is not.
    /// </summary>
    internal static TimeSpan LateTolerance(TimeSpan interval) =>
        TimeSpan.FromTicks(Math.Min(interval.Ticks / 10, TimeSpan.TicksPerSecond));

    private void Skip(Run run, int frame, TimeSpan due)
    {
        lock (_lock)
        {
            run.Reached(frame, due);
            _skipped++;
            Publish(new IntervalometerEvent(IntervalometerEventKind.Skipped, Snapshot())
            {
                FrameNumber = frame + 1,
                PlannedAt = run.StartedAt + due,
            });
        }
        Log.FrameSkipped(_logger, frame + 1, run.StartedAt + due);
    }

    private async Task WaitUntilDueAsync(Run run, int frame, CancellationToken stop)
    {
        while (true)
        {
            // One signal for "due", "retimed" and "stopped". It continues synchronously on the thread that
            // sets it, so a retime has re-planned the frame before ChangeInterval returns.
            var wake = new TaskCompletionSource();
            TimeSpan due;
            lock (_lock)
            {
                due = run.OffsetOf(frame);
                run.Waiter = wake;
            }
            var remaining = due - _timeProvider.GetElapsedTime(run.StartTimestamp);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }
            if (_onSystemClock && remaining <= FinalApproach)
            {
                FinishOnTime(run.StartTimestamp, due, stop);
                return;
            }
            if (_onSystemClock)
            {
                remaining -= FinalApproach;
            }
            using (_timeProvider.CreateTimer(static state => ((TaskCompletionSource)state!).TrySetResult(), wake, remaining, Timeout.InfiniteTimeSpan))
            using (stop.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), wake))
            {
                await wake.Task.ConfigureAwait(false);
            }
            stop.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// The last stretch before a frame on the system clock, waited on this thread: OS timers wake a
    /// millisecond or more late (several on a busy machine), which would show in every frame's lateness.
    /// Short sleeps, then a spin for the final part, put the shot within microseconds of its moment.
    /// </summary>
    private static void FinishOnTime(long startTimestamp, TimeSpan due, CancellationToken stop)
    {
        var system = TimeProvider.System;
        var spinner = new SpinWait();
        while (!stop.IsCancellationRequested)
        {
            var remaining = due - system.GetElapsedTime(startTimestamp);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }
            if (remaining > TimeSpan.FromMilliseconds(2.5))
            {
                Thread.Sleep(1);
            }
            else
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    /// <summary>Checks a plan as a whole and returns the wait before its first frame, from <paramref name="now"/>.</summary>
    private TimeSpan CheckPlan(IntervalometerPlan plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        CheckInterval(plan.Interval, nameof(plan));
        if (plan.Count is int count)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count, nameof(plan));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(plan.StartDelay, TimeSpan.Zero, nameof(plan));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(plan.StartDelay, LongestWait, nameof(plan));
        if (plan.BulbDuration is TimeSpan bulb)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bulb, TimeSpan.Zero, nameof(plan));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(bulb, Longest, nameof(plan));
            if (plan.BulbRamp is not null)
            {
                throw new ArgumentException("A plan takes a fixed bulb exposure or a ramp, not both.", nameof(plan));
            }
        }
        if (plan.BulbRamp is { } ramp)
        {
            ramp.Validate(nameof(plan));
            if (plan.MinimumGap is TimeSpan gap)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(gap, TimeSpan.Zero, nameof(plan));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(gap, Longest, nameof(plan));
            }
            else
            {
                CheckRampFits(ramp, plan.Interval, nameof(plan));
            }
        }
        else if (plan.MinimumGap is not null)
        {
            throw new ArgumentException("A minimum gap lengthens the interval for a ramp; this plan has no ramp.", nameof(plan));
        }
        if (plan.StartAt is not DateTimeOffset at)
        {
            return plan.StartDelay;
        }
        if (plan.StartDelay != TimeSpan.Zero)
        {
            throw new ArgumentException("A plan starts after a delay or at a time, not both.", nameof(plan));
        }
        var wait = at - now;
        // A moment a request's round trip ago is "now"; one further back is a mistake the user should hear about.
        if (wait < -TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(plan), $"The start time {at:yyyy-MM-dd HH:mm:ss zzz} has passed.");
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wait, LongestWait, nameof(plan));
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private void CheckRampFits(ExposureRamp ramp, TimeSpan interval, string parameter)
    {
        if (_shutter.FocusDuration + ramp.LongestExposure >= interval)
        {
            throw new ArgumentOutOfRangeException(
                parameter,
                $"The ramp's longest exposure ({ramp.LongestExposure.TotalSeconds:0.###} s) does not fit the {interval.TotalSeconds:0.###} s interval: lengthen the interval or set a minimum gap.");
        }
    }

    private void CheckInterval(TimeSpan interval, string parameter)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(interval, Longest, parameter);
        // A bulb may outlast the interval on purpose: the frames it covers are skipped and counted.
        var shot = _shutter.FocusDuration + _shutter.PulseDuration;
        if (interval <= shot)
        {
            throw new ArgumentOutOfRangeException(parameter, interval, $"The interval must be longer than a shot ({shot.TotalMilliseconds} ms, pulse and focus).");
        }
    }

    // Callers hold _lock.
    private IntervalometerStatus Snapshot()
    {
        DateTimeOffset? next = null;
        if (_run is { } run && (run.Plan.Count is not int count || run.LastFrame + 1 < count))
        {
            next = run.StartedAt + run.OffsetOf(run.LastFrame + 1);
        }
        return new IntervalometerStatus(_run is not null, _interval, _count, _taken, _skipped, next);
    }

    // Callers hold _lock, so that every reader sees events in the order they happened.
    private void Publish(IntervalometerEvent e)
    {
        foreach (var watcher in _watchers)
        {
            watcher.Channel.Writer.TryWrite(e);
        }
    }

    // Called by a full reader's channel, under _lock (Publish holds it), for the oldest event it let go.
    private void Dropped(Watcher watcher)
    {
        Interlocked.Increment(ref _eventsDropped);
        if (!watcher.Behind)
        {
            watcher.Behind = true;
            Log.EventsDropped(_logger, _streamCapacity);
        }
    }

    /// <summary>One <see cref="WatchEventsAsync"/> reader: its bounded queue, dropping the oldest, and whether it is in a burst of drops.</summary>
    private sealed class Watcher
    {
        public Watcher(Intervalometer owner)
        {
            Channel = System.Threading.Channels.Channel.CreateBounded<IntervalometerEvent>(
                new BoundedChannelOptions(owner._streamCapacity)
                {
                    FullMode = BoundedChannelFullMode.DropOldest,
                    SingleReader = true,
                },
                _ => owner.Dropped(this));
        }

        public Channel<IntervalometerEvent> Channel { get; }

        /// <summary>Set on a drop, cleared when the reader has emptied its queue.</summary>
        public volatile bool Behind;
    }

    /// <summary>One run's plan and its moving parts. Fields other than the readonly ones are guarded by the intervalometer's lock.</summary>
    private sealed class Run(IntervalometerPlan plan, long startTimestamp, DateTimeOffset startedAt, TimeSpan wait, TimeSpan focus)
    {
        private int _anchorFrame;
        private TimeSpan _anchorOffset = wait;
        private TimeSpan _interval = plan.Interval;
        private int _memoFrame = -1;
        private long _memoTicks;

        public IntervalometerPlan Plan { get; } = plan;
        public long StartTimestamp { get; } = startTimestamp;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public CancellationTokenSource Stop { get; } = new();
        public TaskCompletionSource? Waiter { get; set; }
        public Task Loop { get; set; } = Task.CompletedTask;
        public int? ImmediateFrame { get; set; }
        public int LastFrame { get; private set; } = -1;

        /// <summary>Where <see cref="LastFrame"/> was planned when it was reached, kept as it was through later retimes.</summary>
        public TimeSpan LastPlanned { get; private set; }

        public void Reached(int frame, TimeSpan due) => (LastFrame, LastPlanned) = (frame, due);

        public TimeSpan Interval
        {
            get => _interval;
            set => (_interval, _memoFrame) = (value, -1);
        }

        public int AnchorFrame
        {
            get => _anchorFrame;
            set => (_anchorFrame, _memoFrame) = (value, -1);
        }

        public TimeSpan AnchorOffset
        {
            get => _anchorOffset;
            set => (_anchorOffset, _memoFrame) = (value, -1);
        }

        /// <summary>Frame <paramref name="frame"/>'s bulb exposure (0 for the first), or null for a pulse.</summary>
        public TimeSpan? ExposureOf(int frame) => Plan.BulbRamp?.ExposureOf(frame + 1) ?? Plan.BulbDuration;

        /// <summary>Where frame <paramref name="frame"/> starts, from the run's start, in integer ticks: frame 10,000 is exactly where the plan says.</summary>
        public TimeSpan OffsetOf(int frame)
        {
            if (Plan.MinimumGap is null || Plan.BulbRamp is null)
            {
                return TimeSpan.FromTicks(AnchorOffset.Ticks + ((frame - AnchorFrame) * Interval.Ticks));
            }
            // A growing interval: a running sum, kept between calls since frames are asked for in order.
            if (frame < AnchorFrame)
            {
                var before = AnchorOffset.Ticks;
                for (var k = AnchorFrame - 1; k >= frame; k--)
                {
                    before -= SpacingAfter(k).Ticks;
                }
                return TimeSpan.FromTicks(before);
            }
            if (_memoFrame < AnchorFrame || frame < _memoFrame)
            {
                (_memoFrame, _memoTicks) = (AnchorFrame, AnchorOffset.Ticks);
            }
            for (; _memoFrame < frame; _memoFrame++)
            {
                _memoTicks += SpacingAfter(_memoFrame).Ticks;
            }
            return TimeSpan.FromTicks(_memoTicks);
        }

        /// <summary>From frame <paramref name="frame"/>'s start to the next frame's: the interval, or longer when the ramp's exposure and gap need it.</summary>
        public TimeSpan SpacingAfter(int frame) =>
            Plan is { MinimumGap: TimeSpan gap, BulbRamp: not null } && focus + ExposureOf(frame)!.Value + gap is var needed && needed > Interval
                ? needed
                : Interval;
    }
}
