using CsCheck;
using Drivers.DualShock4.Simulation;

namespace Drivers.DualShock4.Tests.Simulation;

public sealed class ReplayLoopTests
{
    private const long Frequency = 1_000_000; // timestamps in microseconds

    [Fact]
    public void Reports_come_due_at_their_offsets_and_the_next_loop_starts_one_average_interval_after_the_last()
    {
        var loop = new ReplayLoop(At(0, 4_000, 8_000), start: 100, Frequency);

        Assert.Equal([0, 1, 2], Take(loop, now: 100 + 8_000)); // offsets 0, 4 and 8 ms
        Assert.False(loop.TryTakeDue(100 + 11_999, out _));
        Assert.Equal(100 + 12_000, loop.NextDue); // 8 ms + the average 4 ms
        Assert.Equal([0, 1], Take(loop, now: 100 + 16_000));
    }

    [Fact]
    public void A_loop_whose_reports_share_one_time_lasts_a_millisecond_per_report_instead_of_flooding_the_host()
    {
        var loop = new ReplayLoop(At(0, 0, 0, 0), start: 0, Frequency);

        Assert.Equal(4, Take(loop, now: 3_999).Count);
        Assert.Equal(4_000, loop.NextDue);
        Assert.Equal(1_000, 4 + Take(loop, now: 1_000_000 - 1).Count); // in all 1,000 reports a second, the pad's fastest
    }

    [Theory]
    [InlineData(-1_000_000)] // RecordedReport takes a negative offset
    [InlineData(5_000_000)] // a recording cut out of a longer one
    public void A_recording_whose_first_offset_is_not_zero_starts_with_its_first_report_and_loops_at_its_own_pace(long first)
    {
        var loop = new ReplayLoop(At(first, first + 500_000), start: 0, Frequency);

        Assert.Equal([0], Take(loop, now: 0)); // due now, not a burst of the loops an offset before zero would make due
        Assert.Equal(500_000, loop.NextDue);
        Assert.Equal([1], Take(loop, now: 500_000));
        Assert.Equal(1_000_000, loop.NextDue); // one average interval after the last report
    }

    [Fact]
    public void Offsets_up_to_the_longest_time_span_do_not_overflow()
    {
        var recording = new Recording([new(TimeSpan.Zero, [0]), new(TimeSpan.MaxValue, [1])]);
        var loop = new ReplayLoop(recording, start: 0, frequency: 1_000_000_000); // nanoseconds, as Stopwatch on Linux

        Assert.Single(Take(loop, now: long.MaxValue / 16));
        Assert.True(loop.NextDue > 0);
    }

    [Fact]
    public void Whatever_the_recording_and_the_reads_reports_come_in_loop_order_never_before_due_and_none_is_skipped() =>
        Gen.Select(Gen.Int[0, 20_000].Array[1, 30], Gen.Int[0, 50_000].Array[1, 40]).Sample((gaps, steps) =>
        {
            var offsets = new long[gaps.Length];
            for (var i = 1; i < gaps.Length; i++)
            {
                offsets[i] = offsets[i - 1] + gaps[i];
            }
            var loop = new ReplayLoop(At(offsets), start: 0, Frequency);
            var expected = 0;
            var now = 0L;
            var previousDue = long.MinValue;
            foreach (var step in steps)
            {
                now += step;
                while (true)
                {
                    var due = loop.NextDue;
                    if (!loop.TryTakeDue(now, out var report))
                    {
                        Assert.True(due > now);
                        break;
                    }
                    Assert.True(due <= now && due >= previousDue);
                    Assert.Equal(expected, report.Span[0]); // each report carries its index
                    expected = (expected + 1) % offsets.Length;
                    previousDue = due;
                }
            }
        });

    private static Recording At(params long[] microseconds) =>
        new(microseconds.Select((us, i) => new RecordedReport(TimeSpan.FromMicroseconds(us), [(byte)i, 0x01])));

    private static List<int> Take(ReplayLoop loop, long now)
    {
        var taken = new List<int>();
        while (loop.TryTakeDue(now, out var report))
        {
            taken.Add(report.Span[0]);
        }
        return taken;
    }
}
