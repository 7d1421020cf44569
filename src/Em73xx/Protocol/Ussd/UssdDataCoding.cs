namespace Drivers.Em73xx.Protocol.Ussd;

/// <summary>The CBS data coding scheme of TS 23.038 5, which USSD strings use (TS 23.038 5, TS 27.007 7.15). Pure.</summary>
internal static class UssdDataCoding
{
    /// <summary>GSM 7-bit default alphabet, language unspecified (TS 23.038 5: 0000 1111), what a request is sent with.</summary>
    public const int Gsm7Unspecified = 0x0F;

    /// <summary>General data coding, UCS-2, uncompressed, no class (TS 23.038 5: 0100 1000).</summary>
    public const int Ucs2 = 0x48;

    /// <summary>
    /// The alphabet of <paramref name="dcs"/>, whether the text starts with a language indication (coding group 0001),
    /// and whether it is compressed. Reserved values read as the GSM 7-bit default alphabet, as TS 23.038 5 asks of a receiver.
    /// </summary>
    public static UssdAlphabet Alphabet(int dcs, out bool languagePrefix, out bool compressed)
    {
        languagePrefix = false;
        compressed = false;
        var group = dcs >> 4;
        switch (group)
        {
            case 0x1:
                // 0001 0000: GSM 7-bit preceded by a language; 0001 0001: UCS-2 preceded by a language; others reserved.
                languagePrefix = (dcs & 0x0F) <= 1;
                return (dcs & 0x0F) == 1 ? UssdAlphabet.Ucs2 : UssdAlphabet.Gsm7;
            case >= 0x4 and <= 0x7:
                // 01xx: general data coding; bit 5 says compressed, bits 3-2 the alphabet (11 reserved).
                compressed = (dcs & 0x20) != 0;
                return ByAlphabetBits(dcs);
            case 0x9:
                // 1001: message with user data header; in USSD there is none to strip, the alphabet is as in 01xx.
                return ByAlphabetBits(dcs);
            case 0xF:
                // 1111: data coding / message handling; bit 2 is 8-bit data.
                return (dcs & 0x04) != 0 ? UssdAlphabet.EightBit : UssdAlphabet.Gsm7;
            default:
                // 0000, 0010, 0011: languages in the GSM 7-bit default alphabet; 1000, 1010-1110 reserved.
                return UssdAlphabet.Gsm7;
        }
    }

    private static UssdAlphabet ByAlphabetBits(int dcs) => ((dcs >> 2) & 0x3) switch
    {
        1 => UssdAlphabet.EightBit,
        2 => UssdAlphabet.Ucs2,
        _ => UssdAlphabet.Gsm7,
    };
}
