namespace Drivers.Em73xx.Protocol.Ussd;

/// <summary>The alphabet a CBS data coding scheme names (TS 23.038 5), as a USSD string uses it (TS 23.038 5, TS 27.007 7.15).</summary>
internal enum UssdAlphabet
{
    /// <summary>The GSM 7-bit default alphabet, which the modem converts to its character set (<c>AT+CSCS</c>).</summary>
    Gsm7,

    /// <summary>8-bit data, given as hex.</summary>
    EightBit,

    /// <summary>UCS-2, given as hex.</summary>
    Ucs2,
}
