using CsCheck;

namespace Drivers.DualShock4.Tests.Protocol;

/// <summary>The recording text format on its own: no controller, no simulator.</summary>
public sealed class RecordingFormatTests
{
    [Fact]
    public void A_report_is_one_line_of_microseconds_and_hex_after_a_comment_header()
    {
        using var text = new StringWriter { NewLine = "\n" };

        RecordingFormat.WriteHeader(text);
        RecordingFormat.WriteReport(text, TimeSpan.FromMilliseconds(1.5), [0x01, 0x80, 0xFF]);

        Assert.Equal(RecordingFormat.Header + "\n1500 0180FF\n", text.ToString());
        Assert.StartsWith("# ", RecordingFormat.Header, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_reports_written_read_back_the_same_to_the_microsecond() =>
        Gen.Select(Gen.Long[0, 10_000_000], Gen.Byte.Array[1, 80]).List[0, 30].Sample(items =>
        {
            var written = items.OrderBy(i => i.Item1).Select(i => (Offset: TimeSpan.FromMicroseconds(i.Item1), Report: i.Item2)).ToList();
            using var text = new StringWriter();
            RecordingFormat.WriteHeader(text);
            foreach (var (offset, report) in written)
            {
                RecordingFormat.WriteReport(text, offset, report);
            }

            var read = RecordingFormat.Read(new StringReader(text.ToString()));

            return read.Count == written.Count
                && read.Zip(written).All(p => p.First.Offset == p.Second.Offset && p.First.Report.AsSpan().SequenceEqual(p.Second.Report));
        }, iter: 500);

    [Fact]
    public void A_line_that_goes_back_in_time_is_refused_naming_the_line()
    {
        var error = Assert.Throws<FormatException>(() => RecordingFormat.Read(new StringReader("# header\n10 01\n\n5 01\n")));

        Assert.Contains("Line 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("goes back in time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endless_line_is_refused_once_it_is_longer_than_any_report_without_reading_the_rest()
    {
        using var endless = new EndlessZeros();

        var error = Assert.Throws<FormatException>(() => RecordingFormat.Read(endless));

        Assert.Contains("Line 1", error.Message, StringComparison.Ordinal);
        Assert.True(endless.CharsRead <= RecordingFormat.MaxLineLength + 1, $"read {endless.CharsRead} characters");
    }

    /// <summary>What <c>/dev/zero</c> gives a text reader: NUL characters without end.</summary>
    private sealed class EndlessZeros : TextReader
    {
        public long CharsRead { get; private set; }

        public override int Read()
        {
            CharsRead++;
            return 0;
        }
    }
}
