using System.Runtime.CompilerServices;

namespace Drivers.Em73xx.Protocol.Pdu;

/// <summary>
/// Encodes a text as SMS-SUBMIT PDUs (TS 23.040 9.2.2.2) for <c>AT+CMGS</c> in PDU mode (TS 27.005 3.5.1): GSM 7-bit
/// when every character is in the default alphabet or its extension table, UCS-2 otherwise, in as few parts as
/// possible. Pure; allocates only the result.
/// </summary>
// Every stackalloc'd buffer is written before it is read (the encoder clears its own), so skip the zeroing.
[SkipLocalsInit]
internal static class PduEncoder
{
    /// <summary>Septets in a message of one part (TS 23.040 9.2.3.16: 140 octets).</summary>
    public const int SingleSeptets = 160;

    /// <summary>Septets in each part of a concatenated message: 140 octets less a 6-octet header and 1 fill bit.</summary>
    public const int PartSeptets = 153;

    /// <summary>UCS-2 code units in a message of one part.</summary>
    public const int SingleUcs2 = 70;

    /// <summary>UCS-2 code units in each part of a concatenated message: (140 - 6) / 2.</summary>
    public const int PartUcs2 = 67;

    /// <summary>The most parts a concatenated message can have: its total is one octet.</summary>
    public const int MaxParts = 255;

    private const int MaxDigits = 20;

    // SMSC (1) + first octet, TP-MR, TP-DA (2 + 10), TP-PID, TP-DCS, TP-VP (1), TP-UDL, TP-UD (140).
    private const int MaxOctets = 1 + 1 + 1 + 12 + 1 + 1 + 1 + 1 + 140;

    /// <summary>
    /// The PDUs of a message to <paramref name="destination"/>: one when the text fits, otherwise parts carrying a
    /// concatenation header (information element 0x00, 8-bit reference, TS 23.040 9.2.3.24.1) with
    /// <paramref name="reference"/>. An escape pair and a surrogate pair are never split between parts.
    /// </summary>
    /// <param name="destination"><c>+</c> and the international number, or a number without it; 1 to 20 digits.</param>
    /// <param name="text">The text; may be empty.</param>
    /// <param name="reference">The concatenation reference the caller chose for this message.</param>
    /// <param name="requestStatusReport">Sets TP-SRR: the service centre reports delivery.</param>
    /// <param name="validity">A relative validity period (TP-VP), rounded up to the next the octet can say; null for the service centre's default.</param>
    /// <exception cref="ArgumentException">The destination is not a number, or the text needs more than 255 parts.</exception>
    public static IReadOnlyList<EncodedPdu> Encode(string destination, string text, byte reference, bool requestStatusReport = false, TimeSpan? validity = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(text);
        var international = destination.StartsWith('+');
        var digits = destination.AsSpan(international ? 1 : 0);
        if (digits.Length is 0 or > MaxDigits || digits.ContainsAnyExceptInRange('0', '9'))
        {
            throw new ArgumentException($"The destination '{destination}' is not a number of 1 to {MaxDigits} digits, optionally after '+'.", nameof(destination));
        }
        var vp = validity is { } period ? PduValidity.ToRelativeOctet(period) : (byte)0;

        var gsm7 = Gsm7.CanEncode(text);
        Span<int> starts = stackalloc int[MaxParts + 1];
        var parts = Split(text, gsm7, starts);
        if (parts > MaxParts)
        {
            throw new ArgumentException($"The text needs more than {MaxParts} parts.", nameof(text));
        }

        var result = new EncodedPdu[parts];
        Span<byte> pdu = stackalloc byte[MaxOctets];
        for (var part = 0; part < parts; part++)
        {
            pdu.Clear();
            var body = text.AsSpan(starts[part], starts[part + 1] - starts[part]);
            var length = Write(pdu, international, digits, gsm7, body, parts > 1 ? reference : null, parts, part + 1, requestStatusReport, validity.HasValue ? vp : null);
            result[part] = new EncodedPdu(Convert.ToHexString(pdu[..length]), length - 1);
        }
        return result;
    }

    /// <summary>How many parts <see cref="Encode"/> makes of a text (above 255 when it cannot be sent).</summary>
    public static int CountParts(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<int> starts = stackalloc int[MaxParts + 1];
        return Split(text, Gsm7.CanEncode(text), starts);
    }

