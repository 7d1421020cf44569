namespace Drivers.Em73xx.Protocol.Pdu;

/// <summary>The GSM 7-bit default alphabet and its extension table (TS 23.038 6.2.1), and septet packing (TS 23.038 6.1.2.1). Pure.</summary>
internal static class Gsm7
{
    /// <summary>The escape to the extension table (TS 23.038 6.2.1.1).</summary>
    public const byte Escape = 0x1B;

    private const byte NotEncodable = 0xFF;
    private const byte ExtensionFlag = 0x80;

    // TS 23.038 6.2.1, by septet value; 0x1B (the escape) is a placeholder never emitted.
    private const string DefaultTable =
        "@£$¥èéùìòÇ\nØø\rÅå" +
        "Δ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ" +
        " !\"#¤%&'()*+,-./" +
        "0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNO" +
        "PQRSTUVWXYZÄÖÑÜ§" +
        "¿abcdefghijklmno" +
        "pqrstuvwxyzäöñüà";

    // TS 23.038 6.2.1.1: the characters of the extension table, reached by ESC then the septet.
    private static ReadOnlySpan<byte> ExtensionSeptets => [0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65];
    private const string ExtensionChars = "\f^{}\\[~]|€";

    // Char to septet for U+0000-U+03FF (the default table reaches into Greek): the septet, or ExtensionFlag | the
    // septet after ESC, or NotEncodable. The euro sign, the only character above, is handled on its own.
    private static readonly byte[] FromChar = BuildFromChar();

    /// <summary>The default-table character of a septet (0x1B, the escape, reads as a space as TS 23.038 6.2.1 allows).</summary>
    public static char ToChar(byte septet) => septet == Escape ? ' ' : DefaultTable[septet & 0x7F];

    /// <summary>
    /// The character of an escaped septet. A septet the extension table does not name reads as the default table's
    /// character, as TS 23.038 6.2.1.1 asks of a receiver.
    /// </summary>
    public static char ToExtensionChar(byte septet)
    {
        var i = ExtensionSeptets.IndexOf(septet);
        return i >= 0 ? ExtensionChars[i] : ToChar(septet);
    }

    /// <summary>How many septets a character takes: 1 (default table), 2 (ESC and the extension table) or 0 (not in either).</summary>
    public static int SeptetCount(char c)
    {
        var code = Lookup(c);
        return code == NotEncodable ? 0 : (code & ExtensionFlag) != 0 ? 2 : 1;
    }

    /// <summary>True when every character is in the default alphabet or its extension table.</summary>
    public static bool CanEncode(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (Lookup(c) == NotEncodable)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Writes the septets of the characters (the caller checked <see cref="CanEncode"/>); returns how many.</summary>
    public static int ToSeptets(ReadOnlySpan<char> text, Span<byte> septets)
    {
        var n = 0;
        foreach (var c in text)
        {
            var code = Lookup(c);
            if ((code & ExtensionFlag) != 0)
            {
                septets[n++] = Escape;
            }
            septets[n++] = (byte)(code & 0x7F);
        }
        return n;
    }

    /// <summary>Octets needed for <paramref name="septets"/> packed septets.</summary>
    public static int PackedLength(int septets) => ((septets * 7) + 7) / 8;

    /// <summary>The septet at <paramref name="index"/> of packed user data; bits past the end read as 0.</summary>
    public static byte GetSeptet(ReadOnlySpan<byte> packed, int index)
    {
        var bit = index * 7;
        var octet = bit >> 3;
        var shift = bit & 7;
        var low = octet < packed.Length ? packed[octet] : 0;
        var high = octet + 1 < packed.Length ? packed[octet + 1] : 0;
        return (byte)((((high << 8) | low) >> shift) & 0x7F);
    }

    /// <summary>ORs a septet in at <paramref name="index"/>; the destination starts zeroed and is long enough.</summary>
    public static void SetSeptet(Span<byte> packed, int index, byte septet)
    {
        var bit = index * 7;
        var octet = bit >> 3;
        var shift = bit & 7;
        packed[octet] |= (byte)(septet << shift);
        if (shift > 1)
        {
            packed[octet + 1] |= (byte)(septet >> (8 - shift));
        }
    }

    /// <summary>
    /// Decodes <paramref name="count"/> septets from septet <paramref name="first"/> on into characters; returns how many
    /// characters (never more than <paramref name="count"/>). An escape as the last septet reads as a space.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> packed, int first, int count, Span<char> destination)
    {
        var n = 0;
        var end = first + count;
        for (var i = first; i < end; i++)
        {
            var septet = GetSeptet(packed, i);
            if (septet == Escape && i + 1 < end)
            {
                destination[n++] = ToExtensionChar(GetSeptet(packed, ++i));
            }
            else
            {
                destination[n++] = ToChar(septet);
            }
        }
        return n;
    }

    private static byte Lookup(char c) => c < 0x400 ? FromChar[c] : c == '€' ? (byte)(ExtensionFlag | 0x65) : NotEncodable;

    private static byte[] BuildFromChar()
    {
        var map = new byte[0x400];
        map.AsSpan().Fill(NotEncodable);
        for (var septet = 0; septet < DefaultTable.Length; septet++)
        {
            if (septet != Escape)
            {
                map[DefaultTable[septet]] = (byte)septet;
            }
        }
        for (var i = 0; i < ExtensionChars.Length; i++)
        {
            if (ExtensionChars[i] < 0x400)
            {
                map[ExtensionChars[i]] = (byte)(ExtensionFlag | ExtensionSeptets[i]);
            }
        }
        return map;
    }
}
