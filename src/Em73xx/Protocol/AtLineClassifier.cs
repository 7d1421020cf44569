namespace Drivers.Em73xx.Protocol;

/// <summary>Sorts one line from the modem into final result, unsolicited code, garbage or information. Pure.</summary>
internal static class AtLineClassifier
{
    // Unsolicited codes of TS 27.007 and TS 27.005, and the Intel XMM ones this modem emits (+XSIM, +XLSRSTOP, +XNITZINFO...).
    private static readonly string[] UnsolicitedPrefixes =
    [
        "+CMTI:", "+CMT:", "+CDSI:", "+CDS:", "+CBM:", "+XSIM:", "+XLSRSTOP", "RING", "+CRING:", "+CREG:",
        "+CGREG:", "+CEREG:", "+CIEV:", "+CUSD:", "+XCIEV:", "+CTZV:", "+CTZE:", "+XNITZINFO:", "+PBREADY", "$G",
    ];

    /// <summary>Classifies <paramref name="line"/> (without its line terminator).</summary>
    /// <param name="line">The line.</param>
    /// <param name="command">The command in flight (e.g. <c>AT+CREG?</c>), or empty: a code the command asked for is information, not unsolicited.</param>
    public static AtLineKind Classify(ReadOnlySpan<char> line, ReadOnlySpan<char> command = default)
    {
        foreach (var c in line)
        {
            if ((c < ' ' && c != '\t') || c == '\x7f')
            {
                return AtLineKind.Garbage;
            }
        }
        var trimmed = line.Trim(' ');
        if (trimmed.SequenceEqual("OK"))
        {
            return AtLineKind.Ok;
        }
        if (trimmed.SequenceEqual("ERROR"))
        {
            return AtLineKind.Error;
        }
        if (trimmed.StartsWith("+CME ERROR:", StringComparison.Ordinal))
        {
            return AtLineKind.CmeError;
        }
        if (trimmed.StartsWith("+CMS ERROR:", StringComparison.Ordinal))
        {
            return AtLineKind.CmsError;
        }
        if (trimmed is "NO CARRIER" or "NO DIALTONE" or "BUSY" or "NO ANSWER" or "COMMAND NOT SUPPORT" or "TOO MANY PARAMETERS")
        {
            return AtLineKind.OtherFailure;
        }
        if (trimmed.StartsWith("+XLCSLSR:", StringComparison.Ordinal))
        {
            // "+XLCSLSR: request id 2" answers the request; "+XLCSLSR: 2, 49.19 N, ..." is a fix, any time later.
            var rest = trimmed["+XLCSLSR:".Length..].TrimStart(' ');
            return rest.Length > 0 && char.IsAsciiDigit(rest[0]) && rest.IndexOf(',') > 0 ? AtLineKind.Unsolicited : AtLineKind.Information;
        }
        foreach (var prefix in UnsolicitedPrefixes)
        {
            if (trimmed.StartsWith(prefix, StringComparison.Ordinal))
            {
                return IsAskedFor(trimmed, prefix, command) ? AtLineKind.Information : AtLineKind.Unsolicited;
            }
        }
        return AtLineKind.Information;
    }

    // "+CREG: 0,1" answers "AT+CREG?"; the same code with no such command in flight is unsolicited.
    private static bool IsAskedFor(ReadOnlySpan<char> line, string prefix, ReadOnlySpan<char> command)
    {
        if (command.Length < 3 || prefix[0] != '+')
        {
            return false;
        }
        var name = prefix.AsSpan().TrimEnd(':');
        return command[2..].StartsWith(name, StringComparison.OrdinalIgnoreCase)
            && (command.Length == name.Length + 2 || !char.IsAsciiLetterOrDigit(command[name.Length + 2]))
            && line.Length >= name.Length;
    }

    /// <summary>The numeric code of a <c>+CME ERROR: n</c>/<c>+CMS ERROR: n</c> line, or -1 when it carries text instead.</summary>
    public static int ErrorCode(ReadOnlySpan<char> line)
    {
        var colon = line.IndexOf(':');
        return colon >= 0 && AtFields.TryParseInt(line[(colon + 1)..], out var code) ? code : -1;
    }
}
