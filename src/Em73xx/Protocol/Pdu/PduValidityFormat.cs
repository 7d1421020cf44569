namespace Drivers.Em73xx.Protocol.Pdu;

/// <summary>How an SMS-SUBMIT gives its validity period (TP-VPF, TS 23.040 9.2.3.3).</summary>
internal enum PduValidityFormat
{
    /// <summary>No validity period: the service centre's default.</summary>
    None,

    /// <summary>One octet, relative to submission (TS 23.040 9.2.3.12.1).</summary>
    Relative,

    /// <summary>Seven octets, enhanced format (TS 23.040 9.2.3.12.3).</summary>
    Enhanced,

    /// <summary>Seven octets, an absolute time (TS 23.040 9.2.3.12.2).</summary>
    Absolute,
}
