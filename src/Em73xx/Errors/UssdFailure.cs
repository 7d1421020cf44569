namespace Drivers.Em73xx;

/// <summary>Why a USSD code or reply got no answer (TS 27.007 7.15 <c>&lt;m&gt;</c>, or the modem's error).</summary>
public enum UssdFailure
{
    /// <summary>
    /// The network or the modem refused it: <c>&lt;m&gt;</c> 4 (operation not supported), or the modem's error
    /// (<see cref="UssdException.ErrorCode"/>), e.g. an unknown code, no network or a SIM without the service.
    /// </summary>
    Refused,

    /// <summary>No answer in time: the network said so (<c>&lt;m&gt;</c> 5), or none came within <see cref="ModemOptions.UssdTimeout"/>.</summary>
    TimedOut,

    /// <summary>The network ended the dialogue (<c>&lt;m&gt;</c> 2); its last words, if any, are in <see cref="UssdException.NetworkText"/>.</summary>
    EndedByNetwork,

    /// <summary>Another client on the modem answered (<c>&lt;m&gt;</c> 3).</summary>
    AnsweredElsewhere,
}
