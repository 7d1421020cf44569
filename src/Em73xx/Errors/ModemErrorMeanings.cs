namespace Drivers.Em73xx;

/// <summary>The meaning of CME and CMS codes (3GPP TS 27.007 9.2, TS 27.005 3.2.5, TS 24.011 annex E).</summary>
internal static class ModemErrorMeanings
{
    public const int CmeSimNotInserted = 10;
    public const int CmeSimPinRequired = 11;
    public const int CmeSimPukRequired = 12;
    public const int CmeSimBusy = 14;
    public const int CmeIncorrectPassword = 16;
    public const int CmsSimBusy = 314;
    public const int CmsInvalidIndex = 321;

    public static string Describe(ModemErrorKind kind, int code) => kind switch
    {
        ModemErrorKind.Cme => code switch
        {
            0 => "phone failure",
            1 => "no connection to phone",
            3 => "operation not allowed",
            4 => "operation not supported",
            5 => "PH-SIM PIN required",
            10 => "SIM not inserted",
            11 => "SIM PIN required",
            12 => "SIM PUK required",
            13 => "SIM failure",
            14 => "SIM busy",
            15 => "SIM wrong",
            16 => "incorrect password",
            17 => "SIM PIN2 required",
            18 => "SIM PUK2 required",
            20 => "memory full",
            21 => "invalid index",
            22 => "not found",
            23 => "memory failure",
            24 => "text string too long",
            27 => "invalid characters in dial string",
            30 => "no network service",
            31 => "network timeout",
            32 => "network not allowed, emergency calls only",
            100 => "unknown error",
            _ => "unknown code",
        },
        ModemErrorKind.Cms => code switch
        {
            1 => "unassigned number",
            8 => "operator determined barring",
            10 => "call barred",
            21 => "short message transfer rejected",
            27 => "destination out of service",
            28 => "unidentified subscriber",
            29 => "facility rejected",
            30 => "unknown subscriber",
            38 => "network out of order",
            41 => "temporary failure",
            42 => "congestion",
            47 => "resources unavailable",
            50 => "requested facility not subscribed",
            69 => "requested facility not implemented",
            95 => "invalid message",
            96 => "invalid mandatory information",
            97 => "message type does not exist",
            98 => "message not compatible with protocol state",
            111 => "protocol error",
            127 => "interworking, unspecified",
            300 => "ME failure",
            301 => "SMS service of ME reserved",
            302 => "operation not allowed",
            303 => "operation not supported",
            304 => "invalid PDU mode parameter",
            305 => "invalid text mode parameter",
            310 => "SIM not inserted",
            311 => "SIM PIN required",
            312 => "PH-SIM PIN required",
            313 => "SIM failure",
            314 => "SIM busy",
            315 => "SIM wrong",
            316 => "SIM PUK required",
            317 => "SIM PIN2 required",
            318 => "SIM PUK2 required",
            320 => "memory failure",
            321 => "invalid memory index",
            322 => "memory full",
            330 => "SMSC address unknown",
            331 => "no network service",
            332 => "network timeout",
            340 => "no +CNMA acknowledgement expected",
            500 => "unknown error",
            _ => "unknown code",
        },
        _ => "error",
    };

    /// <summary>The code of a verbose error text (<c>AT+CMEE=2</c>), so both forms read the same.</summary>
    public static int FromText(ReadOnlySpan<char> text)
    {
        text = text.Trim(' ');
        foreach (var (code, meaning) in VerboseCme)
        {
            if (text.Equals(meaning, StringComparison.OrdinalIgnoreCase))
            {
                return code;
            }
        }
        return -1;
    }

    private static readonly (int Code, string Meaning)[] VerboseCme =
    [
        (10, "SIM not inserted"), (11, "SIM PIN required"), (12, "SIM PUK required"), (13, "SIM failure"),
        (14, "SIM busy"), (15, "SIM wrong"), (16, "incorrect password"), (3, "operation not allowed"),
        (4, "operation not supported"), (100, "unknown"),
    ];
}
