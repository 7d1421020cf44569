namespace Drivers.Em73xx.Protocol.Pdu;

/// <summary>Why a PDU (TS 27.005 3.1 PDU mode: SMSC address then a TS 23.040 TPDU, in hex) did not decode.</summary>
internal enum PduError
{
    /// <summary>It decoded.</summary>
    None,

    /// <summary>No characters at all.</summary>
    Empty,

    /// <summary>An odd number of hex characters: the last octet is cut in half.</summary>
    OddLength,

    /// <summary>A character that is not a hex digit.</summary>
    InvalidHexDigit,

    /// <summary>More octets than any SMSC address and TPDU together can hold.</summary>
    TooLong,

    /// <summary>A length or a mandatory field points past the end of the octets.</summary>
    Truncated,

    /// <summary>The TPDU length the modem announced (<c>+CMGL: ...,&lt;length&gt;</c>) is not the length of the hex that came with it.</summary>
    LengthMismatch,

    /// <summary>TP-MTI 11, reserved (TS 23.040 9.2.3.1).</summary>
    ReservedMessageType,

    /// <summary>An address with more than 20 digits, a reserved type of number (111) or a non-digit semi-octet (TS 23.040 9.1.2.5).</summary>
    InvalidAddress,

    /// <summary>A time stamp with a semi-octet above 9, a date or time out of range, or a zone beyond 14 hours (TS 23.040 9.2.3.11).</summary>
    InvalidTimestamp,

    /// <summary>Text compressed with the TS 23.042 algorithm, which is not supported (TS 23.038 4).</summary>
    CompressedText,

    /// <summary>TP-UDL above 160 septets or 140 octets (TS 23.040 9.2.3.16).</summary>
    UserDataTooLong,

    /// <summary>TP-UDL needs more octets of user data than there are.</summary>
    UserDataTruncated,

    /// <summary>An information element runs past the end of the user data header (TS 23.040 9.2.3.24).</summary>
    UserDataHeaderTruncated,

    /// <summary>The user data header (TP-UDHI set) is longer than the user data, or the user data is empty.</summary>
    UserDataHeaderLongerThanUserData,

    /// <summary>UCS-2 text with an odd number of octets.</summary>
    OddUcs2Length,

    /// <summary>Octets left over after the user data.</summary>
    TrailingOctets,

    /// <summary>A PDU of another type than the code announced (an SMS-DELIVER after <c>+CDS</c>, TS 27.005 3.4.1).</summary>
    UnexpectedType,
}
