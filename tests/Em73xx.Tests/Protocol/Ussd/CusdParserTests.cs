using Drivers.Em73xx.Protocol.Ussd;

namespace Drivers.Em73xx.Tests.Protocol.Ussd;

// +CUSD: <m>[,<str>[,<dcs>]] (TS 27.007 7.15), its string per TS 23.038 5 and 6, and +CSCS (TS 27.007 5.5).
public sealed class CusdParserTests
{
    [Theory]
    [InlineData("+CUSD: 0,\"Your balance is 12.50 EUR.\",15", 0, "Your balance is 12.50 EUR.", 15)]
    [InlineData("+CUSD: 1,\"Menu\",15", 1, "Menu", 15)]
    [InlineData("+CUSD:2", 2, null, null)]
    [InlineData("  +CUSD: 4  ", 4, null, null)]
    [InlineData("+CUSD: 0,\"no dcs\"", 0, "no dcs", null)]
    [InlineData("+CUSD: 0,\"\",15", 0, "", 15)]
    [InlineData("+CUSD: 0,C8329BFD06,15", 0, "C8329BFD06", 15)]
    [InlineData("+CUSD: 0,\"He said \"hi\"\",15", 0, "He said \"hi\"", 15)]
    [InlineData("+CUSD: 0,\"a, b, c\" , 72 ", 0, "a, b, c", 72)]
    [InlineData("+CUSD: 0,\"x\",", 0, "x", null)]
    public void Well_formed_lines_give_their_fields(string line, int status, string? data, int? dcs)
    {
        Assert.True(CusdParser.TryParse(line, out var cusd, out var error));
        Assert.Equal(UssdParseError.None, error);
        Assert.Equal(new CusdLine(status, data, dcs), cusd);
    }

    [Theory]
    [InlineData("", (int)UssdParseError.NotCusd)]
    [InlineData("+CUSD", (int)UssdParseError.NotCusd)]
    [InlineData("+CMTI: \"SM\",1", (int)UssdParseError.NotCusd)]
    [InlineData("+CUSD:", (int)UssdParseError.InvalidStatus)]
    [InlineData("+CUSD: ", (int)UssdParseError.InvalidStatus)]
    [InlineData("+CUSD: 6", (int)UssdParseError.InvalidStatus)]
    [InlineData("+CUSD: -1", (int)UssdParseError.InvalidStatus)]
    [InlineData("+CUSD: 99999999999999999999", (int)UssdParseError.InvalidStatus)]
    [InlineData("+CUSD: one,\"x\"", (int)UssdParseError.InvalidStatus)]
    [InlineData("+CUSD: 0,\"unterminated", (int)UssdParseError.UnterminatedString)]
    [InlineData("+CUSD: 0,\"", (int)UssdParseError.UnterminatedString)]
    [InlineData("+CUSD: 0,\"x\",256", (int)UssdParseError.InvalidDcs)]
    [InlineData("+CUSD: 0,\"x\",1.5", (int)UssdParseError.InvalidDcs)]
    [InlineData("+CUSD: 0,\"x\",abc", (int)UssdParseError.InvalidDcs)]
    [InlineData("+CUSD: 0,\"x\",15,7", (int)UssdParseError.TrailingCharacters)]
    [InlineData("+CUSD: 0,\"x\"junk", (int)UssdParseError.TrailingCharacters)]
    [InlineData("+CUSD: 0,\"x\"\r\nOK", (int)UssdParseError.TrailingCharacters)]
    public void Malformed_lines_are_refused_with_a_typed_error(string line, int expected)
    {
        Assert.False(CusdParser.TryParse(line, out _, out var error));
        Assert.Equal((UssdParseError)expected, error);
    }

    [Fact]
    public void A_string_longer_than_any_ussd_string_is_refused()
    {
        var line = "+CUSD: 0,\"" + new string('A', CusdParser.MaxDataLength + 1) + "\",15";

        Assert.False(CusdParser.TryParse(line, out _, out var error));
        Assert.Equal(UssdParseError.TooLong, error);
    }

    [Fact]
    public void Every_truncation_of_a_valid_line_is_refused_or_a_prefix_of_its_fields()
    {
        const string Line = "+CUSD: 1,\"C8329BFD06\",15";
        for (var cut = 0; cut < Line.Length; cut++)
        {
            if (CusdParser.TryParse(Line.AsSpan(0, cut), out var cusd, out var error))
            {
                Assert.Equal(1, cusd.Status);
                Assert.True(cusd.Data is null || "C8329BFD06".StartsWith(cusd.Data, StringComparison.Ordinal), Line[..cut]);
            }
            else
            {
                Assert.NotEqual(UssdParseError.None, error);
            }
        }
    }

    [Theory]
    [InlineData("+CSCS: \"UCS2\"", (int)TeCharset.Ucs2)]
    [InlineData("+CSCS: \"GSM\"", (int)TeCharset.Gsm)]
    [InlineData("+CSCS: \"IRA\"", (int)TeCharset.Ira)]
    [InlineData("+CSCS: \"HEX\"", (int)TeCharset.Hex)]
    [InlineData("+CSCS: \"8859-1\"", (int)TeCharset.Latin1)]
    [InlineData("+CSCS: \"UTF-8\"", (int)TeCharset.Utf8)]
    [InlineData("+CSCS: \"PCCP437\"", (int)TeCharset.Ira)]
    [InlineData("+CSCS:ucs2", (int)TeCharset.Ucs2)]
    public void The_character_set_is_read_from_cscs(string line, int expected)
    {
        Assert.True(CusdParser.TryParseCharset(line, out var charset));
        Assert.Equal((TeCharset)expected, charset);
    }

    [Fact]
    public void A_line_that_is_not_cscs_gives_no_character_set() => Assert.False(CusdParser.TryParseCharset("+CUSD: 1", out _));
}
