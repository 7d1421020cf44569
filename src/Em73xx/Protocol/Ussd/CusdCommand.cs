using System.Globalization;

namespace Drivers.Em73xx.Protocol.Ussd;

/// <summary>Writes the <c>AT+CUSD</c> commands and the <c>+CUSD</c> result code (TS 27.007 7.15). Pure.</summary>
internal static class CusdCommand
{
    /// <summary>Ends the session (<c>&lt;n&gt;</c> 2, TS 27.007 7.15).</summary>
    public const string Cancel = "AT+CUSD=2";

    /// <summary>Asks the modem for its character set (TS 27.007 5.5).</summary>
    public const string CharsetQuery = "AT+CSCS?";

    /// <summary>
    /// Sends <paramref name="text"/>, a code or an answer already checked by <see cref="UssdInput"/>, with result codes
    /// enabled (<c>&lt;n&gt;</c> 1), as GSM 7-bit text in the modem's character set (TS 27.007 7.15).
    /// </summary>
    public static string Request(string text, TeCharset charset) =>
        string.Create(CultureInfo.InvariantCulture, $"AT+CUSD=1,\"{UssdText.Encode(text, UssdForm.Charset, charset)}\",{UssdDataCoding.Gsm7Unspecified}");

    /// <summary>A <c>+CUSD</c> result code as a modem writes it, for the simulator and tests.</summary>
    public static string Format(int status, string? data, int? dcs) => (data, dcs) switch
    {
        (null, _) => string.Create(CultureInfo.InvariantCulture, $"+CUSD: {status}"),
        (_, null) => string.Create(CultureInfo.InvariantCulture, $"+CUSD: {status},\"{data}\""),
        _ => string.Create(CultureInfo.InvariantCulture, $"+CUSD: {status},\"{data}\",{dcs}"),
    };
}
