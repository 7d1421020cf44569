namespace Drivers.Em73xx.Protocol.Pdu;

/// <summary>The TPDU type (TP-MTI, TS 23.040 9.2.3.1) as the modem stores it: received, sent, or a delivery report.</summary>
internal enum PduType
{
    /// <summary>TP-MTI 00: a message from the service centre (SMS-DELIVER).</summary>
    Deliver,

    /// <summary>TP-MTI 01: a message to send or sent (SMS-SUBMIT).</summary>
    Submit,

    /// <summary>TP-MTI 10: the service centre's report on a sent message (SMS-STATUS-REPORT).</summary>
    StatusReport,
}
