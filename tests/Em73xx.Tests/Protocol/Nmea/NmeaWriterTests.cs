using System.Globalization;
using Drivers.Em73xx.Gps;
using Drivers.Em73xx.Protocol.Nmea;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Drivers.Em73xx.Tests.Protocol.Nmea;

public sealed class NmeaWriterTests
{
    private static readonly GpsFix Prague = new()
    {
        Latitude = 50.0874654,
        Longitude = 14.4212535,
        AltitudeMeters = 245.3,
        TimeUtc = new DateTimeOffset(2026, 11, 30, 14, 5, 9, 250, TimeSpan.Zero),
        Hdop = 0.9,
        Pdop = 1.6,
        Vdop = 1.3,
        Satellites =
        [
            new(3, 45, 120, 38, true), new(7, 12.4, 300.6, 22, true), new(11, 80, 15, 44, true),
            new(19, 5, 200, 0, false), new(28, 33, 75, 31, true),
        ],
    };

    // Published sentences (Dale DePriest, "NMEA data", gpsinformation.org), whose checksums any writer must reproduce.
    [Theory]
    [InlineData("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,", 0x47)]
    [InlineData("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W", 0x6A)]
    [InlineData("GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1", 0x39)]
    [InlineData("GPGSV,2,1,08,01,40,083,46,02,17,308,41,12,07,344,39,14,22,228,45", 0x75)]
    public void The_checksum_matches_published_sentences(string body, int checksum) =>
        Assert.Equal(checksum, NmeaWriter.Checksum(body));

    [Fact]
    public void A_fix_in_Prague_is_written_as_gpsd_reads_it()
    {
        var sentences = Prague.ToNmea();

        // 50.0874654 deg = 50 deg 5.247924' N; 14.4212535 deg = 14 deg 25.27521' E. Checksums computed apart from the writer.
        // ZDA first: gpsd takes a GGA's time of day only once it has the date.
        Assert.Equal("$GPZDA,140509.25,30,11,2026,00,00*6D\r\n", sentences[0]);
        Assert.Equal("$GPGGA,140509.25,5005.24792,N,01425.27521,E,1,04,0.9,245.3,M,,M,,*7A\r\n", sentences[1]);
        Assert.Equal("$GPRMC,140509.25,A,5005.24792,N,01425.27521,E,,,301126,,,A*5C\r\n", sentences[2]);
        Assert.Equal("$GPGSA,A,3,03,07,11,28,,,,,,,,,1.6,0.9,1.3*30\r\n", sentences[3]);
        Assert.Equal("$GPGSV,2,1,05,03,45,120,38,07,12,301,22,11,80,015,44,19,05,200,00*70\r\n", sentences[4]);
        Assert.Equal("$GPGSV,2,2,05,28,33,075,31*46\r\n", sentences[5]);
        Assert.Equal(6, sentences.Count);
    }

    [Fact]
    public void South_west_positions_take_letters_not_signs()
    {
        var fields = NmeaReader.Fields(NmeaWriter.Gga(new GpsFix { Latitude = -33.8567844, Longitude = -151.2152967, TimeUtc = Prague.TimeUtc }))!;

        Assert.Equal(["3351.40706", "S", "15112.91780", "W"], fields[2..6]);
    }

    [Fact]
    public void Minutes_that_round_up_to_sixty_carry_into_the_degree()
    {
        var fields = NmeaReader.Fields(NmeaWriter.Gga(new GpsFix { Latitude = 49.9999999999, Longitude = -0.0000000001 }))!;

        Assert.Equal(["5000.00000", "N", "00000.00000", "W"], fields[2..6]);
    }

    [Fact]
    public void A_fix_without_time_or_with_an_impossible_position_is_written_as_not_valid()
    {
        var noTime = NmeaReader.Fields(NmeaWriter.Rmc(new GpsFix { Latitude = 1, Longitude = 1 }))!;
        var nowhere = NmeaReader.Fields(NmeaWriter.Gga(new GpsFix { Latitude = double.NaN, Longitude = 400, TimeUtc = Prague.TimeUtc }))!;

        Assert.Equal(("", "V", "N"), (noTime[1], noTime[2], noTime[^1]));
        Assert.Equal(("", "", "", "", "0"), (nowhere[2], nowhere[3], nowhere[4], nowhere[5], nowhere[6]));
    }

