using System.Text;
using Drivers.Em73xx.Protocol;
using Drivers.Em73xx.Simulation;
using FsCheck;
using FsCheck.Xunit;

namespace Drivers.Em73xx.Tests.Protocol;

public sealed class ParserPropertyTests
{
    private static readonly string Listing = string.Join('\n',
        "+CMGL: 1,\"REC UNREAD\",\"+420775123456\",,\"16/10/21,12:00:00+08\",145,4",
        "Ahoj",
        "+CMGL: 2,\"STO SENT\",\"+420775123457\",,,145,12",
        "test message");

    [Property(MaxTest = 1000)]
    public void Any_text_fed_to_any_parser_never_throws(string? text)
    {
        text ??= "";
        AtLineClassifier.Classify(text);
        AtLineClassifier.Classify(text, "AT+CREG?");
        AtLineClassifier.ErrorCode(text);
        _ = ScTimestamp.TryParse(text, out _);
        _ = XlcslsrParser.TryParse(text, out _);
        _ = XlcslsrParser.TryParseRequestId(text, out _);
        SmsHeader.AnnouncedBodyLength(text);
        SmsListParser.ParseList(text.Split('\n'));
        SmsListParser.ParseRead(text.Split('\n'), 1);
        _ = Replies.TryParseCpin(text, out _);
        _ = Replies.TryParseXpincnt(text, out _);
        _ = Replies.TryParseCsq(text, out _);
        _ = Replies.TryParseCops(text, out _);
        _ = Replies.TryParseCmgs(text, out _);
        _ = Replies.TryParseCmti(text, out _);
    }

    [Property(MaxTest = 500)]
    public bool A_truncated_position_report_is_a_fix_or_nothing_and_never_throws(PositiveInt cut)
    {
        var real = SimulatedModemOptions.SampleFixes[0];
        var line = real[..Math.Min(cut.Get, real.Length)];
        var parsed = XlcslsrParser.TryParse(line, out var fix);
        // Once latitude and longitude are whole, it is a fix; its satellites never exceed the report's count.
        return !parsed || (fix.Satellites.Count <= 6 && Math.Abs(fix.Latitude - 49.195407) < 1e-6);
    }

    [Property(MaxTest = 500)]
    public void A_mutated_listing_never_throws_and_keeps_indexes_sane(NonNegativeInt position, char replacement, PositiveInt cut)
    {
        var chars = Listing.ToCharArray();
        chars[position.Get % chars.Length] = replacement;
        var mutated = new string(chars)[..Math.Min(cut.Get, chars.Length)];

        var messages = SmsListParser.ParseList(mutated.Split('\n'));

        Assert.All(messages, m => Assert.InRange(m.Index, 0, 999_999_999));
    }

    [Property(MaxTest = 300)]
    public bool Every_stamp_with_a_quarter_hour_zone_round_trips(DateTime when, sbyte quarters)
    {
        var zone = TimeSpan.FromMinutes(Math.Clamp((int)quarters, -48, 56) * 15);
        var time = new DateTimeOffset(2000 + (when.Year % 90), when.Month, Math.Min(when.Day, 28), when.Hour, when.Minute, when.Second, zone);
        return ScTimestamp.TryParse(ScTimestamp.Format(time), out var back) && back == time && back.Offset == zone;
    }

    [Fact]
    public void Random_bytes_decoded_as_lines_never_break_the_classifier()
    {
        var random = new Random(7345);
        var bytes = new byte[4096];
        for (var round = 0; round < 200; round++)
        {
            random.NextBytes(bytes);
            foreach (var line in Encoding.Latin1.GetString(bytes).Split('\r', '\n'))
            {
                Assert.True(Enum.IsDefined(AtLineClassifier.Classify(line)));
            }
        }
    }
}
