using Drivers.Em73xx.Protocol;

namespace Drivers.Em73xx.Tests.Protocol;

public sealed class AtLineClassifierTests
{
    [Theory]
    [InlineData("OK", (int)AtLineKind.Ok)]
    [InlineData("ERROR", (int)AtLineKind.Error)]
    [InlineData("+CME ERROR: 16", (int)AtLineKind.CmeError)]
    [InlineData("+CMS ERROR: 500", (int)AtLineKind.CmsError)]
    [InlineData("NO CARRIER", (int)AtLineKind.OtherFailure)]
    [InlineData("+CMTI: \"SM\",3", (int)AtLineKind.Unsolicited)]
    [InlineData("+XSIM: 12", (int)AtLineKind.Unsolicited)]
    [InlineData("+XLSRSTOP: OK", (int)AtLineKind.Unsolicited)]
    [InlineData("$GPGGA,123519,4807.038,N", (int)AtLineKind.Unsolicited)]
    [InlineData("RING", (int)AtLineKind.Unsolicited)]
    [InlineData("+XLCSLSR: 2, 49.195407 N, 16.606729 E, 231.17", (int)AtLineKind.Unsolicited)]
    [InlineData("+XLCSLSR: request id 2", (int)AtLineKind.Information)]
    [InlineData("+CPIN: READY", (int)AtLineKind.Information)]
    [InlineData("013937006598898", (int)AtLineKind.Information)]
    [InlineData("OKAY", (int)AtLineKind.Information)]
    [InlineData("junk\u0001", (int)AtLineKind.Garbage)]
    [InlineData("\u007f", (int)AtLineKind.Garbage)]
    public void Every_line_gets_its_kind(string line, int kind) => Assert.Equal((AtLineKind)kind, AtLineClassifier.Classify(line));

    [Fact]
    public void A_code_the_command_asked_for_is_a_reply_not_unsolicited()
    {
        Assert.Equal(AtLineKind.Information, AtLineClassifier.Classify("+CREG: 0,1", "AT+CREG?"));
        Assert.Equal(AtLineKind.Unsolicited, AtLineClassifier.Classify("+CREG: 1", "AT+CPIN?"));
        Assert.Equal(AtLineKind.Unsolicited, AtLineClassifier.Classify("+CREG: 1"));
    }

    [Theory]
    [InlineData("+CME ERROR: 16", 16)]
    [InlineData("+CMS ERROR: 330", 330)]
    [InlineData("+CME ERROR: SIM busy", -1)]
    [InlineData("+CME ERROR: 99999999999", -1)]
    public void Error_codes_are_read_when_numeric(string line, int code) => Assert.Equal(code, AtLineClassifier.ErrorCode(line));

    [Fact]
    public void Commands_known_to_hang_or_brick_the_modem_are_forbidden()
    {
        Assert.True(ForbiddenCommands.IsForbidden("AT+CPOL?"));
        Assert.True(ForbiddenCommands.IsForbidden("at+xciq=0"));
        Assert.False(ForbiddenCommands.IsForbidden("AT+CPIN?"));
    }
}
