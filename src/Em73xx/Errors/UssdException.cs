namespace Drivers.Em73xx;

/// <summary>A USSD code or reply got no answer from the network: refused, timed out, or the dialogue ended (TS 27.007 7.15).</summary>
public sealed class UssdException : ModemException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why.</param>
    /// <param name="errorCode">The modem's <c>+CME ERROR</c> code, when it refused the command; -1 for a plain <c>ERROR</c>.</param>
    /// <param name="networkText">What the network said with it, if anything.</param>
    /// <param name="innerException">The modem's error, if any.</param>
    public UssdException(UssdFailure reason, int? errorCode = null, string? networkText = null, Exception? innerException = null)
        : base(Describe(reason, errorCode, networkText), innerException)
    {
        Reason = reason;
        ErrorCode = errorCode;
        NetworkText = networkText;
    }

    /// <summary>Why the code or reply got no answer.</summary>
    public UssdFailure Reason { get; }

    /// <summary>The modem's <c>+CME ERROR</c> code (TS 27.007 9.2) when it refused the command, -1 for a plain <c>ERROR</c>; otherwise null.</summary>
    public int? ErrorCode { get; }

    /// <summary>The network's text that came with the failure (e.g. a goodbye with <c>&lt;m&gt;</c> 2); null when none.</summary>
    public string? NetworkText { get; }

    private static string Describe(UssdFailure reason, int? errorCode, string? networkText)
    {
        var said = string.IsNullOrEmpty(networkText) ? "" : $" It said: {networkText.ReplaceLineEndings(" ")}";
        return reason switch
        {
            UssdFailure.Refused when errorCode is { } code and >= 0 =>
                $"The modem refused the USSD code (+CME ERROR: {code}, {ModemErrorMeanings.Describe(ModemErrorKind.Cme, code)}); check the code and the network.",
            UssdFailure.Refused when errorCode is not null => "The modem refused the USSD code (ERROR); it may not support USSD.",
            UssdFailure.Refused => "The network refused the USSD code (not supported); check the code with your operator." + said,
            UssdFailure.TimedOut => "The network did not answer the USSD code in time; try again later.",
            UssdFailure.EndedByNetwork => "The network ended the USSD session." + said,
            _ => "Another client of the modem answered the USSD session.",
        };
    }
}
