namespace Drivers.Em73xx.Protocol;

/// <summary>Commands this modem is known to hang or brick on; the channel refuses to send them.</summary>
internal static class ForbiddenCommands
{
    // AT+CPOL blocks the AT port of 1199:a001 (ModemManager src/mm-base-sim.c, udev ID_MM_PREFERRED_NETWORKS_CPOL_DISABLED);
    // AT+XCIQ=0 bricks firmware older than 1522.02 (swtool "Intel XMM AT Command Reference").
    private static readonly string[] Prefixes = ["AT+CPOL", "AT+XCIQ"];

    public static bool IsForbidden(ReadOnlySpan<char> command)
    {
        var trimmed = command.Trim();
        foreach (var prefix in Prefixes)
        {
            if (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
