using Drivers.Em73xx.Protocol;

namespace Drivers.Em73xx.Tests.Protocol;

public sealed class ScTimestampTests
{
    [Fact]
    public void The_zone_is_counted_in_quarter_hours()
    {
        Assert.True(ScTimestamp.TryParse("\"94/05/06,22:10:00+08\"", out var time));

        Assert.Equal(new DateTimeOffset(1994, 5, 6, 22, 10, 0, TimeSpan.FromHours(2)), time);
    }

    [Theory]
    [InlineData("16/10/21,12:00:00+09", 135)]
    [InlineData("16/10/21,12:00:00+22", 330)]
    [InlineData("16/10/21,12:00:00-14", -210)]
    [InlineData("16/10/21,12:00:00+00", 0)]
    public void Zones_that_are_not_whole_hours_keep_their_minutes(string text, int minutes)
    {
        Assert.True(ScTimestamp.TryParse(text, out var time));

        Assert.Equal(TimeSpan.FromMinutes(minutes), time.Offset);
        Assert.Equal(2016, time.Year);
    }

    [Theory]
    [InlineData("")]
    [InlineData("16/10/21")]
    [InlineData("16/13/21,12:00:00+08")]
    [InlineData("16/02/30,12:00:00+08")]
    [InlineData("16/10/21,25:00:00+08")]
    [InlineData("16/10/21,12:00:00*08")]
    [InlineData("16/10/21,12:00:00+99")]
    [InlineData("16/10/21,12:00:00+")]
    [InlineData("ab/cd/ef,gh:ij:kl+mn")]
    public void Malformed_stamps_are_refused(string text) => Assert.False(ScTimestamp.TryParse(text, out _));

    [Fact]
    public void Formatting_and_parsing_round_trip()
    {
        var time = new DateTimeOffset(2026, 11, 25, 20, 5, 7, TimeSpan.FromMinutes(345));

        Assert.True(ScTimestamp.TryParse(ScTimestamp.Format(time), out var back));
        Assert.Equal(time, back);
        Assert.Equal(time.Offset, back.Offset);
    }
}
