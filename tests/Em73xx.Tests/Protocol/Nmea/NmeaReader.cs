using System.Globalization;

namespace Drivers.Em73xx.Tests.Protocol.Nmea;

/// <summary>
/// An NMEA 0183 reader written from the sentence rules alone (not from the writer), so the writer's output can be
/// checked against what a reader of the standard would understand.
/// </summary>
internal static class NmeaReader
{
    /// <summary>The fields of a well-formed sentence (talker and type first), or null when its frame or checksum is wrong.</summary>
    public static string[]? Fields(string sentence)
    {
        if (sentence.Length > 82 || !sentence.StartsWith('$') || !sentence.EndsWith("\r\n", StringComparison.Ordinal))
        {
            return null;
        }
        var star = sentence.LastIndexOf('*');
        if (star < 0 || star != sentence.Length - 5 || sentence.Any(c => c is < ' ' or > '~' && c is not '\r' and not '\n'))
        {
            return null;
        }
        var sum = 0;
        for (var i = 1; i < star; i++)
        {
            sum ^= sentence[i];
        }
        return int.Parse(sentence.AsSpan(star + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) == sum
            ? sentence[1..star].Split(',')
            : null;
    }

    /// <summary>Degrees from <c>(d)ddmm.mmmm</c> and a hemisphere letter; southern and western are negative.</summary>
    public static double Degrees(string value, string hemisphere)
    {
        var point = value.IndexOf('.', StringComparison.Ordinal);
        var degrees = int.Parse(value.AsSpan(0, point - 2), CultureInfo.InvariantCulture);
        var minutes = double.Parse(value.AsSpan(point - 2), CultureInfo.InvariantCulture);
        Assert.InRange(minutes, 0, 59.999999);
        var result = degrees + (minutes / 60);
        return hemisphere is "S" or "W" ? -result : result;
    }
}