    [Fact]
    public void Hostile_values_never_break_the_sentence_shape()
    {
        var fix = new GpsFix
        {
            Latitude = 1e300,
            Longitude = double.NegativeInfinity,
            AltitudeMeters = 1e12,
            Hdop = -5,
            Pdop = double.NaN,
            Vdop = 1e9,
            Satellites = [.. Enumerable.Range(-50, 200).Select(prn => new GpsSatellite(prn * 1_000_003, double.NaN, -1e9, 1e9, true))],
        };

        Assert.All(fix.ToNmea(), s => Assert.NotNull(NmeaReader.Fields(s)));
    }

    public static Arbitrary<GpsFix> Fixes() =>
        (from lat in Gen.Choose(-90_000_000, 90_000_000)
         from lon in Gen.Choose(-180_000_000, 180_000_000)
         from alt in Gen.Choose(-500_000, 9_000_000)
         from seconds in Gen.Choose(0, 2_000_000_000)
         from hundredths in Gen.Choose(0, 99)
         from satellites in Gen.Zip(Gen.Zip(Gen.Choose(1, 99), Gen.Choose(0, 90)), Gen.Zip(Gen.Choose(0, 359), Gen.Choose(0, 60))).ListOf()
         from used in Gen.Elements(true, false)
         select new GpsFix
         {
             Latitude = lat / 1e6,
             Longitude = lon / 1e6,
             AltitudeMeters = alt / 100.0,
             TimeUtc = DateTimeOffset.FromUnixTimeSeconds(seconds).AddMilliseconds(hundredths * 10),
             Hdop = 1.2,
             Satellites = [.. satellites.Select(s => new GpsSatellite(s.Item1.Item1, s.Item1.Item2, s.Item2.Item1, s.Item2.Item2, used))],
         }).ToArbitrary();

    [Property(Arbitrary = [typeof(NmeaWriterTests)], MaxTest = 500)]
    public void Any_fix_reads_back_from_its_sentences_as_the_same_place_time_and_altitude(GpsFix fix)
    {
        var sentences = fix.ToNmea();
        var parsed = sentences.Select(NmeaReader.Fields).ToArray();
        Assert.All(parsed, Assert.NotNull);
        var zda = parsed[0]!;
        var gga = parsed[1]!;
        var rmc = parsed[2]!;

        // Five decimals of a minute: within 1e-5 / 60 of a degree, half of that from rounding.
        Assert.InRange(NmeaReader.Degrees(gga[2], gga[3]) - fix.Latitude, -1e-7, 1e-7);
        Assert.InRange(NmeaReader.Degrees(gga[4], gga[5]) - fix.Longitude, -1e-7, 1e-7);
        Assert.InRange(double.Parse(gga[9], CultureInfo.InvariantCulture) - fix.AltitudeMeters!.Value, -0.0500001, 0.0500001);
        var time = DateTime.ParseExact(rmc[9] + rmc[1], "ddMMyyHHmmss.ff", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var written = fix.TimeUtc!.Value.UtcDateTime;
        Assert.Equal((written.Year % 100, written.Month, written.Day, written.TimeOfDay), (time.Year % 100, time.Month, time.Day, time.TimeOfDay));
        Assert.Equal(written.ToString("HHmmss.ff dd MM yyyy", CultureInfo.InvariantCulture), string.Join(' ', zda[1..5]));
        var gsv = parsed.Where(p => p![0] == "GPGSV").ToArray();
        var listed = Math.Min(fix.Satellites.Count, 36); // nine GSV sentences of four at most
        Assert.Equal(Math.Max(1, (listed + 3) / 4), gsv.Length);
        Assert.All(gsv, g => Assert.Equal(listed, int.Parse(g![3], CultureInfo.InvariantCulture)));
    }
}
