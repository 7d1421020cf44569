namespace Drivers.Em73xx.Protocol.Ussd;

/// <summary>How a USSD string is written on the AT port.</summary>
internal enum UssdForm
{
    /// <summary>
    /// GSM 7-bit text converted to the TE character set, as TS 27.007 7.15 asks: plain text for IRA, 8859-1 and UTF-8, one
    /// septet value per byte for GSM, UCS-2 hex for UCS2, septet values as hex for HEX.
    /// </summary>
    Charset,

    /// <summary>The packed septets (TS 23.038 6.1.2.3) as hex, as many modems give GSM 7-bit USSD whatever <c>AT+CSCS</c> says.</summary>
    PackedGsm7,

    /// <summary>UCS-2 as hex, four hex digits per UTF-16 code unit (TS 27.007 7.15, for a UCS-2 data coding scheme).</summary>
    Ucs2,

    /// <summary>8-bit data as hex, two hex digits per octet.</summary>
    EightBit,
}
