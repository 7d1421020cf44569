using System.Text;
using Drivers.Em73xx.Protocol;
using Drivers.Em73xx.Protocol.Pdu;
using Drivers.Em73xx.Simulation;
using FsCheck;
using FsCheck.Xunit;

namespace Drivers.Em73xx.Tests.Protocol;

// TS 27.005 3.4.1: "+CMT: [<alpha>],<length>" and "+CDS: <length>" (PDU mode), each followed by its PDU on the next line.
public sealed class RoutedPduTests
{
    private static readonly DateTimeOffset Sent = new(2026, 11, 30, 17, 0, 0, TimeSpan.FromHours(1));

    // A status report on a message to +420775123456 sent as reference 17, delivered (TP-ST 0).
    private static readonly string Report = SimulatedPdus.StatusReport(
        PduEncoder.Encode("+420775123456", "Hi", 0)[0].Hex, 17, Sent, Sent.AddSeconds(5), 0x00);

    private static readonly string Deliver = SimulatedPdus.Deliver("+420775123456", "Ahoj", Sent, 1)[0];

    private static string Cds => $"+CDS: {SimulatedPdus.TpduLength(Report)}";

    private static string Cmt => $"+CMT: ,{SimulatedPdus.TpduLength(Deliver)}";

    [Fact]
    public void A_report_and_its_pdu_line_are_one_code()
    {
        var frames = Frames($"\r\n{Cds}\r\n{Report}\r\n", command: null);

        Assert.Equal([new AtFrame(AtFrameKind.Unsolicited, Cds + "\n" + Report)], frames);
    }

    [Fact]
    public void A_routed_pdu_arriving_during_a_command_is_not_taken_for_its_reply()
    {
        var frames = Frames($"\r\n{Cmt}\r\n{Deliver}\r\n\r\n+CSQ: 20,99\r\n\r\nOK\r\n", "AT+CSQ");

        Assert.Equal(
            [new(AtFrameKind.Unsolicited, Cmt + "\n" + Deliver), new(AtFrameKind.Information, "+CSQ: 20,99"), new(AtFrameKind.FinalResult, "OK", AtLineKind.Ok)],
            frames);
    }

    [Theory]
    [InlineData("OK", "FinalResult")]
    [InlineData("+CMTI: \"SM\",3", "Unsolicited")]
    [InlineData("+CME ERROR: 14", "FinalResult")]
    [InlineData("013937006598898", "Information")] // an IMEI: odd, so no PDU
    [InlineData("07912460302500F", "Information")] // a PDU cut in half an octet
    [InlineData("ZZ", "Information")]
    public void A_header_whose_pdu_never_came_goes_alone_and_the_next_line_keeps_its_meaning(string next, string kind)
    {
        var frames = Frames($"\r\n+CDS: 25\r\n{next}\r\n", "AT+CGSN");

        Assert.Equal(2, frames.Count);
        Assert.Equal(new AtFrame(AtFrameKind.Unsolicited, "+CDS: 25"), frames[0]);
        Assert.Equal((kind, next), (frames[1].Kind.ToString(), frames[1].Text));
    }

    [Fact]
    public void A_garbage_line_after_a_header_is_skipped_and_the_header_goes_alone()
    {
        var framer = new AtFramer();

        var frames = ReadAll(framer, Bytes("\r\n+CMT: ,24\r\n\x01\x02\x03\r\n\r\nOK\r\n"), new AtCommandInFlight("AT", false, false));

        Assert.Equal([AtFrameKind.Unsolicited, AtFrameKind.Garbage, AtFrameKind.FinalResult], frames.Select(f => f.Kind));
        Assert.Equal(1, framer.GarbageLines);
    }

    [Fact]
    public void A_second_header_after_a_header_without_pdu_waits_for_its_own_pdu()
    {
        var frames = Frames($"\r\n+CMT: ,99\r\n{Cmt}\r\n{Deliver}\r\n", command: null);

        Assert.Equal([new AtFrame(AtFrameKind.Unsolicited, "+CMT: ,99"), new AtFrame(AtFrameKind.Unsolicited, Cmt + "\n" + Deliver)], frames);
    }

    [Theory]
    [InlineData("+CMT: \"+420775123456\",,\"16/10/21,12:00:00+08\"")] // text mode: the body is text, not a PDU
    [InlineData("+CDS: 6,17,\"+420775123456\",145,\"16/10/21,12:00:00+08\",\"16/10/21,12:00:05+08\",0")] // text mode: one line
    [InlineData("+CMT: ,0")]
    [InlineData("+CDS: 999")]
    [InlineData("+CDS: abc")]
    public void Text_mode_codes_and_impossible_lengths_are_not_headers(string line)
    {
        Assert.False(RoutedPdu.IsHeader(line));
    }

    [Fact]
    public void A_routed_report_decodes_with_its_reference_recipient_times_and_status()
    {
        Assert.True(RoutedPdu.TryParse(Cds + "\n" + Report, out var isReport, out var pdu, out var error));

        Assert.True(isReport);
        Assert.Equal(PduError.None, error);
        Assert.Equal((PduType.StatusReport, (byte)17, "+420775123456", (byte)0), (pdu!.Type, pdu.MessageReference, pdu.Address.Value, pdu.Status));
        Assert.Equal(Sent, pdu.ServiceCenterTimestamp);
        Assert.Equal(Sent.AddSeconds(5), pdu.DischargeTime);
    }

