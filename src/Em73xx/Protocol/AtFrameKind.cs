namespace Drivers.Em73xx.Protocol;

/// <summary>What one frame from the modem is, as <see cref="AtFramer"/> cuts the byte stream.</summary>
internal enum AtFrameKind
{
    /// <summary>An information line: part of the reply to the command in flight, or a code nobody asked for when none is.</summary>
    Information,

    /// <summary>The text of one message after its <c>+CMGL</c>/<c>+CMGR</c> header, taken by its announced length (TS 27.005 3.4.2).</summary>
    Body,

    /// <summary>A final result code (<c>OK</c>, <c>ERROR</c>, <c>+CME ERROR: n</c>, <c>+CMS ERROR: n</c>...); see <see cref="AtFrame.Result"/>.</summary>
    FinalResult,

    /// <summary>The <c>&gt; </c> prompt for the text of a message (TS 27.005 3.5.1).</summary>
    Prompt,

    /// <summary>An unsolicited result code (<c>+CMTI</c>, <c>+XSIM</c>, a <c>+XLCSLSR</c> position report...).</summary>
    Unsolicited,

    /// <summary>The modem repeating the command in flight (echo, <c>ATE1</c>, until <c>ATE0</c> lands).</summary>
    Echo,

    /// <summary>A line that cannot be modem output (control bytes, overlong): skipped and counted.</summary>
    Garbage,
}
