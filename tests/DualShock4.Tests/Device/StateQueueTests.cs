namespace Drivers.DualShock4.Tests.Device;

/// <summary>One reader's queue: states handed over without a wake-up, one wake-up per batch, the oldest dropped when full.</summary>
public sealed class StateQueueTests
{
    private static ControllerState Numbered(byte counter) => ControllerState.Neutral() with { Counter = counter };

    [Fact]
    public async Task A_waiting_reader_is_woken_by_the_batch_not_by_each_state()
    {
        var queue = new StateQueue(8);
        var waiting = queue.WaitAsync();

        queue.Add(Numbered(1), out _);
        queue.Add(Numbered(2), out _);
        Assert.False(waiting.IsCompleted);
        queue.Publish();

        Assert.True(waiting.IsCompleted);
        Assert.True(await waiting);
        Assert.Equal([1, 2], TakeAll(queue));
    }

    [Fact]
    public void Publishing_with_nothing_queued_wakes_nobody()
    {
        var queue = new StateQueue(8);
        var waiting = queue.WaitAsync();

        queue.Publish();

        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public void A_full_queue_drops_the_oldest_states()
    {
        var queue = new StateQueue(3);
        for (byte i = 1; i <= 5; i++)
        {
            queue.Add(Numbered(i), out _);
        }

        Assert.Equal([3, 4, 5], TakeAll(queue));
    }

    [Fact]
    public void Drops_are_reported_once_per_burst_and_a_burst_ends_when_the_reader_catches_up()
    {
        var queue = new StateQueue(2);
        var results = new List<(bool Kept, bool BurstStarted)>();
        for (byte i = 1; i <= 4; i++)
        {
            results.Add((queue.Add(Numbered(i), out var started), started));
        }
        Assert.Equal([(true, false), (true, false), (false, true), (false, false)], results);

        Assert.Equal([3, 4], TakeAll(queue)); // caught up
        queue.Add(Numbered(5), out _);
        queue.Add(Numbered(6), out _);
        Assert.False(queue.Add(Numbered(7), out var again));
        Assert.True(again);
    }

    [Fact]
    public async Task A_woken_reader_resumes_off_the_waking_thread_unless_made_inline()
    {
        foreach (var inline in new[] { false, true })
        {
            var queue = new StateQueue(4, resumeInline: inline);
            var resumed = ResumedInsidePublish(queue);

            queue.Add(Numbered(1), out _);
            _insidePublish = true;
            queue.Publish();
            _insidePublish = false;

            Assert.Equal(inline, await resumed.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        }
    }

    // True on the waking thread while it is inside Publish: an inline reader sees it, one resumed elsewhere or later does not.
    [ThreadStatic]
    private static bool _insidePublish;

    private static async Task<bool> ResumedInsidePublish(StateQueue queue)
    {
        Assert.True(await queue.WaitAsync().ConfigureAwait(false));
        return _insidePublish;
    }

    [Fact]
    public void A_queue_grows_up_to_its_capacity_keeping_the_order()
    {
        var queue = new StateQueue(40);
        queue.Add(Numbered(0), out _);
        Assert.True(queue.TryTake(out _)); // the head moves, so growing must unwrap the ring
        for (byte i = 1; i <= 50; i++)
        {
            queue.Add(Numbered(i), out _);
        }

        Assert.Equal(Enumerable.Range(11, 40).Select(i => (byte)i), TakeAll(queue));
    }

    [Fact]
    public async Task An_ended_queue_gives_its_states_first_then_ends_quietly_or_with_the_error()
    {
        var quiet = new StateQueue(4);
        quiet.Add(Numbered(7), out _);
        quiet.End(null);
        Assert.True(await quiet.WaitAsync());
        Assert.Equal([7], TakeAll(quiet));
        Assert.False(await quiet.WaitAsync());

        var failed = new StateQueue(4);
        var waiting = failed.WaitAsync();
        failed.End(new ControllerDisconnectedException("/dev/hidraw0", "end of stream", null));
        Assert.True(await waiting);
        await Assert.ThrowsAsync<ControllerDisconnectedException>(() => failed.WaitAsync().AsTask());
    }

    [Fact]
    public async Task Cancelling_drops_what_is_queued_and_throws_at_once()
    {
        using var cancel = new CancellationTokenSource();
        var queue = new StateQueue(4);
        queue.Add(Numbered(1), out _);
        cancel.Cancel();

        queue.Cancel(cancel.Token);

        Assert.False(queue.TryTake(out _));
        var error = await Assert.ThrowsAsync<OperationCanceledException>(() => queue.WaitAsync().AsTask());
        Assert.Equal(cancel.Token, error.CancellationToken);
    }

    private static List<byte> TakeAll(StateQueue queue)
    {
        var counters = new List<byte>();
        while (queue.TryTake(out var state))
        {
            counters.Add(state.Counter);
        }
        return counters;
    }
}
