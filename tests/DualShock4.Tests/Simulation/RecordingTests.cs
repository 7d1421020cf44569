using Drivers.DualShock4.Simulation;

namespace Drivers.DualShock4.Tests.Simulation;

public sealed class RecordingTests
{
    [Fact]
    public void A_recording_survives_saving_and_loading()
    {
        var original = Recording.FromMotion(Motion.Demo, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1), ReportFormat.Bluetooth);
        using var text = new StringWriter();
        original.Save(text);

        var loaded = Recording.Parse(new StringReader(text.ToString()));

        Assert.Equal(original.Reports.Count, loaded.Reports.Count);
        for (var i = 0; i < loaded.Reports.Count; i++)
        {
            Assert.Equal(original.Reports[i].Offset, loaded.Reports[i].Offset);
            Assert.Equal(original.Reports[i].Report.ToArray(), loaded.Reports[i].Report.ToArray());
        }
    }

    [Theory]
    [InlineData("12", "Line 1")]
    [InlineData("abc 0102", "microseconds")]
    [InlineData("10 0102\n5 0102", "goes back in time")]
    [InlineData("0 010", "whole report")]
    [InlineData("0 01zz", "not hex")]
    public void A_bad_line_is_named_in_the_error(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Recording.Parse(new StringReader(text)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_and_blank_lines_are_ignored()
    {
        var recording = Recording.Parse(new StringReader("# hello\n\n0 01\n  \n# bye\n4000 0102\n"));

        Assert.Equal(2, recording.Reports.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(4), recording.Duration);
    }
}
