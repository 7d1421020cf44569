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
    }

    /// <summary>The storage slot (<c>&lt;index&gt;</c>), used to read or delete it.</summary>
    public int Index { get; }

    /// <summary>Unread, read, unsent or sent.</summary>
    public SmsStatus Status { get; }

    /// <summary>The sender of a received message or the recipient of a stored one, e.g. <c>+420775123456</c>.</summary>
    public string Address { get; }

    /// <summary>The service center time stamp with the sender's zone; null for stored messages, which have none.</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>The text as the modem gave it; lines are separated by <c>\n</c>.</summary>
    public string Text { get; }
}
