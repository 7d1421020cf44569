namespace Drivers.Em73xx.Protocol.Pdu;

/// <summary>
/// Puts concatenated messages back together (TS 23.040 9.2.3.24.1): parts are grouped by sender, reference and
/// total, in any order; a repeated part counts once. Pure.
/// </summary>
internal static class PduReassembler
{
    /// <summary>
    /// The messages the parts make, in the order their first part came; complete ones and incomplete ones
    /// (<see cref="ReassembledMessage.MissingSequenceNumbers"/>). A PDU without concatenation is a message of its own.
    /// </summary>
    public static IReadOnlyList<ReassembledMessage> Reassemble(IEnumerable<SmsPdu> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        // A list, not a dictionary: a listing holds a handful of messages, and the search allocates nothing.
        var groups = new List<Group>();
        foreach (var pdu in parts)
        {
            if (pdu.Concatenation is not { } concatenation)
            {
                groups.Add(new Group(pdu.Address, null, 1) { Slots = { [0] = pdu } });
                continue;
            }
            var group = Find(groups, pdu.Address, concatenation);
            if (group is null)
            {
                group = new Group(pdu.Address, concatenation.Reference, concatenation.Total);
                groups.Add(group);
            }
            group.Slots[concatenation.Sequence - 1] ??= pdu;
        }
        var messages = new ReassembledMessage[groups.Count];
        for (var i = 0; i < groups.Count; i++)
        {
            messages[i] = groups[i].ToMessage();
        }
        return messages;
    }

    private static Group? Find(List<Group> groups, PduAddress address, PduConcatenation concatenation)
    {
        foreach (var group in groups)
        {
            if (group.Reference == concatenation.Reference && group.Slots.Length == concatenation.Total
                && string.Equals(group.Address.Value, address.Value, StringComparison.Ordinal))
            {
                return group;
            }
        }
        return null;
    }

    private sealed class Group(PduAddress address, int? reference, int total)
    {
        public PduAddress Address { get; } = address;
        public int? Reference { get; } = reference;
        // Null until the part arrives; a complete message hands the array over as its Parts.
        public SmsPdu[] Slots { get; } = new SmsPdu[total];

        public ReassembledMessage ToMessage()
        {
            int present = 0, textLength = 0, dataLength = 0;
            foreach (var part in Slots)
            {
                if (part is not null)
                {
                    present++;
                    textLength += part.Text.Length;
                    dataLength += part.Data.Length;
                }
            }
            var complete = present == Slots.Length;
            var parts = complete ? Slots : new SmsPdu[present];
            var missing = complete ? [] : new int[Slots.Length - present];
            var data = dataLength == 0 ? [] : new byte[dataLength];
            int p = 0, m = 0, d = 0;
            for (var i = 0; i < Slots.Length; i++)
            {
                if (Slots[i] is { } part)
                {
                    parts[p++] = part;
                    part.Data.Span.CopyTo(data.AsSpan(d));
                    d += part.Data.Length;
                }
                else
                {
                    missing[m++] = i + 1;
                }
            }
            var text = present == 1 ? parts[0].Text : string.Create(textLength, parts, static (chars, parts) =>
            {
                foreach (var part in parts)
                {
                    part.Text.CopyTo(chars);
                    chars = chars[part.Text.Length..];
                }
            });
            return new ReassembledMessage
            {
                Address = Address,
                Reference = Reference,
                Total = Slots.Length,
                Parts = parts,
                MissingSequenceNumbers = missing,
                Text = text,
                Data = data,
            };
        }
    }
}
