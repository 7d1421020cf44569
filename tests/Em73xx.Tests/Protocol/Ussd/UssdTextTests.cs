using Drivers.Em73xx.Protocol.Ussd;

namespace Drivers.Em73xx.Tests.Protocol.Ussd;

// The string of +CUSD by data coding scheme (TS 23.038 5) and TE character set (TS 27.007 5.5, 7.15).
public sealed class UssdTextTests
{
    // "hellohello" in packed septets: the user data of the classic SMS-DELIVER example that the PDU tests use too.
    private const string HelloHello = "E8329BFD4697D9EC37";

    [Theory]
    [InlineData("Your balance is 12.50 EUR.", 15, (int)TeCharset.Ira, "Your balance is 12.50 EUR.")]
    [InlineData(HelloHello, 15, (int)TeCharset.Ira, "hellohello")]
    [InlineData(HelloHello, 0x0F, (int)TeCharset.Gsm, "hellohello")]
    [InlineData(HelloHello, 0x00, (int)TeCharset.Latin1, "hellohello")] // coding group 0000: German, GSM 7-bit
    [InlineData(HelloHello, 0x40, (int)TeCharset.Ira, "hellohello")] // general data coding, GSM 7-bit
    [InlineData("005A016F00730074006100740065006B", 72, (int)TeCharset.Ira, "Zůstatek")]
    [InlineData("005A016F00730074006100740065006B", 15, (int)TeCharset.Ucs2, "Zůstatek")] // GSM 7-bit converted to the UCS2 character set
    [InlineData("68656C6C6F", 15, (int)TeCharset.Hex, "hello")] // HEX: septet values, unpacked
    [InlineData("1234", 15, (int)TeCharset.Ira, "1234")] // all digits: a number, not packed hex
    [InlineData("Z\u00c5\u00afstatek", 15, (int)TeCharset.Utf8, "Zůstatek")] // UTF-8 bytes as the channel reads them (Latin-1)
    [InlineData("\u0000\u0011\u001B\u0065", 15, (int)TeCharset.Gsm, "@_€")] // GSM: septet values, ESC to the extension table
    [InlineData("0102FF", 0xF4, (int)TeCharset.Ira, "0102FF")] // 8-bit data is shown as hex
    public void Strings_decode_by_coding_scheme_and_character_set(string data, int dcs, int charset, string expected)
    {
        Assert.True(UssdText.TryDecode(data, dcs, (TeCharset)charset, out var text, out var error), error.ToString());
        Assert.Equal(expected, text);
    }

    [Fact]
    public void A_language_indication_before_gsm_text_is_removed()
    {
        var data = UssdText.Pack("cs\rDobry den");

        Assert.True(UssdText.TryDecode(data, 0x10, TeCharset.Ira, out var text, out _));
        Assert.Equal("Dobry den", text);
    }

    [Fact]
    public void A_language_indication_before_ucs2_text_is_removed()
    {
        var data = UssdText.Pack("cs") + UssdText.Encode("Dobrý den", UssdForm.Ucs2, TeCharset.Ira);

        Assert.True(UssdText.TryDecode(data, 0x11, TeCharset.Ira, out var text, out _));
        Assert.Equal("Dobrý den", text);
    }

    [Theory]
    [InlineData("0041004", 72, (int)UssdParseError.InvalidHex)]
    [InlineData("00410G42", 72, (int)UssdParseError.InvalidHex)]
    [InlineData("004100", 72, (int)UssdParseError.OddUcs2Length)]
    [InlineData("0102F", 0xF4, (int)UssdParseError.InvalidHex)]
    [InlineData("C8329BFD06", 0x60, (int)UssdParseError.CompressedText)]
    public void Undecodable_strings_are_refused_with_a_typed_error(string data, int dcs, int expected)
    {
        Assert.False(UssdText.TryDecode(data, dcs, TeCharset.Ira, out _, out var error));
        Assert.Equal((UssdParseError)expected, error);
    }

