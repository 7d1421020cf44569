using Drivers.DualShock4.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Drivers.DualShock4.Tests.Simulation;

public sealed class ReplayInLoopTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_looped_recording_plays_in_real_time_loop_after_loop()
    {
        var clock = new FakeTimeProvider();
        await using var sim = new SimulatedController(new SimulatedControllerOptions { TimeProvider = clock });
        await using var pad = sim.Open(new ControllerOptions { TimeProvider = clock, BatchInterval = TimeSpan.Zero });
        await using var states = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        var next = states.MoveNextAsync().AsTask();

        sim.ReplayInLoop(Recording.FromMotion(Motion.Demo, TimeSpan.FromMilliseconds(8), TimeSpan.FromMilliseconds(4))); // 0, 4, 8 ms

        Assert.Equal(0, await CounterAsync(states, next));
        foreach (var (step, counter) in new[] { (4, 1), (4, 2), (4, 3) }) // the next loop starts at 12 ms; the counter runs on
        {
            next = states.MoveNextAsync().AsTask();
            clock.Advance(TimeSpan.FromMilliseconds(step - 1));
            Assert.False(next.IsCompleted, $"Report {counter} came a millisecond early.");
            clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(counter % 3, await CounterAsync(states, next));
        }
        Assert.Equal(0, sim.DroppedReports);
    }

    [Fact]
    public async Task A_fast_looped_recording_is_read_a_batch_at_a_time_as_hidraw_is()
    {
        var clock = new FakeTimeProvider();
        await using var sim = new SimulatedController(new SimulatedControllerOptions { TimeProvider = clock });
        await using var pad = sim.Open(new ControllerOptions { TimeProvider = clock }); // BatchInterval 4 ms
        await using var states = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        var next = states.MoveNextAsync().AsTask();

        sim.ReplayInLoop(Recording.FromMotion(Motion.Demo, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(1))); // 1,000 Hz
        Assert.Equal(0, await CounterAsync(states, next));
        next = states.MoveNextAsync().AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await CounterAsync(states, next)); // a millisecond after the last: from now on the stream is fast

        next = states.MoveNextAsync().AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(3));
        Assert.False(next.IsCompleted, "Reports 2 to 4 were read before the batch interval was over.");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, await CounterAsync(states, next));
        for (var counter = 3; counter <= 5; counter++)
        {
            var queued = states.MoveNextAsync();
            Assert.True(queued.IsCompleted, $"Report {counter} was not read with the batch."); // no wait: read in one go
            Assert.True(await queued);
            Assert.Equal(counter, states.Current.Counter);
        }
    }

    [Fact]
    public async Task A_host_that_reads_late_finds_the_oldest_reports_queued_and_the_rest_dropped()
    {
        var clock = new FakeTimeProvider();
        await using var sim = new SimulatedController(new SimulatedControllerOptions { TimeProvider = clock, QueueCapacity = 4 });
        await using var pad = sim.Open(new ControllerOptions { TimeProvider = clock, BatchInterval = TimeSpan.Zero });
        await using var states = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        var next = states.MoveNextAsync().AsTask();
        sim.ReplayInLoop(Recording.FromMotion(Motion.Demo, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(1)));
        Assert.Equal(0, await CounterAsync(states, next));

        next = states.MoveNextAsync().AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(10)); // reports 1 to 10 fall due at once

        Assert.Equal(1, await CounterAsync(states, next));
        for (var counter = 2; counter <= 4; counter++)
        {
            Assert.Equal(counter, await CounterAsync(states, states.MoveNextAsync().AsTask()));
        }
        Assert.Equal(6, sim.DroppedReports); // 5 to 10, newer than a full queue, as hidraw drops them
    }

    [Fact]
    public async Task Unplugging_the_pad_ends_the_loop_and_the_stream()
    {
        await using var sim = new SimulatedController();
        await using var pad = sim.Open();
        await using var states = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        sim.ReplayInLoop(Recording.Demo);
        Assert.True(await states.MoveNextAsync().AsTask().WaitAsync(Generous, Ct));

        sim.Unplug();

        await Assert.ThrowsAsync<ControllerDisconnectedException>(async () =>
        {
            while (await states.MoveNextAsync().AsTask().WaitAsync(Generous, Ct))
            {
                // the reports queued before the unplug
            }
        });
        await pad.Completion.WaitAsync(Generous, Ct);
    }

    [Fact]
    public async Task A_recording_without_reports_is_refused()
    {
        await using var sim = new SimulatedController();

        var refused = Assert.Throws<ArgumentException>(() => sim.ReplayInLoop(new Recording([])));
        Assert.Equal("recording", refused.ParamName);
        Assert.Throws<ArgumentNullException>(() => sim.ReplayInLoop(null!));
    }

    [Fact]
    public async Task A_gap_longer_than_a_timer_can_wait_is_waited_out_on_any_clock()
    {
        var clock = new FakeTimeProvider();
        await using var sim = new SimulatedController(new SimulatedControllerOptions { TimeProvider = clock });
        await using var pad = sim.Open(new ControllerOptions { TimeProvider = clock, BatchInterval = TimeSpan.Zero });
        await using var states = pad.WatchStatesAsync(Ct).GetAsyncEnumerator(Ct);
        var next = states.MoveNextAsync().AsTask();
        var reports = Recording.FromMotion(Motion.Demo, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)).Reports;

        sim.ReplayInLoop(new Recording([new RecordedReport(TimeSpan.Zero, reports[0].Report.Span), new RecordedReport(TimeSpan.FromDays(100), reports[1].Report.Span)]));

        Assert.Equal(0, await CounterAsync(states, next));
        next = states.MoveNextAsync().AsTask();
        clock.Advance(TimeSpan.FromDays(60)); // past the longest a timer waits (2^32 - 2 ms, about 49.7 days)
        Assert.False(pad.Completion.IsCompleted, "The stream ended while waiting out the gap.");
        Assert.False(next.IsCompleted, "Report 1 came 40 days early.");
        clock.Advance(TimeSpan.FromDays(40));
        Assert.Equal(1, await CounterAsync(states, next));
    }

    /// <summary>The counter of the state <paramref name="next"/> moved <paramref name="states"/> to.</summary>
    private static async Task<int> CounterAsync(IAsyncEnumerator<ControllerState> states, Task<bool> next)
    {
        Assert.True(await next.WaitAsync(Generous, Ct));
        return states.Current.Counter;
    }
}
