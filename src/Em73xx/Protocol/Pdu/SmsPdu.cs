namespace Drivers.Em73xx.Protocol.Pdu;

/// <summary>
/// One decoded PDU as the modem lists it in PDU mode (TS 27.005 3.1): the SMSC address, then an SMS-DELIVER,
/// SMS-SUBMIT or SMS-STATUS-REPORT TPDU (TS 23.040 9.2.2). Fields a type does not carry keep their defaults.
/// </summary>
internal sealed record SmsPdu
{
    /// <summary>The service centre's address, or null when the field is empty (<c>00</c>).</summary>
    public PduAddress? ServiceCenter { get; init; }

    /// <summary>Received, sent or a delivery report (TP-MTI).</summary>
    public PduType Type { get; init; }

    /// <summary>The first octet of the TPDU as it came (TP-MTI, TP-UDHI, TP-SRR...).</summary>
    public byte FirstOctet { get; init; }

    /// <summary>TP-MR of an SMS-SUBMIT, or the TP-MR of the submitted message a status report is about.</summary>
    public byte MessageReference { get; init; }

    /// <summary>The sender (TP-OA) of a DELIVER, the destination (TP-DA) of a SUBMIT, the recipient (TP-RA) of a status report.</summary>
    public PduAddress Address { get; init; } = new("", 0x81);

    /// <summary>TP-PID (TS 23.040 9.2.3.9); 0 for ordinary text.</summary>
    public byte ProtocolId { get; init; }

    /// <summary>TP-DCS as it came (TS 23.038 4).</summary>
    public byte DataCodingScheme { get; init; }

    /// <summary>The character set the data coding scheme selects.</summary>
    public PduAlphabet Alphabet { get; init; }

    /// <summary>TP-SCTS of a DELIVER or a status report, with the zone it gave.</summary>
    public DateTimeOffset? ServiceCenterTimestamp { get; init; }

    /// <summary>TP-VP of a SUBMIT.</summary>
    public PduValidity Validity { get; init; }

    /// <summary>
    /// TP-SRR of a SUBMIT (a report is requested), TP-SRI of a DELIVER (the sender will get a report),
    /// TP-SRQ of a status report (it reports on a command, not a submit); bit 5 of the first octet in each.
    /// </summary>
    public bool StatusReportFlag => (FirstOctet & 0x20) != 0;

    /// <summary>TP-UDHI: the user data starts with a header.</summary>
    public bool HasUserDataHeader => (FirstOctet & 0x40) != 0;

    /// <summary>Where this part sits in a concatenated message, or null for a message in one part.</summary>
    public PduConcatenation? Concatenation { get; init; }

    /// <summary>The text of a GSM 7-bit or UCS-2 message (this part only), header removed; empty for 8-bit data.</summary>
    public string Text { get; init; } = "";

    /// <summary>The user data of an 8-bit message, header removed; empty otherwise.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    /// <summary>TP-DT of a status report: when the status was reached.</summary>
    public DateTimeOffset? DischargeTime { get; init; }

    /// <summary>TP-ST of a status report (TS 23.040 9.2.3.15), kept as it came.</summary>
    public byte Status { get; init; }

    /// <summary>
    /// What TP-ST means for the sender: 0x00-0x1F delivered, 0x20-0x3F still trying, 0x40-0x7F failed.
    /// Reserved values (0x80 and up) count as failed: TS 23.040 9.2.3.15 reads them as "service rejected".
    /// </summary>
    public bool Delivered => Type == PduType.StatusReport && Status < 0x20;

    /// <summary>True when the service centre is still trying to deliver (TP-ST 0x20-0x3F).</summary>
    public bool StillTrying => Type == PduType.StatusReport && Status is >= 0x20 and < 0x40;
}