    [Fact]
    public void A_routed_message_decodes_and_a_named_sender_header_is_accepted()
    {
        var header = $"+CMT: \"Mom, at home\",{SimulatedPdus.TpduLength(Deliver)}";

        Assert.True(RoutedPdu.TryParse(header + "\n" + Deliver, out var isReport, out var pdu, out _));

        Assert.False(isReport);
        Assert.Equal("Ahoj", pdu!.Text);
    }

    [Theory]
    [InlineData("+CDS: 25", "Empty")]
    [InlineData("+CDS: 25\n07912460302500F006", "Truncated")]
    [InlineData("+CDS: 25\n0791246030250", "OddLength")]
    [InlineData("+CDS: 25\nGG", "InvalidHexDigit")]
    public void A_missing_or_broken_pdu_is_named_not_thrown(string code, string expected)
    {
        Assert.True(RoutedPdu.TryParse(code, out _, out var pdu, out var error));

        Assert.Null(pdu);
        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void A_message_where_a_report_was_announced_is_refused()
    {
        Assert.True(RoutedPdu.TryParse($"+CDS: {SimulatedPdus.TpduLength(Deliver)}\n{Deliver}", out _, out var pdu, out var error));

        Assert.Null(pdu);
        Assert.Equal(PduError.UnexpectedType, error);
    }

    [Fact]
    public void A_length_counted_otherwise_by_the_firmware_does_not_lose_the_report()
    {
        Assert.True(RoutedPdu.TryParse("+CDS: 99\n" + Report, out _, out var pdu, out _));

        Assert.Equal((byte)17, pdu!.MessageReference);
    }

    [Theory]
    [InlineData("+CDSI: \"SR\",3", "SR", 3)]
    [InlineData("+CDSI: \"sr\",3", null, 3)]
    [InlineData("+CDSI: SM,12", "SM", 12)]
    public void A_stored_report_names_its_storage_and_index(string line, string? storage, int index)
    {
        Assert.True(RoutedPdu.TryParseStoredReport(line, out var name, out var at));

        Assert.Equal((storage, index), (name, at));
    }

    [Theory]
    [InlineData("+CDSI: \"SR\"")]
    [InlineData("+CDSI: \"SR\",x")]
    [InlineData("+CMTI: \"SR\",3")]
    public void A_broken_stored_report_code_is_not_one(string line)
    {
        Assert.False(RoutedPdu.TryParseStoredReport(line, out _, out _));
    }

    // Whatever line follows a routed header, and however the bytes are cut, the framer never throws, the command in flight
    // still gets its final result, and whatever it hands on parses without throwing.
    [Property(MaxTest = 500)]
    public bool Any_line_after_a_routed_header_never_swallows_the_final_result(string? next, bool report, NonNegativeInt[] cuts)
    {
        var line = new string((next ?? "").Where(c => c is not ('\r' or '\n') && c < 256).ToArray());
        var header = report ? "+CDS: 25" : "+CMT: ,24";
        var stream = Bytes($"\r\n{header}\r\n{line}\r\n\r\nOK\r\n");
        var framer = new AtFramer();
        var command = new AtCommandInFlight("AT+CSQ", false, false);
        var frames = new List<AtFrame>();
        var start = 0;
        foreach (var cut in cuts.Select(c => c.Get % (stream.Length + 1)).Order().Append(stream.Length))
        {
            frames.AddRange(ReadAll(framer, stream.AsSpan(start, cut - start), command));
            start = cut;
        }
        foreach (var frame in frames.Where(f => f.Kind == AtFrameKind.Unsolicited))
        {
            _ = RoutedPdu.TryParse(frame.Text, out _, out _, out _);
        }
        return frames.Count(f => f.Kind == AtFrameKind.FinalResult && f.Result == AtLineKind.Ok) == (line.Trim(' ') == "OK" ? 2 : 1)
            && frames[0].Kind == AtFrameKind.Unsolicited && frames[0].Text.StartsWith(header, StringComparison.Ordinal);
    }

    [Property(MaxTest = 300)]
    public bool Any_code_parses_without_throwing(string? code)
    {
        _ = RoutedPdu.TryParse(code ?? "", out _, out _, out _);
        _ = RoutedPdu.TryParse("+CDS: 25\n" + code, out _, out _, out _);
        _ = RoutedPdu.TryParse("+CMT: ,24\n" + code, out _, out _, out _);
        return true;
    }

    private static List<AtFrame> Frames(string text, string? command) =>
        ReadAll(new AtFramer(), Bytes(text), command is null ? null : new AtCommandInFlight(command, false, false));

    private static List<AtFrame> ReadAll(AtFramer framer, ReadOnlySpan<byte> bytes, AtCommandInFlight? command)
    {
        var frames = new List<AtFrame>();
        while (framer.TryRead(ref bytes, command, out var frame))
        {
            frames.Add(frame);
        }
        return frames;
    }

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);
}
