using Drivers.Em73xx.Protocol;
using Drivers.Em73xx.Simulation;

namespace Drivers.Em73xx.Tests.Protocol;

public sealed class XlcslsrParserTests
{
    // A real EM7345 report (py-em73xx test data, Brno, 2016-10-21 21:33 UTC).
    private static readonly string Real = SimulatedModemOptions.SampleFixes[0];

    [Fact]
    public void A_real_report_gives_position_time_and_satellites()
    {
        Assert.True(XlcslsrParser.TryParse(Real, out var fix));

        Assert.Equal(2, fix.RequestId);
        Assert.Equal(49.195407, fix.Latitude, 6);
        Assert.Equal(16.606729, fix.Longitude, 6);
        Assert.Equal(231.177947, fix.AltitudeMeters!.Value, 6);
        Assert.Equal(new DateTimeOffset(2016, 10, 21, 21, 33, 31, TimeSpan.Zero), fix.TimeUtc);
        Assert.Equal(67, fix.ConfidencePercent);
        Assert.Equal(3.50, fix.Pdop);
        Assert.Equal(2.25, fix.Hdop);
        Assert.Equal(2.50, fix.Vdop);
        Assert.Equal(1919, fix.GpsWeek);
        Assert.Equal(509628.47, fix.GpsTimeOfWeekSeconds);
        Assert.Equal(6, fix.Satellites.Count);
        Assert.Equal(new Drivers.Em73xx.Gps.GpsSatellite(13, 81.04, 285.14, 32.00, true), fix.Satellites[0]);
        Assert.Equal(9, fix.Satellites[^1].Prn);
    }

    [Fact]
    public void South_and_west_are_negative()
    {
        Assert.True(XlcslsrParser.TryParse("+XLCSLSR: 7, 33.8688 S, 151.2093 W, 12.5", out var fix));

        Assert.Equal(-33.8688, fix.Latitude);
        Assert.Equal(-151.2093, fix.Longitude);
        Assert.Equal(12.5, fix.AltitudeMeters);
        Assert.Null(fix.TimeUtc);
        Assert.Empty(fix.Satellites);
    }

    [Theory]
    [InlineData("+XLCSLSR: request id 2")]
    [InlineData("+XLCSLSR: 2, 49.1 X, 16.6 E")]
    [InlineData("+XLCSLSR: 2, 91.0 N, 16.6 E")]
    [InlineData("+XLCSLSR: 2, 49.1 N")]
    [InlineData("+XLCSLSR: , 49.1 N, 16.6 E")]
    [InlineData("+CMTI: \"SM\",3")]
    [InlineData("")]
    public void Lines_without_a_valid_position_are_not_fixes(string line) => Assert.False(XlcslsrParser.TryParse(line, out _));

    [Fact]
    public void A_report_cut_inside_the_satellites_keeps_the_whole_blocks()
    {
        var cut = Real[..Real.IndexOf("28 ,", StringComparison.Ordinal)];

        Assert.True(XlcslsrParser.TryParse(cut, out var fix));
        Assert.Equal([13, 10], fix.Satellites.Select(s => s.Prn));
    }

    [Fact]
    public void The_request_acknowledgement_gives_its_id()
    {
        Assert.True(XlcslsrParser.TryParseRequestId("+XLCSLSR: request id 12", out var id));
        Assert.Equal(12, id);
    }
}