    [Theory]
    [InlineData(0x0F, (int)UssdAlphabet.Gsm7, false, false)]
    [InlineData(0x00, (int)UssdAlphabet.Gsm7, false, false)]
    [InlineData(0x10, (int)UssdAlphabet.Gsm7, true, false)]
    [InlineData(0x11, (int)UssdAlphabet.Ucs2, true, false)]
    [InlineData(0x12, (int)UssdAlphabet.Gsm7, false, false)] // reserved: GSM 7-bit
    [InlineData(0x2F, (int)UssdAlphabet.Gsm7, false, false)]
    [InlineData(0x44, (int)UssdAlphabet.EightBit, false, false)]
    [InlineData(0x48, (int)UssdAlphabet.Ucs2, false, false)]
    [InlineData(0x4C, (int)UssdAlphabet.Gsm7, false, false)] // alphabet 11: reserved
    [InlineData(0x68, (int)UssdAlphabet.Ucs2, false, true)]
    [InlineData(0x98, (int)UssdAlphabet.Ucs2, false, false)]
    [InlineData(0xA5, (int)UssdAlphabet.Gsm7, false, false)] // reserved group
    [InlineData(0xF0, (int)UssdAlphabet.Gsm7, false, false)]
    [InlineData(0xF4, (int)UssdAlphabet.EightBit, false, false)]
    public void Coding_schemes_name_their_alphabet(int dcs, int alphabet, bool languagePrefix, bool compressed)
    {
        Assert.Equal((UssdAlphabet)alphabet, UssdDataCoding.Alphabet(dcs, out var language, out var isCompressed));
        Assert.Equal((languagePrefix, compressed), (language, isCompressed));
    }

    [Fact]
    public void Packing_matches_the_classic_example() => Assert.Equal(HelloHello, UssdText.Pack("hellohello"));

    [Fact]
    public void Seven_characters_get_a_carriage_return_as_padding_which_is_not_read_back()
    {
        var packed = UssdText.Pack("1234567");

        Assert.Equal(7, packed.Length / 2); // 8 septets: the seventh character's octet is filled with CR
        Assert.True(UssdText.TryUnpack(packed, out var text, out _));
        Assert.Equal("1234567", text);
    }

    [Fact]
    public void A_wanted_carriage_return_on_an_octet_boundary_is_doubled_and_read_as_two()
    {
        // TS 23.038 6.1.2.3.1: the receiver performs the CR twice, which does no harm (CR is CR LF).
        Assert.True(UssdText.TryUnpack(UssdText.Pack("1234567\r"), out var text, out _));
        Assert.Equal("1234567\r\r", text);
    }

    [Fact]
    public void A_request_is_written_in_the_modems_character_set()
    {
        Assert.Equal("AT+CUSD=1,\"*101#\",15", CusdCommand.Request("*101#", TeCharset.Ira));
        Assert.Equal("AT+CUSD=1,\"002A0031003000310023\",15", CusdCommand.Request("*101#", TeCharset.Ucs2));
        Assert.Equal("AT+CUSD=1,\"2A31303123\",15", CusdCommand.Request("*101#", TeCharset.Hex));
    }

    [Theory]
    [InlineData("*101#", true)]
    [InlineData("#100#", true)]
    [InlineData("*123*4567890123456#", true)]
    [InlineData("+420775123456", true)]
    [InlineData("", false)]
    [InlineData("*101#\"\r\nAT+CFUN=16", false)]
    [InlineData("*101#;+CFUN=16", false)]
    [InlineData("*101# ", false)]
    [InlineData("１０１", false)] // full-width digits
    public void Codes_are_digits_stars_hashes_and_pluses(string code, bool valid) => Assert.Equal(valid, UssdInput.IsCode(code));

    [Fact]
    public void Codes_and_answers_are_at_most_182_characters()
    {
        Assert.True(UssdInput.IsCode(new string('1', 182)));
        Assert.False(UssdInput.IsCode(new string('1', 183)));
        Assert.True(UssdInput.IsAnswer("Yes 2"));
        Assert.False(UssdInput.IsAnswer("2\""));
        Assert.False(UssdInput.IsAnswer("2\r"));
        Assert.False(UssdInput.IsAnswer(new string('a', 183)));
        Assert.False(UssdInput.IsAnswer(null));
    }
}
