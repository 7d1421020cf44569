using Drivers.Em73xx.Protocol.Pdu;
using Drivers.Em73xx.Sms;

namespace Drivers.Em73xx.Protocol;

/// <summary>
/// Turns a PDU-mode listing (<c>+CMGL: &lt;index&gt;,&lt;stat&gt;,[&lt;alpha&gt;],&lt;length&gt;</c> then the PDU, TS 27.005
/// 3.4.2) or a <c>+CMGR</c> reply (3.4.3) into messages, long messages put back together from their parts. Pure.
/// </summary>
internal static class PduListParser
{
    /// <summary>One stored PDU: its slot, status and content.</summary>
    public sealed record Entry(int Index, SmsStatus Status, SmsPdu Pdu);

    /// <summary>
    /// The entries of a listing. A PDU whose announced length disagrees with its hex is still decoded (its own length
    /// fields are checked by the decoder) and counted in <paramref name="lengthMismatches"/>; one that does not decode is
    /// counted in <paramref name="undecodable"/> and skipped.
    /// </summary>
    public static List<Entry> ParseList(IReadOnlyList<string> lines, out int lengthMismatches, out int undecodable)
    {
        var entries = new List<Entry>();
        lengthMismatches = undecodable = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!TryParseHeader(lines[i], SmsHeader.ListPrefix, out var index, out var status, out var length) || i + 1 >= lines.Count)
            {
                continue;
            }
            if (TryDecode(lines[++i], length, ref lengthMismatches, ref undecodable) is { } pdu)
            {
                entries.Add(new Entry(index, status, pdu));
            }
        }
        return entries;
    }

    /// <summary>The entry of a <c>+CMGR</c> reply, or null when the slot is empty or the PDU does not decode.</summary>
    public static Entry? ParseRead(IReadOnlyList<string> lines, int index, out int lengthMismatches, out int undecodable)
    {
        lengthMismatches = undecodable = 0;
        for (var i = 0; i + 1 < lines.Count; i++)
        {
            // +CMGR: <stat>,[<alpha>],<length>: the index is the one asked for.
            if (TryParseHeader(lines[i].Replace("+CMGR:", "+CMGR: 0,", StringComparison.Ordinal), SmsHeader.ReadPrefix, out _, out var status, out var length)
                && TryDecode(lines[i + 1], length, ref lengthMismatches, ref undecodable) is { } pdu)
            {
                return new Entry(index, status, pdu);
            }
        }
        return null;
    }

    /// <summary>The messages the entries make: one per message, parts in sequence order, missing parts named.</summary>
    public static List<SmsMessage> ToMessages(IReadOnlyList<Entry> entries)
    {
        var byPdu = new Dictionary<SmsPdu, Entry>(ReferenceEqualityComparer.Instance);
        foreach (var entry in entries)
        {
            byPdu[entry.Pdu] = entry;
        }
        var messages = new List<SmsMessage>();
        // A stored status report (TS 27.005 3.4.1 +CDSI) is no message: it is read and deleted by the report stream.
        foreach (var message in PduReassembler.Reassemble(entries.Where(e => e.Pdu.Type != PduType.StatusReport).Select(e => e.Pdu)))
        {
            var parts = message.Parts.Select(p => byPdu[p]).ToList();
            var first = parts[0];
            var status = parts.Any(p => p.Status == SmsStatus.Unread) ? SmsStatus.Unread : first.Status;
            var text = message.Data.Length > 0 && message.Text.Length == 0 ? Convert.ToHexString(message.Data.Span) : message.Text;
            messages.Add(new SmsMessage(first.Index, status, message.Address.Value, first.Pdu.ServiceCenterTimestamp, text.ReplaceLineEndings("\n"))
            {
                Parts = [.. parts.Select(p => p.Index)],
                MissingParts = message.MissingSequenceNumbers,
            });
        }
        return messages;
    }

    private static SmsPdu? TryDecode(string hex, int length, ref int lengthMismatches, ref int undecodable)
    {
        if (PduDecoder.TryDecode(hex, length, out var pdu, out var error))
        {
            return pdu;
        }
        if (error is PduError.LengthMismatch or PduError.Truncated && PduDecoder.TryDecode(hex, out pdu, out _))
        {
            // TS 27.005 3.1: <length> counts TPDU octets; firmware that counts septets is off, the PDU itself is not.
            lengthMismatches++;
            return pdu;
        }
        undecodable++;
        return null;
    }

    private static bool TryParseHeader(string line, string prefix, out int index, out SmsStatus status, out int length)
    {
        index = length = 0;
        status = default;
        if (!AtFields.TryStripPrefix(line, prefix, out var rest))
        {
            return false;
        }
        Span<Range> fields = stackalloc Range[8];
        var count = AtFields.Split(rest, fields);
        return count >= 3 && AtFields.TryParseInt(rest[fields[0]], out index) && SmsStatusText.TryParse(rest[fields[1]], out status)
            && AtFields.TryParseInt(rest[fields[count - 1]], out length);
    }
}
