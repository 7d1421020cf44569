using Drivers.Em73xx.Protocol.Ussd;
using FsCheck;
using FsCheck.Xunit;

namespace Drivers.Em73xx.Tests.Protocol.Ussd;

public sealed class UssdPropertyTests
{
    // The alphabet written out again from TS 23.038 6.2.1 and 6.2.1.1, independently of Gsm7's table.
    private const string Gsm = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà\f^{}\\[~]|€";

    private static string GsmText(NonNegativeInt[] picks, int length)
    {
        var text = new char[length];
        for (var i = 0; i < length; i++)
        {
            text[i] = Gsm[picks.Length == 0 ? i % Gsm.Length : picks[i % picks.Length].Get % Gsm.Length];
        }
        // A CR wanted last on an octet boundary comes back doubled (TS 23.038 6.1.2.3.1), as its own test shows.
        return new string(text).TrimEnd('\r');
    }

    [Property(MaxTest = 500)]
    public bool Gsm_text_packed_into_a_cusd_line_decodes_to_itself(NonNegativeInt[] picks, NonNegativeInt length, bool waits)
    {
        var text = GsmText(picks, length.Get % 183);
        var line = CusdCommand.Format(waits ? 1 : 0, UssdText.Encode(text, UssdForm.PackedGsm7, TeCharset.Ira), UssdDataCoding.Gsm7Unspecified);

        return CusdParser.TryParse(line, out var cusd, out _)
            && cusd.Status == (waits ? 1 : 0)
            && UssdText.TryDecode(cusd.Data!, UssdForm.PackedGsm7, TeCharset.Ira, out var decoded, out _)
            && decoded == text;
    }

    [Property(MaxTest = 500)]
    public bool Any_text_as_ucs2_in_a_cusd_line_decodes_to_itself(string? text, bool waits)
    {
        text ??= "";
        if (text.Length * 4 > CusdParser.MaxDataLength)
        {
            text = text[..(CusdParser.MaxDataLength / 4)];
        }
        var line = CusdCommand.Format(waits ? 1 : 0, UssdText.Encode(text, UssdForm.Ucs2, TeCharset.Ira), UssdDataCoding.Ucs2);

        return CusdParser.TryParse(line, out var cusd, out _)
            && UssdText.TryDecode(cusd.Data!, cusd.Dcs, TeCharset.Ira, out var decoded, out _)
            && decoded == text;
    }

    [Property(MaxTest = 500)]
    public bool Gsm_text_in_the_ucs2_character_set_decodes_to_itself(NonNegativeInt[] picks, NonNegativeInt length)
    {
        var text = GsmText(picks, length.Get % 183);
        var data = UssdText.Encode(text, UssdForm.Charset, TeCharset.Ucs2);

        return UssdText.TryDecode(data, UssdDataCoding.Gsm7Unspecified, TeCharset.Ucs2, out var decoded, out _) && decoded == text;
    }

    [Property(MaxTest = 500)]
    public bool Packed_gsm_text_with_a_letter_among_its_hex_is_recognized_without_being_told(NonNegativeInt[] picks, NonNegativeInt length)
    {
        // The form a modem uses is not announced: packed hex is recognized when it cannot be a plain number.
        var text = GsmText(picks, 1 + (length.Get % 182));
        var data = UssdText.Pack(text);
        if (data.All(char.IsAsciiDigit))
        {
            return true;
        }
        return UssdText.TryDecode(data, UssdDataCoding.Gsm7Unspecified, TeCharset.Ira, out var decoded, out _) && decoded == text.TrimEnd('\r');
    }

    [Property(MaxTest = 2000)]
    public bool Any_line_never_throws_and_a_refusal_names_its_error(string? line, byte dcs, bool ucs2Charset)
    {
        line ??= "";
        var charset = ucs2Charset ? TeCharset.Ucs2 : TeCharset.Ira;
        foreach (var candidate in new[] { line, "+CUSD: " + line, "+CUSD: 1,\"" + line + "\"," + dcs })
        {
            if (!CusdParser.TryParse(candidate, out var cusd, out var error))
            {
                if (error == UssdParseError.None || !Enum.IsDefined(error))
                {
                    return false;
                }
                continue;
            }
            if (cusd.Data is { } data && !UssdText.TryDecode(data, cusd.Dcs, charset, out _, out var textError)
                && (textError == UssdParseError.None || !Enum.IsDefined(textError)))
            {
                return false;
            }
        }
        return true;
    }

    [Property(MaxTest = 1000)]
    public bool Any_octets_as_a_string_in_any_coding_scheme_never_throw(byte[] octets, byte dcs)
    {
        var hex = Convert.ToHexString(octets ?? []);
        foreach (var charset in Enum.GetValues<TeCharset>())
        {
            _ = UssdText.TryDecode(hex, dcs, charset, out _, out _);
            _ = UssdText.TryDecode(System.Text.Encoding.Latin1.GetString(octets ?? []), dcs, charset, out _, out _);
        }
        return true;
    }
}
