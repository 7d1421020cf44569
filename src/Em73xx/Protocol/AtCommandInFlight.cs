namespace Drivers.Em73xx.Protocol;

/// <summary>What <see cref="AtFramer"/> needs to know about the command in flight to sort the next frame.</summary>
/// <param name="Command">The command as sent, e.g. <c>AT+CMGL="ALL"</c>: its echo is recognized, and a code it asked for is information.</param>
/// <param name="ExpectsPrompt">Whether the modem is to answer with the <c>&gt; </c> prompt (<c>AT+CMGS</c>).</param>
/// <param name="Answered">Whether a line of its reply has already arrived: an echo only comes before the reply.</param>
internal readonly record struct AtCommandInFlight(string Command, bool ExpectsPrompt, bool Answered)
{
    /// <summary>Whether headers in the reply announce message bodies (<c>AT+CMGL</c>, <c>AT+CMGR</c>).</summary>
    public bool BodiesFollowHeaders =>
        Command.StartsWith("AT+CMGL", StringComparison.OrdinalIgnoreCase) || Command.StartsWith("AT+CMGR", StringComparison.OrdinalIgnoreCase);
}
