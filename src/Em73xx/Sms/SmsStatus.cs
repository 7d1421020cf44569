namespace Drivers.Em73xx.Sms;

/// <summary>Where a stored message stands (TS 27.005 <c>&lt;stat&gt;</c>).</summary>
public enum SmsStatus
{
    /// <summary>Received and not yet read (<c>REC UNREAD</c>).</summary>
    Unread,

    /// <summary>Received and read (<c>REC READ</c>).</summary>
    Read,

    /// <summary>Stored, not sent (<c>STO UNSENT</c>).</summary>
    Unsent,

    /// <summary>Stored and sent (<c>STO SENT</c>).</summary>
    Sent,
}
