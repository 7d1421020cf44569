using Drivers.Em73xx.Protocol.Ussd;

namespace Drivers.Em73xx.Simulation;

// The network side of USSD (TS 22.090) behind AT+CUSD (TS 27.007 7.15), with a few services an operator offers, each
// answering in another of the forms modems use (TS 23.038 5): GSM 7-bit text in the character set of AT+CSCS, GSM
// 7-bit as hex of packed septets, and UCS-2 hex.
public sealed partial class SimulatedModem
{
    /// <summary>The balance, as GSM 7-bit text in the modem's character set.</summary>
    public const string UssdBalanceCode = "*101#";

    /// <summary>The data left, as GSM 7-bit packed septets in hex.</summary>
    public const string UssdDataCode = "*102#";

    /// <summary>The balance in Czech, as UCS-2.</summary>
    public const string UssdCzechBalanceCode = "*103#";

    /// <summary>A two-step menu that waits for replies: 1 balance; 2 data packages, then 1 or 2 orders one.</summary>
    public const string UssdMenuCode = "*100#";

    /// <summary>Refused by the modem itself (<c>+CME ERROR: 30</c>, no network service).</summary>
    public const string UssdNoServiceCode = "*105#";

    /// <summary>Accepted (<c>OK</c>) and never answered, as when the network is lost.</summary>
    public const string UssdSilentCode = "*106#";

    /// <summary>Answered with a network timeout (<c>+CUSD: 5</c>).</summary>
    public const string UssdNetworkTimeoutCode = "*107#";

    private const string Balance = "Your balance is 12.50 EUR, valid until 31.12.2026.";
    private const string DataLeft = "Data left: 1.5 GB of 5 GB (until 15.12.).";
    private const string CzechBalance = "Zůstatek kreditu: 250,00 Kč. Platnost do 31. 12. 2026.";
    private const string Menu = "Main menu\n1 Balance\n2 Data packages";
    private const string DataMenu = "Datové balíčky:\n1 1 GB za 99 Kč\n2 5 GB za 249 Kč";

    private readonly List<string> _ussdRequests = [];
    private TeCharset _ussdCharset = TeCharset.Ira;
    private int _ussdStep; // 0 no session; 1 the main menu waits; 2 the data menu waits (under _sync)

    /// <summary>The USSD codes and replies the network received, decoded, in order.</summary>
    public IReadOnlyList<string> UssdRequests
    {
        get
        {
            lock (_sync)
            {
                return [.. _ussdRequests];
            }
        }
    }

    /// <summary>True while a menu waits for a reply (neither answered, cancelled with <c>AT+CUSD=2</c>, nor ended).</summary>
    public bool UssdSessionOpen
    {
        get
        {
            lock (_sync)
            {
                return _ussdStep != 0;
            }
        }
    }

    // AT+CSCS and AT+CUSD; null for any other command.
    private List<string>? AnswerUssd(string command, string upper)
    {
        if (upper.StartsWith("AT+CSCS", StringComparison.Ordinal))
        {
            return AnswerCharset(command, upper);
        }
        if (!upper.StartsWith("AT+CUSD", StringComparison.Ordinal))
        {
            return null;
        }
        switch (upper)
        {
            case "AT+CUSD?":
                return ["+CUSD: 1", "OK"];
            case "AT+CUSD=?":
                return ["+CUSD: (0-2)", "OK"];
            case "AT+CUSD=0" or "AT+CUSD=1":
                return Ok();
            case "AT+CUSD=2":
                lock (_sync)
                {
                    _ussdStep = 0;
                }
                return Ok();
        }
        if (!upper.StartsWith("AT+CUSD=1,", StringComparison.Ordinal)
            || !CusdParser.TryParse("+CUSD: " + command[8..], out var request, out _) || request.Data is null)
        {
            return ["+CME ERROR: 50"]; // incorrect parameters
        }
        if (SimFailure(cme: true) is { } failure)
        {
            return [failure];
        }
        if (_pinLocked || _pukLocked)
        {
            return [_pukLocked ? "+CME ERROR: 12" : "+CME ERROR: 11"];
        }
        TeCharset charset;
        lock (_sync)
        {
            charset = _ussdCharset;
        }
        if (!UssdText.TryDecode(request.Data, request.Dcs, charset, out var text, out _))
        {
            return ["+CME ERROR: 50"];
        }
        lock (_sync)
        {
            _ussdRequests.Add(text);
            return text == UssdNoServiceCode ? ["+CME ERROR: 30"] : ["OK", .. Network(text, charset)];
        }
    }

    // What the network answers (under _sync); the +CUSD follows the OK, as TS 27.007 7.15 has it.
    private List<string> Network(string text, TeCharset charset)
    {
        var step = _ussdStep;
        _ussdStep = 0;
        return (step, text) switch
        {
            (1, "1") => [Plain(0, Balance, charset)],
            (1, "2") => Open(2, Ucs2(1, DataMenu)),
            (2, "1" or "2") => [Ucs2(0, text == "1" ? "Objednáno: 1 GB za 99 Kč." : "Objednáno: 5 GB za 249 Kč.")],
            (not 0, _) => [Plain(2, "Invalid choice.", charset)],
            (_, UssdMenuCode) => Open(1, Packed(1, Menu)),
            (_, UssdBalanceCode) => [Plain(0, Balance, charset)],
            (_, UssdDataCode) => [Packed(0, DataLeft)],
            (_, UssdCzechBalanceCode) => [Ucs2(0, CzechBalance)],
            (_, UssdSilentCode) => [],
            (_, UssdNetworkTimeoutCode) => ["+CUSD: 5"],
            _ => ["+CUSD: 4"], // operation not supported
        };
    }

    private List<string> Open(int step, string line)
    {
        _ussdStep = step;
        return [line];
    }

    private static string Plain(int status, string text, TeCharset charset) =>
        CusdCommand.Format(status, UssdText.Encode(text, UssdForm.Charset, charset), UssdDataCoding.Gsm7Unspecified);

    private static string Packed(int status, string text) =>
        CusdCommand.Format(status, UssdText.Encode(text, UssdForm.PackedGsm7, TeCharset.Ira), UssdDataCoding.Gsm7Unspecified);

    private static string Ucs2(int status, string text) =>
        CusdCommand.Format(status, UssdText.Encode(text, UssdForm.Ucs2, TeCharset.Ira), UssdDataCoding.Ucs2);

    private List<string> AnswerCharset(string command, string upper)
    {
        if (upper == "AT+CSCS?")
        {
            lock (_sync)
            {
                return [$"+CSCS: \"{Name(_ussdCharset)}\"", "OK"];
            }
        }
        if (upper == "AT+CSCS=?")
        {
            return ["+CSCS: (\"GSM\",\"IRA\",\"UCS2\",\"HEX\",\"8859-1\",\"UTF-8\")", "OK"];
        }
        if (!upper.StartsWith("AT+CSCS=\"", StringComparison.Ordinal)
            || !CusdParser.TryParseCharset("+CSCS: " + command[8..], out var charset)
            || (charset == TeCharset.Ira && !upper.EndsWith("\"IRA\"", StringComparison.Ordinal)))
        {
            return ["+CME ERROR: 50"];
        }
        lock (_sync)
        {
            _ussdCharset = charset;
        }
        return Ok();
    }

    private static string Name(TeCharset charset) => charset switch
    {
        TeCharset.Gsm => "GSM",
        TeCharset.Ucs2 => "UCS2",
        TeCharset.Hex => "HEX",
        TeCharset.Latin1 => "8859-1",
        TeCharset.Utf8 => "UTF-8",
        _ => "IRA",
    };
}
