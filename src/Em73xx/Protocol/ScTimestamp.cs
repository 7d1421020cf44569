using System.Globalization;

namespace Drivers.Em73xx.Protocol;

/// <summary>The service center time stamp of TS 27.005 text mode: <c>yy/MM/dd,hh:mm:ss±zz</c>, zone in quarter hours. Pure.</summary>
internal static class ScTimestamp
{
    /// <summary>Parses an SCTS, quoted or not, keeping its zone (<c>+08</c> is UTC+02:00, <c>+09</c> UTC+02:15).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset timestamp)
    {
        timestamp = default;
        text = AtFields.Unquote(text);
        // yy/MM/dd,hh:mm:ss then a sign and one to three digits.
        if (text.Length < 19 || text[2] != '/' || text[5] != '/' || text[8] != ',' || text[11] != ':' || text[14] != ':')
        {
            return false;
        }
        if (!Two(text[0..2], out var yy) || !Two(text[3..5], out var month) || !Two(text[6..8], out var day)
            || !Two(text[9..11], out var hour) || !Two(text[12..14], out var minute) || !Two(text[15..17], out var second))
        {
            return false;
        }
        var sign = text[17];
        if ((sign != '+' && sign != '-') || !AtFields.TryParseInt(text[18..], out var quarters) || text.Length > 21)
        {
            return false;
        }
        // TS 27.005 3.1: zz is quarter hours; DateTimeOffset allows at most 14 hours.
        if (quarters > 56 || month is < 1 or > 12 || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        // TS 23.040 9.2.3.11 gives two year digits; read them as 19xx from 90 on, the way phones do.
        var year = yy >= 90 ? 1900 + yy : 2000 + yy;
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        var offset = TimeSpan.FromMinutes((sign == '-' ? -quarters : quarters) * 15);
        timestamp = new DateTimeOffset(year, month, day, hour, minute, second, offset);
        return true;
    }

    /// <summary>Formats a time as an SCTS without quotes; the offset is rounded to quarter hours.</summary>
    public static string Format(DateTimeOffset timestamp)
    {
        var quarters = (int)Math.Round(timestamp.Offset.TotalMinutes / 15);
        return string.Create(CultureInfo.InvariantCulture,
            $"{timestamp:yy/MM/dd,HH:mm:ss}{(quarters < 0 ? '-' : '+')}{Math.Abs(quarters):00}");
    }

    private static bool Two(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        if (!char.IsAsciiDigit(digits[0]) || !char.IsAsciiDigit(digits[1]))
        {
            return false;
        }
        value = ((digits[0] - '0') * 10) + (digits[1] - '0');
        return true;
    }
}
