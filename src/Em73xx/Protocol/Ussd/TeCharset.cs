namespace Drivers.Em73xx.Protocol.Ussd;

/// <summary>The TE character set the modem converts GSM 7-bit text to and from (<c>AT+CSCS</c>, TS 27.007 5.5).</summary>
internal enum TeCharset
{
    /// <summary>International reference alphabet (ITU-T T.50), i.e. ASCII; also what is assumed when the modem does not say.</summary>
    Ira,

    /// <summary>The GSM 7-bit default alphabet itself, one septet value per byte (TS 23.038).</summary>
    Gsm,

    /// <summary>UCS-2 as hex, four hex digits per character (<c>"004100620063"</c> is "abc").</summary>
    Ucs2,

    /// <summary>Hex of the septet values, two hex digits each, without conversion.</summary>
    Hex,

    /// <summary>ISO 8859-1.</summary>
    Latin1,

    /// <summary>UTF-8.</summary>
    Utf8,
}
