namespace Drivers.Em73xx.Sms;

/// <summary>One text message stored on the SIM.</summary>
public sealed class SmsMessage
{
    /// <summary>Creates a message.</summary>
    public SmsMessage(int index, SmsStatus status, string address, DateTimeOffset? timestamp, string text)
    {
        Index = index;
        Status = status;
        Address = address;
        Timestamp = timestamp;
        Text = text;
        Parts = [index];
    }

    /// <summary>
    /// The storage slot (<c>&lt;index&gt;</c>) of the message's first part present, used to read or delete it; -1 for a
    /// message the modem routed to the host without storing it (<c>+CMT</c>), whose <see cref="Parts"/> is then empty.
    /// </summary>
    public int Index { get; }

    /// <summary>Unread, read, unsent or sent.</summary>
    public SmsStatus Status { get; }

    /// <summary>The sender of a received message or the recipient of a stored one, e.g. <c>+420775123456</c>.</summary>
    public string Address { get; }

    /// <summary>The service center time stamp with the sender's zone; null for stored messages, which have none.</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>The text (of every part present, in order, for a long message); lines are separated by <c>\n</c>.</summary>
    public string Text { get; }

    /// <summary>
    /// The storage slots of the parts present, in sequence order (TS 23.040 9.2.3.24.1): one for a message in one part.
    /// Deleting the message deletes them all.
    /// </summary>
    public IReadOnlyList<int> Parts { get; init; }

    /// <summary>The sequence numbers (1-based) of the parts that have not arrived yet; empty when the message is complete.</summary>
    public IReadOnlyList<int> MissingParts { get; init; } = [];

    /// <summary>True when every part of the message has arrived.</summary>
    public bool IsComplete => MissingParts.Count == 0;
}
