using System.Globalization;
using Drivers.Em73xx.Gps;

namespace Drivers.Em73xx.Tests.Protocol.Nmea;

/// <summary>Odd fixes at the edges of what NMEA 0183 v2.3 allows; they are also printed, so they can be fed to gpsd's gpsdecode.</summary>
public sealed class NmeaEdgeTests
{
    private static readonly DateTimeOffset LastHundredthOf1999 = new(1999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero);

    private static string[] Fields(string sentence) => sentence[1..sentence.IndexOf('*', StringComparison.Ordinal)].Split(',');

    // The fields of the first sentence of that type (GPGGA, GPRMC...) the fix is written as.
    private static string[] Fields(GpsFix fix, string type) => Fields(fix.ToNmea().First(s => s.StartsWith($"${type},", StringComparison.Ordinal)));

    private static GpsFix Odd(double altitude = 100, double azimuth = 10, int satellites = 4, double latitude = 50.1, double? hdop = 1.2) => new()
    {
        Latitude = latitude,
        Longitude = 14.4,
        AltitudeMeters = altitude,
        Hdop = hdop,
        TimeUtc = LastHundredthOf1999.ToOffset(TimeSpan.FromHours(2)), // 01:59:59.999+02:00 local is 23:59:59.999 UTC
        Satellites = [.. Enumerable.Range(1, satellites).Select(prn => new GpsSatellite(prn, 45, azimuth, 40, prn <= 12))],
    };

    [Fact]
    public void Every_odd_fix_is_printed_for_gpsdecode_and_stays_within_82_characters_of_ascii()
    {
        GpsFix[] fixes =
        [
            Odd(altitude: -0.04), Odd(azimuth: 359.6), Odd(satellites: 40), Odd(latitude: -1e-9), Odd(hdop: -0.0),
            Odd(altitude: -9_999.96, satellites: 99, latitude: -89.99999999),
        ];
        foreach (var sentence in fixes.SelectMany(f => f.ToNmea()))
        {
            TestContext.Current.TestOutputHelper?.WriteLine(sentence.TrimEnd());
            Assert.InRange(sentence.Length, 1, 82);
            Assert.All(sentence, c => Assert.InRange(c, '\0', '\x7f'));
        }
    }

    [Fact]
    public void Time_and_date_of_the_last_hundredth_of_a_day_in_another_offset_are_the_same_utc_day()
    {
        var fields = Fields(Odd(), "GPRMC");
        Assert.Equal(("235959.99", "311299"), (fields[1], fields[9]));
        Assert.Equal(["235959.99", "31", "12", "1999", "00", "00"], Fields(Odd(), "GPZDA")[1..]);
    }

    [Fact]
    public void An_altitude_that_rounds_to_zero_is_written_without_a_minus_sign()
    {
        Assert.Equal("0.0", Fields(Odd(altitude: -0.04), "GPGGA")[9]);
    }

    [Fact]
    public void An_hdop_of_negative_zero_is_written_without_a_minus_sign()
    {
        Assert.Equal("0.0", Fields(Odd(hdop: -0.0), "GPGGA")[8]);
    }

    [Fact]
    public void An_azimuth_that_rounds_to_360_is_written_as_000()
    {
        Assert.Equal("000", Fields(Odd(azimuth: 359.6), "GPGSV")[6]);
    }

    [Fact]
    public void Gsv_says_at_most_9_sentences_as_its_one_digit_field_allows()
    {
        var gsv = Odd(satellites: 40).ToNmea().Where(s => s.StartsWith("$GPGSV", StringComparison.Ordinal)).Select(Fields).ToArray();
        Assert.All(gsv, f => Assert.InRange(int.Parse(f[1], CultureInfo.InvariantCulture), 1, 9));
    }
}
