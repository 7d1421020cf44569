using Drivers.Em73xx.Sms;

namespace Drivers.Em73xx.Protocol;

/// <summary>The TS 27.005 text and numeric forms of <see cref="SmsStatus"/>.</summary>
internal static class SmsStatusText
{
    public static bool TryParse(ReadOnlySpan<char> field, out SmsStatus status)
    {
        switch (AtFields.Unquote(field))
        {
            case "REC UNREAD" or "0": status = SmsStatus.Unread; return true;
            case "REC READ" or "1": status = SmsStatus.Read; return true;
            case "STO UNSENT" or "2": status = SmsStatus.Unsent; return true;
            case "STO SENT" or "3": status = SmsStatus.Sent; return true;
            default: status = default; return false;
        }
    }

    public static string Format(SmsStatus status) => status switch
    {
        SmsStatus.Unread => "REC UNREAD",
        SmsStatus.Read => "REC READ",
        SmsStatus.Unsent => "STO UNSENT",
        _ => "STO SENT",
    };
}
