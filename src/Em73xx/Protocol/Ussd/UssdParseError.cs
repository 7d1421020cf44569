namespace Drivers.Em73xx.Protocol.Ussd;

/// <summary>Why a <c>+CUSD</c> line (TS 27.007 7.15) or its string did not decode.</summary>
internal enum UssdParseError
{
    /// <summary>It decoded.</summary>
    None,

    /// <summary>The line is not a <c>+CUSD:</c> result code.</summary>
    NotCusd,

    /// <summary>No <c>&lt;m&gt;</c>, or one that is not a number from 0 to 5.</summary>
    InvalidStatus,

    /// <summary>A quoted <c>&lt;str&gt;</c> with no closing quote.</summary>
    UnterminatedString,

    /// <summary>A <c>&lt;dcs&gt;</c> that is not a number from 0 to 255.</summary>
    InvalidDcs,

    /// <summary>Characters after the last field.</summary>
    TrailingCharacters,

    /// <summary>Longer than any USSD string (TS 24.080 allows 160 octets; the limit here leaves room for every representation).</summary>
    TooLong,

    /// <summary>Hex was needed (UCS-2, 8-bit data, packed septets): a character that is not a hex digit, or an odd count.</summary>
    InvalidHex,

    /// <summary>UCS-2 text with an odd number of octets.</summary>
    OddUcs2Length,

    /// <summary>Text compressed with the TS 23.042 algorithm, which is not supported (TS 23.038 5).</summary>
    CompressedText,
}
