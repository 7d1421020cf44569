namespace Drivers.Em73xx.Protocol.Pdu;

/// <summary>The character set of the user data, from the data coding scheme (TP-DCS, TS 23.038 4).</summary>
internal enum PduAlphabet
{
    /// <summary>The GSM 7-bit default alphabet with its extension table, packed in septets (TS 23.038 6.2.1).</summary>
    Gsm7,

    /// <summary>8-bit data: octets, not text.</summary>
    EightBit,

    /// <summary>UCS-2, big-endian 16-bit code units; surrogate pairs pass through as two units.</summary>
    Ucs2,
}
