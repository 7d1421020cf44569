namespace Drivers.Em73xx.Sms;

/// <summary>
/// What the service center says about a sent message (TP-Status, TS 23.040 9.2.3.15). A value this enum does not name
/// (reserved or specific to a service center) is kept as its number; <see cref="DeliveryReport.Outcome"/> still says
/// whether it means delivered, still trying or failed.
/// </summary>
public enum DeliveryStatus
{
    /// <summary>0x00: the recipient received the message.</summary>
    Delivered = 0x00,

    /// <summary>0x01: forwarded to the recipient, but the service center cannot confirm delivery.</summary>
    ForwardedUnconfirmed = 0x01,

    /// <summary>0x02: replaced by the service center.</summary>
    Replaced = 0x02,

    /// <summary>0x20: temporary error, still trying: congestion.</summary>
    Congestion = 0x20,

    /// <summary>0x21: temporary error, still trying: the recipient is busy.</summary>
    RecipientBusy = 0x21,

    /// <summary>0x22: temporary error, still trying: no response from the recipient (often switched off or out of coverage).</summary>
    NoResponse = 0x22,

    /// <summary>0x23: temporary error, still trying: service rejected.</summary>
    ServiceRejected = 0x23,

    /// <summary>0x24: temporary error, still trying: quality of service not available.</summary>
    QualityOfServiceUnavailable = 0x24,

    /// <summary>0x25: temporary error, still trying: error in the recipient's equipment.</summary>
    RecipientError = 0x25,

    /// <summary>0x40: permanent error: remote procedure error.</summary>
    RemoteProcedureError = 0x40,

    /// <summary>0x41: permanent error: incompatible destination.</summary>
    IncompatibleDestination = 0x41,

    /// <summary>0x42: permanent error: connection rejected by the recipient.</summary>
    ConnectionRejected = 0x42,

    /// <summary>0x43: permanent error: not obtainable.</summary>
    NotObtainable = 0x43,

    /// <summary>0x44: permanent error: quality of service not available.</summary>
    QualityOfServiceUnavailablePermanently = 0x44,

    /// <summary>0x45: permanent error: no interworking available.</summary>
    NoInterworking = 0x45,

    /// <summary>0x46: permanent error: the validity period expired before delivery.</summary>
    ValidityPeriodExpired = 0x46,

    /// <summary>0x47: permanent error: deleted by the sender.</summary>
    DeletedBySender = 0x47,

    /// <summary>0x48: permanent error: deleted by the service center's administration.</summary>
    DeletedByServiceCenter = 0x48,

    /// <summary>0x49: permanent error: the message does not exist.</summary>
    MessageDoesNotExist = 0x49,

    /// <summary>0x60: temporary error, no longer trying: congestion.</summary>
    GaveUpCongestion = 0x60,

    /// <summary>0x61: temporary error, no longer trying: the recipient is busy.</summary>
    GaveUpRecipientBusy = 0x61,

    /// <summary>0x62: temporary error, no longer trying: no response from the recipient.</summary>
    GaveUpNoResponse = 0x62,

    /// <summary>0x63: temporary error, no longer trying: service rejected.</summary>
    GaveUpServiceRejected = 0x63,

    /// <summary>0x64: temporary error, no longer trying: quality of service not available.</summary>
    GaveUpQualityOfServiceUnavailable = 0x64,

    /// <summary>0x65: temporary error, no longer trying: error in the recipient's equipment.</summary>
    GaveUpRecipientError = 0x65,
}
