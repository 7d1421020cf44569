using System.Buffers;
using System.Text;
using Drivers.Em73xx.Protocol.Pdu;

namespace Drivers.Em73xx.Protocol.Ussd;

/// <summary>
/// Turns the <c>&lt;str&gt;</c> of <c>+CUSD</c> into text and text into it (TS 27.007 7.15, TS 23.038 5 and 6), for each
/// <see cref="UssdForm"/>; the GSM 7-bit alphabet and its packing are <see cref="Gsm7"/>'s. Pure.
/// </summary>
internal static class UssdText
{
    private const byte CarriageReturn = 0x0D;

    /// <summary>
    /// Decodes <paramref name="data"/> sent with <paramref name="dcs"/> (null: not given) by a modem whose character set
    /// is <paramref name="charset"/>; the form is recognized with <see cref="Recognize"/>.
    /// </summary>
    public static bool TryDecode(string data, int? dcs, TeCharset charset, out string text, out UssdParseError error)
    {
        var alphabet = UssdDataCoding.Alphabet(dcs ?? UssdDataCoding.Gsm7Unspecified, out var languagePrefix, out var compressed);
        if (compressed)
        {
            text = "";
            error = UssdParseError.CompressedText;
            return false;
        }
        var form = Recognize(data, alphabet, charset);
        if (languagePrefix && form == UssdForm.Ucs2 && data.Length >= 4)
        {
            // TS 23.038 5, coding group 0001 0001: two packed GSM 7-bit characters of language (two octets), then UCS-2.
            data = data[4..];
        }
        if (!TryDecode(data, form, charset, out text, out error))
        {
            return false;
        }
        if (languagePrefix && form != UssdForm.Ucs2 && text.Length >= 3 && text[2] == '\r')
        {
            // TS 23.038 5, coding group 0001 0000: the language (ISO 639, two characters) and a CR come first.
            text = text[3..];
        }
        return true;
    }

    /// <summary>
    /// How <paramref name="data"/> is written. UCS-2 and 8-bit data are hex (TS 27.007 7.15). GSM 7-bit text should be in
    /// the TE character set, but many modems give the packed septets as hex instead; a string is taken for packed hex
    /// when it is hex of whole octets whose spare bits are zero (TS 23.038 6.1.2.3.1) and not all decimal digits, since a
    /// number is more likely plain text. A plain text made only of hex digits (such as "CAFE") can be misread so.
    /// </summary>
    public static UssdForm Recognize(string data, UssdAlphabet alphabet, TeCharset charset) => alphabet switch
    {
        UssdAlphabet.Ucs2 => UssdForm.Ucs2,
        UssdAlphabet.EightBit => UssdForm.EightBit,
        _ when charset == TeCharset.Ucs2 && data.Length % 4 == 0 && IsHex(data) => UssdForm.Charset,
        _ when charset == TeCharset.Hex && IsHex(data) => UssdForm.Charset,
        _ when LooksPacked(data) => UssdForm.PackedGsm7,
        _ => UssdForm.Charset,
    };

