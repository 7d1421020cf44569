namespace Drivers.Em73xx.Ussd;

/// <summary>What the network answered to a USSD code or to a reply (<c>+CUSD</c>, TS 27.007 7.15).</summary>
public sealed class UssdResponse
{
    /// <summary>Creates a response.</summary>
    public UssdResponse(string text, bool waitsForReply)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        WaitsForReply = waitsForReply;
    }

    /// <summary>
    /// The network's text, decoded from GSM 7-bit, UCS-2 or the modem's character set (TS 23.038 5); 8-bit data is shown
    /// as hex. Lines are separated by <c>\n</c> or <c>\r</c> as the network wrote them; empty when it sent none.
    /// </summary>
    public string Text { get; }

    /// <summary>True when the network waits for a reply (<c>&lt;m&gt;</c> 1, e.g. a menu); answer with <see cref="UssdSession.ReplyAsync"/>.</summary>
    public bool WaitsForReply { get; }
}
