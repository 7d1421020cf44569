using CsCheck;

namespace Drivers.DualShock4.Tests.Transport;

/// <summary>The read thread's pacing, in microseconds: when it may wait on the device again after draining its queue.</summary>
public sealed class WakePacerTests
{
    private const long Interval = 4000;

    [Fact]
    public void Reports_further_apart_than_half_the_interval_are_waited_for_one_by_one()
    {
        var pacer = new WakePacer(Interval);

        Assert.Equal(0, pacer.Drained(0, 1));
        Assert.Equal(2000, pacer.Drained(2000, 1));
        Assert.Equal(6000, pacer.Drained(6000, 1));
    }

    [Fact]
    public void A_report_within_half_the_interval_of_the_last_starts_batching()
    {
        var pacer = new WakePacer(Interval);

        Assert.Equal(0, pacer.Drained(0, 1));
        Assert.Equal(1000 + Interval, pacer.Drained(1000, 1));
    }

    [Fact]
    public void A_wake_up_that_found_several_reports_sleeps_out_the_interval_and_one_that_found_none_does_not()
    {
        var pacer = new WakePacer(Interval);

        Assert.Equal(100 + Interval, pacer.Drained(100, 3));
        Assert.Equal(4100, pacer.Drained(4100, 0)); // the stream stopped: wait for the next report
    }

    [Fact]
    public void A_zero_interval_never_sleeps() =>
        Gen.Select(Gen.Long[0, 1_000_000_000], Gen.Int[0, 64]).Sample((wake, reports) =>
            new WakePacer(0).Drained(wake, reports) == wake);

    [Fact]
    public void Any_steady_stream_is_read_without_loss_late_by_at_most_the_interval_and_with_few_wake_ups() =>
        Gen.Select(Gen.Long[100, 20_000], Gen.Long[0, 16_000]).Sample((period, interval) =>
        {
            var run = Simulate(period, interval, reports: 500);
            var slow = interval == 0 || period >= interval / 2;
            return run.Read == 500
                && run.WorstLatency <= interval
                && (slow
                    ? run.WakeUps == 500 && run.WorstLatency == 0 // read as each report arrives
                    : run.WakeUps <= (499 * period / interval) + 3); // about one wake-up per interval
        }, iter: 2000);

    // Reports arrive every `period` µs; the reader drains all that have arrived at each wake-up, then either sleeps
    // until the pacer's time (a timer wake-up) or waits for the next arrival (a data wake-up), as HidrawChannel does.
    private static (int Read, int WakeUps, long WorstLatency) Simulate(long period, long interval, int reports)
    {
        var pacer = new WakePacer(interval);
        int read = 0, wakeUps = 1;
        long worst = 0, wake = 0;
        while (read < reports)
        {
            var found = 0;
            while (read < reports && read * period <= wake)
            {
                worst = Math.Max(worst, wake - (read * period));
                read++;
                found++;
            }
            var resume = pacer.Drained(wake, found);
            wake = resume > wake ? resume : read * period;
            wakeUps++;
        }
        return (read, wakeUps - 1, worst);
    }
}