    /// <summary>Decodes <paramref name="data"/> written in <paramref name="form"/>; exact, no guessing.</summary>
    public static bool TryDecode(string data, UssdForm form, TeCharset charset, out string text, out UssdParseError error)
    {
        text = "";
        error = UssdParseError.None;
        switch (form)
        {
            case UssdForm.Ucs2:
            case UssdForm.Charset when charset == TeCharset.Ucs2:
                return TryDecodeUcs2(data, out text, out error);
            case UssdForm.EightBit:
                if (!TryHex(data, out _, out error))
                {
                    return false;
                }
                text = data.ToUpperInvariant(); // 8-bit data has no alphabet (TS 23.038 5): shown as the hex it came as
                return true;
            case UssdForm.PackedGsm7:
                return TryUnpack(data, out text, out error);
            case UssdForm.Charset when charset == TeCharset.Hex:
                if (!TryHex(data, out var values, out error))
                {
                    return false;
                }
                text = FromSeptets(values);
                return true;
            case UssdForm.Charset when charset == TeCharset.Gsm:
                // Every byte is a septet value, read as one Latin-1 char by the channel.
                var septets = new byte[data.Length];
                for (var i = 0; i < data.Length; i++)
                {
                    septets[i] = (byte)(data[i] & 0x7F);
                }
                text = FromSeptets(septets);
                return true;
            case UssdForm.Charset when charset == TeCharset.Utf8:
                text = Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(data));
                return true;
            default:
                text = data; // IRA and 8859-1: one byte, one character, as the channel reads them
                return true;
        }
    }

    /// <summary>Writes <paramref name="text"/> in <paramref name="form"/>; text not in the GSM alphabet cannot be packed.</summary>
    /// <exception cref="ArgumentException">The text has characters <paramref name="form"/> cannot carry.</exception>
    public static string Encode(string text, UssdForm form, TeCharset charset)
    {
        switch (form)
        {
            case UssdForm.Ucs2:
            case UssdForm.Charset when charset == TeCharset.Ucs2:
                var hex = new StringBuilder(text.Length * 4);
                foreach (var c in text)
                {
                    hex.Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                }
                return hex.ToString();
            case UssdForm.EightBit:
                return Convert.ToHexString(Encoding.Latin1.GetBytes(text));
            case UssdForm.PackedGsm7:
                return Pack(text);
            case UssdForm.Charset when charset == TeCharset.Hex:
                return Convert.ToHexString(ToSeptets(text));
            case UssdForm.Charset when charset == TeCharset.Gsm:
                return Encoding.Latin1.GetString(ToSeptets(text));
            case UssdForm.Charset when charset == TeCharset.Utf8:
                return Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));
            default:
                return text;
        }
    }

    /// <summary>Packs the septets of <paramref name="text"/> (TS 23.038 6.1.2.3) as hex, with the CR padding of 6.1.2.3.1.</summary>
    public static string Pack(string text)
    {
        var septets = new List<byte>(ToSeptets(text));
        // TS 23.038 6.1.2.3.1: seven spare bits would read as '@', so a CR fills them; a wanted CR that ends on an octet
        // boundary gets a second one, so that it is not taken for that padding.
        if (septets.Count % 8 == 7 || (septets.Count % 8 == 0 && septets.Count > 0 && septets[^1] == CarriageReturn))
        {
            septets.Add(CarriageReturn);
        }
        var packed = new byte[Gsm7.PackedLength(septets.Count)];
        for (var i = 0; i < septets.Count; i++)
        {
            Gsm7.SetSeptet(packed, i, septets[i]);
        }
        return Convert.ToHexString(packed);
    }

    /// <summary>Unpacks hex of packed septets; a CR filling the last seven bits is padding (TS 23.038 6.1.2.3.1), not text.</summary>
    public static bool TryUnpack(string data, out string text, out UssdParseError error)
    {
        text = "";
        if (!TryHex(data, out var packed, out error))
        {
            return false;
        }
        var count = packed.Length * 8 / 7;
        if (count > 0 && packed.Length * 8 % 7 == 0 && Gsm7.GetSeptet(packed, count - 1) == CarriageReturn)
        {
            count--;
        }
        var chars = new char[count];
        text = new string(chars, 0, Gsm7.Decode(packed, 0, count, chars));
        return true;
    }

    private static bool LooksPacked(string data)
    {
        if (data.Length < 2 || data.Length % 2 != 0 || !IsHex(data) || !data.AsSpan().ContainsAnyExcept(Decimal))
        {
            return false;
        }
        // The bits after the last whole septet are padding, zero (TS 23.038 6.1.2.3).
        var octets = data.Length / 2;
        var spare = octets * 8 % 7;
        var last = Convert.ToByte(data[^2..], 16);
        return spare == 0 || last >> (8 - spare) == 0;
    }

    private static readonly SearchValues<char> Decimal = SearchValues.Create("0123456789");
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789ABCDEFabcdef");

    private static bool IsHex(string data) => !data.AsSpan().ContainsAnyExcept(HexDigits);

    private static bool TryHex(string data, out byte[] octets, out UssdParseError error)
    {
        octets = [];
        if (data.Length % 2 != 0 || !IsHex(data))
        {
            error = UssdParseError.InvalidHex;
            return false;
        }
        octets = Convert.FromHexString(data);
        error = UssdParseError.None;
        return true;
    }

    private static bool TryDecodeUcs2(string data, out string text, out UssdParseError error)
    {
        text = "";
        if (!TryHex(data, out var octets, out error))
        {
            return false;
        }
        if (octets.Length % 2 != 0)
        {
            error = UssdParseError.OddUcs2Length;
            return false;
        }
        // Code unit by code unit, so that nothing is replaced: a surrogate pair passes through as two units.
        var chars = new char[octets.Length / 2];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)((octets[2 * i] << 8) | octets[(2 * i) + 1]);
        }
        text = new string(chars);
        return true;
    }

    private static byte[] ToSeptets(string text)
    {
        if (!Gsm7.CanEncode(text))
        {
            throw new ArgumentException("The text has characters outside the GSM 7-bit alphabet.", nameof(text));
        }
        var septets = new byte[text.Sum(Gsm7.SeptetCount)];
        Gsm7.ToSeptets(text, septets);
        return septets;
    }

    private static string FromSeptets(ReadOnlySpan<byte> septets)
    {
        var text = new StringBuilder(septets.Length);
        for (var i = 0; i < septets.Length; i++)
        {
            var septet = (byte)(septets[i] & 0x7F);
            text.Append(septet == Gsm7.Escape && i + 1 < septets.Length ? Gsm7.ToExtensionChar((byte)(septets[++i] & 0x7F)) : Gsm7.ToChar(septet));
        }
        return text.ToString();
    }
}
