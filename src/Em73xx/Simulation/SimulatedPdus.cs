using Drivers.Em73xx.Protocol.Pdu;

namespace Drivers.Em73xx.Simulation;

/// <summary>
/// What the simulated SIM stores in PDU mode (TS 27.005 3.1): an SMSC address then a TS 23.040 TPDU, in hex.
/// SMS-DELIVERs are made from the driver's own SMS-SUBMIT encoder, so both sides split texts the same way.
/// </summary>
internal static class SimulatedPdus
{
    // TS 24.011 8.2.5.1: 7 octets, international (0x91), +420603052000 in swapped semi-octets.
    public const string ServiceCenter = "07912460302500F0";

    /// <summary>The SMS-DELIVER PDUs (SMSC field included) of a received message, one per part.</summary>
    public static IReadOnlyList<string> Deliver(string sender, string text, DateTimeOffset timestamp, byte reference)
    {
        var numeric = IsNumber(sender);
        // Encode towards a placeholder when the sender is a name; the address is replaced below.
        var submits = PduEncoder.Encode(numeric ? sender : "0", text, reference);
        var result = new string[submits.Count];
        for (var i = 0; i < submits.Count; i++)
        {
            var submit = Convert.FromHexString(submits[i].Hex);
            // SUBMIT: 00, first octet, TP-MR, TP-DA (length, type, semi-octets), TP-PID, TP-DCS, TP-UDL, TP-UD.
            var daLength = 2 + ((submit[3] + 1) / 2);
            var afterAddress = 3 + daLength;
            var deliver = new List<byte>(submit.Length + 16);
            deliver.AddRange(Convert.FromHexString(ServiceCenter));
            // TS 23.040 9.2.2.1: TP-MTI 00, TP-MMS set (no more messages waiting), TP-UDHI kept.
            deliver.Add((byte)(0x04 | (submit[1] & 0x40)));
            deliver.AddRange(numeric ? submit.AsSpan(3, daLength) : AlphanumericAddress(sender));
            deliver.Add(submit[afterAddress]); // TP-PID
            deliver.Add(submit[afterAddress + 1]); // TP-DCS
            deliver.AddRange(Timestamp(timestamp));
            deliver.AddRange(submit.AsSpan(afterAddress + 2)); // TP-UDL and TP-UD
            result[i] = Convert.ToHexString([.. deliver]);
        }
        return result;
    }

    /// <summary>The SMS-SUBMIT PDUs of a stored outgoing message (no SMSC: <c>00</c>).</summary>
    public static IReadOnlyList<string> Submit(string destination, string text, byte reference) =>
        [.. PduEncoder.Encode(IsNumber(destination) ? destination : "0", text, reference).Select(p => p.Hex)];

    /// <summary>
    /// The SMS-STATUS-REPORT PDU (SMSC field included, TS 23.040 9.2.2.3) on the part <paramref name="submitHex"/> sent as
    /// <paramref name="reference"/>: TP-RA is its TP-DA; submitted and discharged at the times given.
    /// </summary>
    public static string StatusReport(string submitHex, int reference, DateTimeOffset submitted, DateTimeOffset discharged, byte status)
    {
        var submit = Convert.FromHexString(submitHex);
        var smsc = 1 + submit[0];
        // SUBMIT after the SMSC field: first octet, TP-MR, TP-DA (length in digits, type, semi-octets).
        var address = submit.AsSpan(smsc + 2, 2 + ((submit[smsc + 2] + 1) / 2));
        var report = new List<byte>(48);
        report.AddRange(Convert.FromHexString(ServiceCenter));
        report.Add(0x06); // TP-MTI 10, TP-MMS set (no more messages waiting), TP-SRQ clear (it reports on a SUBMIT)
        report.Add((byte)reference);
        report.AddRange(address);
        report.AddRange(Timestamp(submitted));
        report.AddRange(Timestamp(discharged));
        report.Add(status);
        return Convert.ToHexString([.. report]);
    }

    /// <summary>The TPDU length of a PDU: its octets less the SMSC field, as <c>+CMGL</c> announces it.</summary>
    public static int TpduLength(string hex) => PduDecoder.TryGetTpduLength(hex, out var length) ? length : hex.Length / 2;

    private static bool IsNumber(string address)
    {
        var digits = address.AsSpan(address.StartsWith('+') ? 1 : 0);
        return digits.Length is > 0 and <= 20 && !digits.ContainsAnyExceptInRange('0', '9');
    }

    // TS 23.040 9.1.2.5: type 0xD0 (alphanumeric), length in semi-octets, the name GSM 7-bit packed.
    private static byte[] AlphanumericAddress(string name)
    {
        Span<byte> septets = stackalloc byte[22];
        var count = Gsm7.CanEncode(name) && name.Length <= 11 ? Gsm7.ToSeptets(name, septets) : Gsm7.ToSeptets("Sender", septets);
        var packed = new byte[Gsm7.PackedLength(count)];
        for (var i = 0; i < count; i++)
        {
            Gsm7.SetSeptet(packed, i, septets[i]);
        }
        return [(byte)(((count * 7) + 3) / 4), 0xD0, .. packed];
    }

    // TS 23.040 9.2.3.11: each field two swapped semi-octets; the zone in quarter hours, bit 3 its sign.
    private static byte[] Timestamp(DateTimeOffset t)
    {
        var quarters = (int)Math.Round(Math.Abs(t.Offset.TotalMinutes) / 15);
        var zone = Swapped(quarters);
        if (t.Offset < TimeSpan.Zero)
        {
            zone |= 0x08;
        }
        return [Swapped(t.Year % 100), Swapped(t.Month), Swapped(t.Day), Swapped(t.Hour), Swapped(t.Minute), Swapped(t.Second), zone];
    }

    private static byte Swapped(int value) => (byte)(((value % 10) << 4) | (value / 10));
}
