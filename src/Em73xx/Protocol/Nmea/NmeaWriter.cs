using System.Globalization;
using Drivers.Em73xx.Gps;

namespace Drivers.Em73xx.Protocol.Nmea;

/// <summary>
/// Writes a fix as NMEA 0183 sentences (ZDA, GGA, RMC, GSA, then GSV), as gpsd and any NMEA client read them. Pure.
/// </summary>
/// <remarks>
/// The sentence rules (NMEA 0183 v2.3, as documented in gpsd's "NMEA 0183 Revealed"): <c>$</c>, talker <c>GP</c> and
/// type, comma-separated fields (an unknown value is an empty field), <c>*</c>, the XOR of every character between
/// <c>$</c> and <c>*</c> as two upper-case hex digits, CR LF; at most 82 characters in all. Positions are degrees and
/// minutes (<c>ddmm.mmmmm</c>, <c>dddmm.mmmmm</c>) with the hemisphere as a letter, never a sign.
/// </remarks>
internal static class NmeaWriter
{
    /// <summary>The longest sentence NMEA 0183 allows, <c>$</c> to LF.</summary>
    public const int MaxSentenceLength = 82;

    // Minutes are written to 5 decimals (about 2 cm); positions are rounded once, in these units, so 59.999999' carries
    // into the next degree instead of printing as 60.00000'.
    private const long UnitsPerMinute = 100_000;
    private const long UnitsPerDegree = 60 * UnitsPerMinute;

    /// <summary>
    /// ZDA (when the fix has a time), GGA, RMC, GSA and as many GSV sentences as the satellites need (four each), each
    /// ending in CR LF.
    /// </summary>
    /// <remarks>
    /// The order is for gpsd (3.22, driver_nmea0183.c and gpsd_json(5)). It takes a GGA's time of day only once a ZDA or an
    /// RMC has given it a year (processGGA), and until it has seen a whole cycle it reports after every sentence: a GGA
    /// first gave its first position no time, an RMC first a position with no altitude. ZDA first gives the date alone
    /// (no position), so every position, from the GGA on, has its time and altitude.
    /// </remarks>
    public static IReadOnlyList<string> Sentences(GpsFix fix)
    {
        var sentences = new List<string>();
        if (fix.TimeUtc is not null)
        {
            sentences.Add(Zda(fix));
        }
        sentences.AddRange([Gga(fix), Rmc(fix), Gsa(fix)]);
        sentences.AddRange(Gsv(fix));
        return sentences;
    }

    /// <summary>Time and date: UTC time, day, month, four-digit year, and a local zone of 00:00 (the modem reports UTC).</summary>
    public static string Zda(GpsFix fix)
    {
        var time = fix.TimeUtc?.UtcDateTime;
        return Sentence(
            "GPZDA",
            Time(fix.TimeUtc),
            time?.ToString("dd", CultureInfo.InvariantCulture) ?? "",
            time?.ToString("MM", CultureInfo.InvariantCulture) ?? "",
            time?.ToString("yyyy", CultureInfo.InvariantCulture) ?? "",
            "00", "00");
    }

    /// <summary>Fix data: time, position, quality, satellites used, HDOP, altitude above mean sea level.</summary>
    public static string Gga(GpsFix fix) => Sentence(
        "GPGGA",
        Time(fix.TimeUtc),
        Latitude(fix.Latitude), LatitudeHemisphere(fix.Latitude),
        Longitude(fix.Longitude), LongitudeHemisphere(fix.Longitude),
        HasPosition(fix) ? "1" : "0", // a GPS fix, or none when the position is not a place on Earth
        Math.Min(Used(fix).Count(), 99).ToString("00", CultureInfo.InvariantCulture),
        Number(fix.Hdop, 0, 99.9),
        Number(fix.AltitudeMeters, -10_000, 100_000), "M",
        "", "M", // the geoid separation is not reported by the modem
        "", ""); // no differential correction

    /// <summary>Recommended minimum: time, status, position, speed and track (unknown: empty), date, mode.</summary>
    public static string Rmc(GpsFix fix) => Sentence(
        "GPRMC",
        Time(fix.TimeUtc),
        Valid(fix) ? "A" : "V",
        Latitude(fix.Latitude), LatitudeHemisphere(fix.Latitude),
        Longitude(fix.Longitude), LongitudeHemisphere(fix.Longitude),
        "", "", // speed over ground and track are not reported by the modem
        fix.TimeUtc is DateTimeOffset time ? time.UtcDateTime.ToString("ddMMyy", CultureInfo.InvariantCulture) : "",
        "", "", // magnetic variation
        Valid(fix) ? "A" : "N"); // v2.3 mode: autonomous, or not valid

