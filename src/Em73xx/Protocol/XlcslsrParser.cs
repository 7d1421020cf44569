using Drivers.Em73xx.Gps;

namespace Drivers.Em73xx.Protocol;

/// <summary>
/// Parses the Intel position report <c>+XLCSLSR: &lt;id&gt;, &lt;lat&gt; N, &lt;lon&gt; E, &lt;alt&gt;, ...</c>. Pure; allocates only the result.
/// </summary>
/// <remarks>
/// Field map from three real EM7345 samples (the py-em73xx test data, 2016; Intel publishes no format): 0 request id,
/// 1/2 latitude/longitude with hemisphere, 3 altitude, 4 horizontal uncertainty, 7 vertical uncertainty,
/// 8 confidence, 9/10 UTC date and time, 19 GPS time of week, 22-24 PDOP/HDOP/VDOP, 31 GPS week,
/// 64 satellite count N, then N blocks of 8: elevation, azimuth, C/N0, flag, 3 empty, PRN.
/// </remarks>
internal static class XlcslsrParser
{
    private const string Prefix = "+XLCSLSR:";
    private const int SatelliteCountField = 64;
    private const int SatelliteBlock = 8;
    private const int MaxSatellites = 64;

    /// <summary>Parses the request acknowledgement <c>+XLCSLSR: request id 2</c>.</summary>
    public static bool TryParseRequestId(ReadOnlySpan<char> line, out int requestId)
    {
        requestId = 0;
        return AtFields.TryStripPrefix(line.Trim(' '), Prefix, out var rest)
            && AtFields.TryStripPrefix(rest, "request id", out var id)
            && AtFields.TryParseInt(id, out requestId);
    }

    /// <summary>Parses a position report; false when it is not one or lacks a valid position.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, out GpsFix fix)
    {
        fix = null!;
        if (!AtFields.TryStripPrefix(line.Trim(' '), Prefix, out var rest))
        {
            return false;
        }
        var reader = new FieldReader(rest);
        if (!reader.Next(out var field) || !AtFields.TryParseInt(field, out var requestId)
            || !reader.Next(out field) || !TryParseCoordinate(field, 'N', 'S', 90, out var latitude)
            || !reader.Next(out field) || !TryParseCoordinate(field, 'E', 'W', 180, out var longitude))
        {
            return false;
        }
        double? altitude = null, horizontal = null, vertical = null, pdop = null, hdop = null, vdop = null, tow = null;
        int? confidence = null, week = null;
        ReadOnlySpan<char> date = default;
        DateTimeOffset? time = null;
        GpsSatellite[]? satellites = null;
        var index = 3;
        for (; reader.Next(out field); index++)
        {
            switch (index)
            {
                case 3: altitude = Number(field); break;
                case 4: horizontal = Number(field); break;
                case 7: vertical = Number(field); break;
                case 8: confidence = Integer(field); break;
                case 9: date = field; break;
                case 10: time = UtcTime(date, field); break;
                case 19: tow = Number(field); break;
                case 22: pdop = Number(field); break;
                case 23: hdop = Number(field); break;
                case 24: vdop = Number(field); break;
                case 31: week = Integer(field); break;
                case SatelliteCountField:
                    satellites = ReadSatellites(ref reader, Integer(field) ?? 0);
                    break;
                default: break;
            }
            if (index == SatelliteCountField)
            {
                break;
            }
        }
        fix = new GpsFix
        {
            RequestId = requestId,
            Latitude = latitude,
            Longitude = longitude,
            AltitudeMeters = altitude,
            TimeUtc = time,
            HorizontalUncertaintyMeters = horizontal,
            VerticalUncertaintyMeters = vertical,
            ConfidencePercent = confidence,
            Pdop = pdop,
            Hdop = hdop,
            Vdop = vdop,
            GpsWeek = week,
            GpsTimeOfWeekSeconds = tow,
            Satellites = satellites ?? [],
        };
        return true;
    }

    private static GpsSatellite[] ReadSatellites(ref FieldReader reader, int count)
    {
        if (count <= 0)
        {
            return [];
        }
        var satellites = new GpsSatellite[Math.Min(count, MaxSatellites)];
        var found = 0;
        Span<double> numbers = stackalloc double[3];
        while (found < satellites.Length)
        {
            var ok = true;
            var used = false;
            var prn = 0;
            for (var k = 0; k < SatelliteBlock; k++)
            {
                if (!reader.Next(out var field))
                {
                    return found == satellites.Length ? satellites : satellites[..found];
                }
                if (k < 3)
                {
                    var value = Number(field);
                    ok &= value.HasValue;
                    numbers[k] = value ?? 0;
                }
                else if (k == 3)
                {
                    used = field.Trim(' ').SequenceEqual("1");
                }
                else if (k == 7)
                {
                    var parsed = Integer(field);
                    ok &= parsed.HasValue;
                    prn = parsed ?? 0;
                }
            }
            if (ok)
            {
                satellites[found++] = new GpsSatellite(prn, numbers[0], numbers[1], numbers[2], used);
            }
            else
            {
                // A damaged block is dropped, not guessed; the array shrinks at the end.
                satellites = satellites[..^1];
            }
        }
        return satellites;
    }

    private static bool TryParseCoordinate(ReadOnlySpan<char> field, char positive, char negative, double limit, out double degrees)
    {
        degrees = 0;
        field = field.Trim(' ');
        if (field.Length < 2)
        {
            return false;
        }
        var hemisphere = field[^1];
        if ((hemisphere != positive && hemisphere != negative)
            || field[0] is '-' or '+'
            || !DecimalText.TryParse(field[..^1].TrimEnd(' '), out degrees)
            || degrees > limit)
        {
            return false;
        }
        degrees = hemisphere == negative ? -degrees : degrees;
        return true;
    }

    private static double? Number(ReadOnlySpan<char> field) =>
        DecimalText.TryParse(field.Trim(' '), out var value) && double.IsFinite(value) ? value : null;

    private static int? Integer(ReadOnlySpan<char> field) => AtFields.TryParseInt(field, out var value) ? value : null;

    // yyyy/MM/dd and HH:mm:ss, both UTC (verified against the GPS time of week in every sample).
    private static DateTimeOffset? UtcTime(ReadOnlySpan<char> date, ReadOnlySpan<char> time)
    {
        date = date.Trim(' ');
        time = time.Trim(' ');
        if (date.Length != 10 || date[4] != '/' || date[7] != '/' || time.Length != 8 || time[2] != ':' || time[5] != ':'
            || !AtFields.TryParseInt(date[..4], out var year) || !AtFields.TryParseInt(date[5..7], out var month)
            || !AtFields.TryParseInt(date[8..], out var day) || !AtFields.TryParseInt(time[..2], out var hour)
            || !AtFields.TryParseInt(time[3..5], out var minute) || !AtFields.TryParseInt(time[6..], out var second))
        {
            return null;
        }
        if (year is < 1980 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }
        return new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
    }

    /// <summary>Walks comma-separated fields without allocating.</summary>
    private ref struct FieldReader(ReadOnlySpan<char> text)
    {
        private ReadOnlySpan<char> _rest = text;
        private bool _done;

        public bool Next(out ReadOnlySpan<char> field)
        {
            if (_done)
            {
                field = default;
                return false;
            }
            var comma = _rest.IndexOf(',');
            if (comma < 0)
            {
                field = _rest;
                _done = true;
                return true;
            }
            field = _rest[..comma];
            _rest = _rest[(comma + 1)..];
            return true;
        }
    }
}
