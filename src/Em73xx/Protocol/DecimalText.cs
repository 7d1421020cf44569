using System.Globalization;

namespace Drivers.Em73xx.Protocol;

/// <summary>Fast parsing of the plain decimals the modem prints (<c>-0.66</c>, <c>49.195407</c>). Pure, no allocation.</summary>
internal static class DecimalText
{
    private static readonly double[] PowersOfTen =
        [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18];

    /// <summary>
    /// Parses <c>[-+]digits[.digits]</c>. With at most 15 significant digits the value is one exact integer divided by
    /// an exact power of ten, so it is the correctly rounded double, as <see cref="double.Parse(string)"/> gives;
    /// anything longer goes to <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider?, out double)"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (text.Length > 0 && text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            i = 1;
        }
        long mantissa = 0;
        var digits = 0;
        var fraction = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.' && fraction < 0)
            {
                fraction = 0;
                continue;
            }
            if (c is < '0' or > '9')
            {
                return false;
            }
            if (++digits > 15)
            {
                return double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
            }
            mantissa = (mantissa * 10) + (c - '0');
            if (fraction >= 0)
            {
                fraction++;
            }
        }
        if (digits == 0)
        {
            return false;
        }
        value = fraction > 0 ? mantissa / PowersOfTen[fraction] : mantissa;
        value = negative ? -value : value;
        return true;
    }
}
