namespace Drivers.Em73xx;

/// <summary>The modem answered a command with <c>ERROR</c>, <c>+CME ERROR: n</c> or <c>+CMS ERROR: n</c>.</summary>
public sealed class ModemErrorException : ModemException
{
    /// <summary>Creates the exception for <paramref name="command"/> failing with a code.</summary>
    public ModemErrorException(string command, ModemErrorKind kind, int code)
        : base(Describe(command, kind, code))
    {
        Command = command;
        Kind = kind;
        Code = code;
        Meaning = ModemErrorMeanings.Describe(kind, code);
    }

    /// <summary>The command that failed, e.g. <c>AT+CMGS</c> (never with a PIN in it).</summary>
    public string Command { get; }

    /// <summary>Plain, CME or CMS.</summary>
    public ModemErrorKind Kind { get; }

    /// <summary>The modem's code, e.g. 16; -1 for a plain <c>ERROR</c> or a text-only error.</summary>
    public int Code { get; }

    /// <summary>What the code means, e.g. "incorrect password".</summary>
    public string Meaning { get; }

    private static string Describe(string command, ModemErrorKind kind, int code) => kind switch
    {
        ModemErrorKind.Plain => $"The modem refused {command} (ERROR); the command may be unsupported or malformed.",
        ModemErrorKind.Cme => $"The modem refused {command} (+CME ERROR: {code}, {ModemErrorMeanings.Describe(kind, code)}).",
        _ => $"The modem could not handle the message for {command} (+CMS ERROR: {code}, {ModemErrorMeanings.Describe(kind, code)}).",
    };
}
