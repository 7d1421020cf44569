namespace Drivers.Em73xx.Protocol;

/// <summary>What one line from the modem is, as the reader loop sorts it.</summary>
internal enum AtLineKind
{
    /// <summary>An intermediate response line (belongs to the command in flight).</summary>
    Information,

    /// <summary>Final result <c>OK</c>.</summary>
    Ok,

    /// <summary>Final result <c>ERROR</c> (no code).</summary>
    Error,

    /// <summary>Final result <c>+CME ERROR: n</c> (TS 27.007 9.2).</summary>
    CmeError,

    /// <summary>Final result <c>+CMS ERROR: n</c> (TS 27.005 3.2.5).</summary>
    CmsError,

    /// <summary>Another final result that ends a command with failure (<c>NO CARRIER</c>, <c>COMMAND NOT SUPPORT</c>...).</summary>
    OtherFailure,

    /// <summary>An unsolicited result code (<c>+CMTI</c>, <c>+XSIM</c>, a <c>+XLCSLSR</c> fix...).</summary>
    Unsolicited,

    /// <summary>Bytes that cannot be modem output (control characters): skipped and counted.</summary>
    Garbage,
}