    // Greedy, which is minimal: each part takes as many whole characters (escape pairs, surrogate pairs) as fit.
    // starts receives each part's first index and, after the last part, text.Length, while there is room.
    private static int Split(ReadOnlySpan<char> text, bool gsm7, Span<int> starts)
    {
        var total = 0;
        for (var i = 0; i < text.Length;)
        {
            i += Width(text, i, gsm7, out var cost);
            total += cost;
        }
        starts[0] = 0;
        if (total <= (gsm7 ? SingleSeptets : SingleUcs2))
        {
            starts[1] = text.Length;
            return 1;
        }
        var limit = gsm7 ? PartSeptets : PartUcs2;
        var parts = 1;
        var used = 0;
        for (var i = 0; i < text.Length;)
        {
            var width = Width(text, i, gsm7, out var cost);
            if (used + cost > limit)
            {
                if (parts < starts.Length)
                {
                    starts[parts] = i;
                }
                parts++;
                used = 0;
            }
            used += cost;
            i += width;
        }
        if (parts < starts.Length)
        {
            starts[parts] = text.Length;
        }
        return parts;
    }

    // The characters the unit at i spans (2 for a surrogate pair in UCS-2) and its cost in septets or code units.
    private static int Width(ReadOnlySpan<char> text, int i, bool gsm7, out int cost)
    {
        if (gsm7)
        {
            cost = Gsm7.SeptetCount(text[i]);
            return 1;
        }
        var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
        cost = pair ? 2 : 1;
        return cost;
    }

    private static int Write(Span<byte> pdu, bool international, ReadOnlySpan<char> digits, bool gsm7, ReadOnlySpan<char> body,
        byte? reference, int total, int sequence, bool requestStatusReport, byte? vp)
    {
        var n = 0;
        pdu[n++] = 0x00; // no SMSC: the modem uses the one it has stored (AT+CSCA).
        // TS 23.040 9.2.2.2: TP-MTI 01, TP-VPF 10 (relative) at bits 4-3, TP-SRR bit 5, TP-UDHI bit 6.
        pdu[n++] = (byte)(0x01 | (vp.HasValue ? 0x10 : 0) | (requestStatusReport ? 0x20 : 0) | (reference.HasValue ? 0x40 : 0));
        pdu[n++] = 0x00; // TP-MR: the modem assigns it.
        pdu[n++] = (byte)digits.Length;
        pdu[n++] = international ? (byte)0x91 : (byte)0x81; // TS 23.040 9.1.2.5: international or unknown type, ISDN plan.
        for (var i = 0; i < digits.Length; i += 2)
        {
            var high = i + 1 < digits.Length ? digits[i + 1] - '0' : 0x0F;
            pdu[n++] = (byte)(((high & 0x0F) << 4) | (digits[i] - '0'));
        }
        pdu[n++] = 0x00; // TP-PID: ordinary short message.
        pdu[n++] = gsm7 ? (byte)0x00 : (byte)0x08; // TS 23.038 4: general coding, default alphabet or UCS-2.
        if (vp.HasValue)
        {
            pdu[n++] = vp.Value;
        }
        var udl = n++;
        var ud = pdu[n..];
        var headerOctets = 0;
        if (reference.HasValue)
        {
            // TS 23.040 9.2.3.24.1: UDHL 5, IEI 00, IEDL 3, reference, total, sequence.
            ud[0] = 0x05;
            ud[1] = 0x00;
            ud[2] = 0x03;
            ud[3] = reference.Value;
            ud[4] = (byte)total;
            ud[5] = (byte)sequence;
            headerOctets = 6;
        }
        if (gsm7)
        {
            Span<byte> septets = stackalloc byte[SingleSeptets];
            var count = Gsm7.ToSeptets(body, septets);
            var first = ((headerOctets * 8) + 6) / 7; // the text starts on a septet boundary after the header.
            for (var i = 0; i < count; i++)
            {
                Gsm7.SetSeptet(ud, first + i, septets[i]);
            }
            pdu[udl] = (byte)(first + count);
            return n + Gsm7.PackedLength(first + count);
        }
        for (var i = 0; i < body.Length; i++)
        {
            ud[headerOctets + (2 * i)] = (byte)(body[i] >> 8);
            ud[headerOctets + (2 * i) + 1] = (byte)body[i];
        }
        pdu[udl] = (byte)(headerOctets + (2 * body.Length));
        return n + headerOctets + (2 * body.Length);
    }
}
