using System.Globalization;

namespace Drivers.Em73xx.Protocol.Ussd;

/// <summary>
/// Parses <c>+CUSD: &lt;m&gt;[,&lt;str&gt;[,&lt;dcs&gt;]]</c> (TS 27.007 7.15) and <c>+CSCS: "&lt;chset&gt;"</c> (TS 27.007 5.5). Pure;
/// bad input is refused with a <see cref="UssdParseError"/>, never an exception.
/// </summary>
internal static class CusdParser
{
    /// <summary>The longest <c>&lt;str&gt;</c> taken: 160 octets (TS 24.080) as UCS-2 hex is 320 characters; this leaves room.</summary>
    public const int MaxDataLength = 1024;

    private const string Prefix = "+CUSD:";

    /// <summary>True when <paramref name="line"/> is a <c>+CUSD:</c> line at all, well formed or not.</summary>
    public static bool IsCusd(ReadOnlySpan<char> line) => line.TrimStart(' ').StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Splits a <c>+CUSD:</c> line into its fields.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, out CusdLine cusd, out UssdParseError error)
    {
        cusd = default;
        line = line.Trim(' ');
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = UssdParseError.NotCusd;
            return false;
        }
        var rest = line[Prefix.Length..].TrimStart(' ');
        var comma = rest.IndexOf(',');
        var statusField = (comma < 0 ? rest : rest[..comma]).Trim(' ');
        if (!int.TryParse(statusField, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status > 5)
        {
            error = UssdParseError.InvalidStatus;
            return false;
        }
        if (comma < 0)
        {
            cusd = new CusdLine(status, null, null);
            error = UssdParseError.None;
            return true;
        }
        rest = rest[(comma + 1)..].TrimStart(' ');
        ReadOnlySpan<char> data;
        if (rest.StartsWith('"'))
        {
            // Quotes inside a string are not escaped by every firmware: the string ends at the last quote.
            var close = rest.LastIndexOf('"');
            if (close == 0)
            {
                error = UssdParseError.UnterminatedString;
                return false;
            }
            data = rest[1..close];
            rest = rest[(close + 1)..].TrimStart(' ');
        }
        else
        {
            var end = rest.IndexOf(',');
            data = (end < 0 ? rest : rest[..end]).TrimEnd(' ');
            rest = end < 0 ? [] : rest[end..];
        }
        if (data.Length > MaxDataLength)
        {
            error = UssdParseError.TooLong;
            return false;
        }
        int? dcs = null;
        if (!rest.IsEmpty)
        {
            if (rest[0] != ',')
            {
                error = UssdParseError.TrailingCharacters;
                return false;
            }
            var field = rest[1..].Trim(' ');
            if (field.IsEmpty)
            {
                dcs = null;
            }
            else if (int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 255)
            {
                dcs = value;
            }
            else
            {
                error = field.ContainsAny(',', '"') ? UssdParseError.TrailingCharacters : UssdParseError.InvalidDcs;
                return false;
            }
        }
        cusd = new CusdLine(status, data.ToString(), dcs);
        error = UssdParseError.None;
        return true;
    }

    /// <summary>The character set of a <c>+CSCS: "UCS2"</c> reply; names this driver does not know read as IRA.</summary>
    public static bool TryParseCharset(ReadOnlySpan<char> line, out TeCharset charset)
    {
        charset = TeCharset.Ira;
        line = line.Trim(' ');
        if (!line.StartsWith("+CSCS:", StringComparison.Ordinal))
        {
            return false;
        }
        var name = line["+CSCS:".Length..].Trim(' ').Trim('"');
        charset = name switch
        {
            _ when name.Equals("GSM", StringComparison.OrdinalIgnoreCase) => TeCharset.Gsm,
            _ when name.Equals("UCS2", StringComparison.OrdinalIgnoreCase) => TeCharset.Ucs2,
            _ when name.Equals("HEX", StringComparison.OrdinalIgnoreCase) => TeCharset.Hex,
            _ when name.Equals("8859-1", StringComparison.OrdinalIgnoreCase) => TeCharset.Latin1,
            _ when name.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) => TeCharset.Utf8,
            _ => TeCharset.Ira,
        };
        return true;
    }
}
