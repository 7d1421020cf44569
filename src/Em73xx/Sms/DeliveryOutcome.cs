namespace Drivers.Em73xx.Sms;

/// <summary>Where a sent message stands, as the three ranges of TP-Status say (TS 23.040 9.2.3.15).</summary>
public enum DeliveryOutcome
{
    /// <summary>Transaction completed (0x00-0x1F): the message reached the recipient.</summary>
    Delivered,

    /// <summary>Temporary error, the service center is still trying (0x20-0x3F): another report follows.</summary>
    StillTrying,

    /// <summary>
    /// Permanent error (0x40-0x5F), or temporary error with the service center no longer trying (0x60-0x7F): the message
    /// will not be delivered. Reserved values (0x80 and above) count as failed too.
    /// </summary>
    Failed,
}
