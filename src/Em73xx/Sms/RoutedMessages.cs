using Drivers.Em73xx.Protocol.Pdu;

namespace Drivers.Em73xx.Sms;

/// <summary>
/// The parts of messages routed to the host (<c>+CMT</c>, TS 27.005 3.4.1), which no storage keeps: held until their message
/// is complete (TS 23.040 9.2.3.24.1, any order), or yielded as they are once no part has come for <see cref="PartsWait"/>,
/// so that an incomplete message is never dropped. One per stream; not thread-safe.
/// </summary>
internal sealed class RoutedMessages(TimeProvider time)
{
    /// <summary>How long a message missing parts waits for them after its last part came.</summary>
    public static readonly TimeSpan PartsWait = TimeSpan.FromMinutes(1);

    private readonly List<(SmsPdu Pdu, long Arrived)> _parts = [];

    /// <summary>Takes one part; returns its message once complete (at once for a message in one part), else null.</summary>
    public SmsMessage? Add(SmsPdu pdu)
    {
        if (pdu.Concatenation is null)
        {
            return ToMessage(PduReassembler.Reassemble([pdu])[0]);
        }
        _parts.Add((pdu, time.GetTimestamp()));
        foreach (var message in PduReassembler.Reassemble(_parts.Select(p => p.Pdu)))
        {
            if (message.IsComplete && message.Parts.Contains(pdu))
            {
                _parts.RemoveAll(p => message.Parts.Contains(p.Pdu));
                return ToMessage(message);
            }
        }
        return null;
    }

    /// <summary>How long until the oldest incomplete message is due (zero when it is); null when none waits.</summary>
    public TimeSpan? NextDue()
    {
        if (_parts.Count == 0)
        {
            return null;
        }
        var due = PartsWait;
        foreach (var message in PduReassembler.Reassemble(_parts.Select(p => p.Pdu)))
        {
            var left = PartsWait - time.GetElapsedTime(Newest(message));
            due = left < due ? left : due;
        }
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }

    /// <summary>The incomplete messages whose newest part came <see cref="PartsWait"/> ago or more, now given up on.</summary>
    public List<SmsMessage> TakeOverdue()
    {
        var overdue = new List<SmsMessage>();
        if (_parts.Count == 0)
        {
            return overdue;
        }
        foreach (var message in PduReassembler.Reassemble(_parts.Select(p => p.Pdu)))
        {
            if (time.GetElapsedTime(Newest(message)) >= PartsWait)
            {
                _parts.RemoveAll(p => message.Parts.Contains(p.Pdu));
                overdue.Add(ToMessage(message));
            }
        }
        return overdue;
    }

    private long Newest(ReassembledMessage message) =>
        _parts.Where(p => message.Parts.Contains(p.Pdu)).Max(p => p.Arrived);

    private static SmsMessage ToMessage(ReassembledMessage message)
    {
        var first = message.Parts[0];
        var text = message.Data.Length > 0 && message.Text.Length == 0 ? Convert.ToHexString(message.Data.Span) : message.Text;
        return new SmsMessage(-1, SmsStatus.Unread, message.Address.Value, first.ServiceCenterTimestamp, text.ReplaceLineEndings("\n"))
        {
            Parts = [],
            MissingParts = message.MissingSequenceNumbers,
        };
    }
}