    /// <summary>DOP and active satellites: automatic mode, a 3D fix when there is an altitude, up to 12 PRNs.</summary>
    public static string Gsa(GpsFix fix)
    {
        var fields = new List<string> { "GPGSA", "A", !HasPosition(fix) ? "1" : fix.AltitudeMeters is null ? "2" : "3" };
        var prns = Used(fix).Take(12).Select(s => s.Prn.ToString("00", CultureInfo.InvariantCulture)).ToList();
        fields.AddRange(prns);
        fields.AddRange(Enumerable.Repeat("", 12 - prns.Count));
        fields.Add(Number(fix.Pdop, 0, 99.9));
        fields.Add(Number(fix.Hdop, 0, 99.9));
        fields.Add(Number(fix.Vdop, 0, 99.9));
        return Sentence([.. fields]);
    }

    /// <summary>Satellites in view, four to a sentence: PRN, elevation, azimuth, signal (dB-Hz).</summary>
    public static IEnumerable<string> Gsv(GpsFix fix)
    {
        // GSV numbers its sentences with one digit: nine of four satellites at most.
        var satellites = InView(fix).Take(36).ToList();
        var count = Math.Max(1, (satellites.Count + 3) / 4);
        for (var i = 0; i < count; i++)
        {
            var fields = new List<string>
            {
                "GPGSV",
                count.ToString(CultureInfo.InvariantCulture),
                (i + 1).ToString(CultureInfo.InvariantCulture),
                satellites.Count.ToString("00", CultureInfo.InvariantCulture),
            };
            foreach (var satellite in satellites.Skip(i * 4).Take(4))
            {
                fields.Add(satellite.Prn.ToString("00", CultureInfo.InvariantCulture));
                fields.Add(Whole(satellite.ElevationDegrees, 0, 90, "00"));
                fields.Add(Azimuth(satellite.AzimuthDegrees));
                fields.Add(Whole(satellite.SignalDbHz, 0, 99, "00"));
            }
            yield return Sentence([.. fields]);
        }
    }

    /// <summary>The XOR of the characters between <c>$</c> and <c>*</c>.</summary>
    public static byte Checksum(ReadOnlySpan<char> body)
    {
        byte sum = 0;
        foreach (var c in body)
        {
            sum ^= (byte)c;
        }
        return sum;
    }

    // NMEA numbers satellites 1 to 99 in two digits (GPS 1-32, SBAS 33-64); others would break the sentence's shape.
    private static IEnumerable<GpsSatellite> InView(GpsFix fix) => fix.Satellites.Where(s => s.Prn is >= 1 and <= 99);

    private static IEnumerable<GpsSatellite> Used(GpsFix fix) => InView(fix).Where(s => s.Used);

    private static bool HasPosition(GpsFix fix) =>
        double.IsFinite(fix.Latitude) && Math.Abs(fix.Latitude) <= 90 && double.IsFinite(fix.Longitude) && Math.Abs(fix.Longitude) <= 180;

    private static bool Valid(GpsFix fix) => HasPosition(fix) && fix.TimeUtc is not null;

    private static string Sentence(params string[] fields)
    {
        var body = string.Join(',', fields);
        return string.Create(CultureInfo.InvariantCulture, $"${body}*{Checksum(body):X2}\r\n");
    }

    private static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("HHmmss.ff", CultureInfo.InvariantCulture) ?? "";

    private static string Latitude(double degrees) => Math.Abs(degrees) <= 90 ? DegreesMinutes(degrees, "00") : "";

    private static string Longitude(double degrees) => Math.Abs(degrees) <= 180 ? DegreesMinutes(degrees, "000") : "";

    private static string LatitudeHemisphere(double degrees) => Math.Abs(degrees) <= 90 ? degrees < 0 ? "S" : "N" : "";

    private static string LongitudeHemisphere(double degrees) => Math.Abs(degrees) <= 180 ? degrees < 0 ? "W" : "E" : "";

    private static string DegreesMinutes(double degrees, string degreeFormat)
    {
        var units = (long)Math.Round(Math.Abs(degrees) * UnitsPerDegree, MidpointRounding.AwayFromZero);
        var whole = units / UnitsPerDegree;
        var minutes = units % UnitsPerDegree;
        return string.Create(CultureInfo.InvariantCulture,
            $"{whole.ToString(degreeFormat, CultureInfo.InvariantCulture)}{minutes / UnitsPerMinute:00}.{minutes % UnitsPerMinute:00000}");
    }

    // One decimal; a value outside what a receiver can report is unknown rather than a field that breaks the length.
    // Rounded first, so that -0.04 is written 0.0 rather than -0.0.
    private static string Number(double? value, double min, double max) =>
        value is double v && v >= min && v <= max ? (Math.Round(v, 1) + 0.0).ToString("0.0", CultureInfo.InvariantCulture) : "";

    // Whole degrees from north, 000 to 359: 359.6 rounds to 360, which is 000.
    private static string Azimuth(double degrees) =>
        double.IsFinite(degrees) && Math.Abs(degrees) < 1e9
            ? ((((int)Math.Round(degrees) % 360) + 360) % 360).ToString("000", CultureInfo.InvariantCulture)
            : "";

    private static string Whole(double value, int min, int max, string format) =>
        double.IsFinite(value) ? Math.Clamp((int)Math.Round(value), min, max).ToString(format, CultureInfo.InvariantCulture) : "";
}
