using Drivers.Em73xx.Protocol;
using Drivers.Em73xx.Sms;

namespace Drivers.Em73xx.Tests.Protocol;

public sealed class SmsListParserTests
{
    [Fact]
    public void A_listing_without_lengths_pairs_headers_with_their_bodies()
    {
        var messages = SmsListParser.ParseList(
        [
            "+CMGL: 1,\"REC UNREAD\",\"+420775123456\",,\"16/10/21,12:00:00+08\"",
            "Ahoj",
            "+CMGL: 2,\"STO SENT\",\"+420775123457\",,",
            "test message",
        ]);

        Assert.Equal(2, messages.Count);
        Assert.Equal(1, messages[0].Index);
        Assert.Equal(SmsStatus.Unread, messages[0].Status);
        Assert.Equal("+420775123456", messages[0].Address);
        Assert.Equal(new DateTimeOffset(2016, 10, 21, 12, 0, 0, TimeSpan.FromHours(2)), messages[0].Timestamp);
        Assert.Equal("Ahoj", messages[0].Text);
        Assert.Equal(SmsStatus.Sent, messages[1].Status);
        Assert.Null(messages[1].Timestamp);
        Assert.Equal("test message", messages[1].Text);
    }

    [Fact]
    public void A_body_of_several_lines_stays_one_text()
    {
        var messages = SmsListParser.ParseList(
        [
            "+CMGL: 3,\"REC READ\",\"+420775123456\",,\"16/10/21,12:00:00+08\"",
            "first line",
            "second line",
            "+CMGL: 4,\"REC READ\",\"+420775123456\",,\"16/10/21,12:00:01+08\"",
            "x",
        ]);

        Assert.Equal("first line\nsecond line", messages[0].Text);
        Assert.Equal("x", messages[1].Text);
    }

    [Fact]
    public void A_body_line_that_reads_OK_is_text_not_a_result_code()
    {
        // With AT+CSDH=1 the header announces the length, and the reader loop hands the body over whole.
        var messages = SmsListParser.ParseList(
        [
            "+CMGL: 1,\"REC READ\",\"+420775123456\",,\"16/10/21,12:00:00+08\",145,10",
            "Fine\r\nOK\r\n:)",
            "+CMGL: 2,\"REC READ\",\"+420775123456\",,\"16/10/21,12:00:00+08\",145,0",
            "",
            "+CMGL: 3,\"REC READ\",\"+420775123456\",,\"16/10/21,12:00:00+08\",145,33",
            "+CMGL: 9,\"REC READ\",\"+1\",,\"x\"",
        ]);

        Assert.Equal(["Fine\nOK\n:)", "", "+CMGL: 9,\"REC READ\",\"+1\",,\"x\""], messages.Select(m => m.Text));
        Assert.Equal([1, 2, 3], messages.Select(m => m.Index));
    }

    [Fact]
    public void A_read_reply_gives_its_message_or_null_for_an_empty_slot()
    {
        var message = SmsListParser.ParseRead(["+CMGR: \"REC UNREAD\",\"+420775123456\",,\"16/10/21,12:05:10+08\"", "Hi"], 3);

        Assert.NotNull(message);
        Assert.Equal(3, message.Index);
        Assert.Equal("Hi", message.Text);
        Assert.Null(SmsListParser.ParseRead([], 4));
    }

    [Theory]
    [InlineData("+CMGL: x,\"REC READ\",\"+1\",,")]
    [InlineData("+CMGL: 1,\"WHATEVER\",\"+1\",,")]
    [InlineData("+CMGL: 1,\"REC READ\"")]
    [InlineData("+CMGL:")]
    [InlineData("+CMGL: 1,\"REC READ\",+1,,")]
    public void Malformed_headers_are_not_messages(string header) =>
        Assert.Empty(SmsListParser.ParseList([header, "body"]));

    [Fact]
    public void A_header_with_a_broken_timestamp_keeps_the_message_without_time()
    {
        var messages = SmsListParser.ParseList(["+CMGL: 5,\"REC READ\",\"+1\",,\"16/99/21,12:00:00+08\"", "text"]);

        Assert.Null(Assert.Single(messages).Timestamp);
    }
}
