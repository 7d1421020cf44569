namespace Drivers.Em73xx.Protocol.Pdu;

/// <summary>One SMS-SUBMIT ready for <c>AT+CMGS=&lt;length&gt;</c> then the hex and Ctrl-Z (TS 27.005 3.5.1).</summary>
/// <param name="Hex">The PDU in upper-case hex, starting with the empty SMSC field <c>00</c> so the modem uses its stored SMSC.</param>
/// <param name="TpduLength">The TPDU length in octets, the SMSC field excluded: the <c>&lt;length&gt;</c> of <c>AT+CMGS</c>.</param>
internal readonly record struct EncodedPdu(string Hex, int TpduLength);
