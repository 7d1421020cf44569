namespace Drivers.Em73xx;

/// <summary>Which error space a modem error code belongs to.</summary>
public enum ModemErrorKind
{
    /// <summary>A plain <c>ERROR</c> with no code (the modem refused the command).</summary>
    Plain,

    /// <summary>An equipment error, <c>+CME ERROR: n</c> (3GPP TS 27.007 9.2).</summary>
    Cme,

    /// <summary>A message service error, <c>+CMS ERROR: n</c> (3GPP TS 27.005 3.2.5).</summary>
    Cms,
}
