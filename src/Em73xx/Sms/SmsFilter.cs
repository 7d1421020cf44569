namespace Drivers.Em73xx.Sms;

/// <summary>Which stored messages to list.</summary>
public enum SmsFilter
{
    /// <summary>Every message (<c>AT+CMGL="ALL"</c>).</summary>
    All,

    /// <summary>Only received messages not yet read (<c>AT+CMGL="REC UNREAD"</c>).</summary>
    Unread,
}
