using System.Text;
using Drivers.Em73xx.Protocol;
using FsCheck;
using FsCheck.Xunit;

namespace Drivers.Em73xx.Tests.Protocol;

public sealed class AtFramerTests
{
    private const string Listing = "AT+CMGL=\"ALL\"";

    // A +CMGL reply cut into pieces after which the framer is between lines (TS 27.005 3.4.2: each body follows its header).
    private static readonly string[] ListingReply =
    [
        "\r\n+CMTI: \"SM\",3\r\n",
        "\r\n+CMGL: 1,\"REC READ\",\"+420775123456\",,\"16/10/21,12:00:00+08\",145,10\r\nFine\r\nOK\r\n:)\r\n",
        "+CMGL: 2,\"REC READ\",\"+420775123456\",,\"16/10/21,12:00:00+08\",145,0\r\n\r\n",
        "+CMGL: 3,\"REC UNREAD\",\"+420775123456\",,\"16/10/21,12:00:00+08\",145,2\r\n004F004B\r\n",
        "\r\n+XSIM: 12\r\n",
        "\r\nOK\r\n",
        "\r\n+CREG: 1\r\n",
    ];

    private static readonly AtFrame[] ListingFrames =
    [
        new(AtFrameKind.Unsolicited, "+CMTI: \"SM\",3"),
        new(AtFrameKind.Information, "+CMGL: 1,\"REC READ\",\"+420775123456\",,\"16/10/21,12:00:00+08\",145,10"),
        new(AtFrameKind.Body, "Fine\r\nOK\r\n:)"),
        new(AtFrameKind.Information, "+CMGL: 2,\"REC READ\",\"+420775123456\",,\"16/10/21,12:00:00+08\",145,0"),
        new(AtFrameKind.Body, ""),
        new(AtFrameKind.Information, "+CMGL: 3,\"REC UNREAD\",\"+420775123456\",,\"16/10/21,12:00:00+08\",145,2"),
        new(AtFrameKind.Body, "004F004B"),
        new(AtFrameKind.Unsolicited, "+XSIM: 12"),
        new(AtFrameKind.FinalResult, "OK", AtLineKind.Ok),
        new(AtFrameKind.Unsolicited, "+CREG: 1"),
    ];

    [Fact]
    public void A_listing_is_cut_into_headers_bodies_by_their_length_codes_and_the_final_result()
    {
        var frames = Run([Bytes(string.Concat(ListingReply))], Listing);

        Assert.Equal(ListingFrames, frames);
    }

    [Fact]
    public void The_echo_of_the_command_in_flight_is_an_echo_only_before_its_reply()
    {
        var frames = Run([Bytes("AT+CGSN\r\r\n013937006598898\r\nAT+CGSN\r\n\r\nOK\r\n")], "AT+CGSN");

        Assert.Equal([AtFrameKind.Echo, AtFrameKind.Information, AtFrameKind.Information, AtFrameKind.FinalResult], frames.Select(f => f.Kind));
    }

    [Fact]
    public void Error_results_carry_their_code_also_when_the_modem_spells_it_out()
    {
        var framer = new AtFramer();

        var frames = ReadAll(framer, Bytes("\r\n+CMS ERROR: 330\r\n\r\n+CME ERROR: SIM busy\r\n\r\nERROR\r\n\r\nNO CARRIER\r\n"), new AtCommandInFlight("AT+CMGF=1", false, false));

        Assert.Equal(
            [(AtLineKind.CmsError, 330), (AtLineKind.CmeError, 14), (AtLineKind.Error, -1), (AtLineKind.OtherFailure, -1)],
            frames.Select(f => (f.Result, f.Code)));
        Assert.All(frames, f => Assert.Equal(AtFrameKind.FinalResult, f.Kind));
    }

    [Fact]
    public void The_prompt_is_a_frame_without_a_line_end_only_when_the_command_expects_one()
    {
        var framer = new AtFramer();
        var sending = new AtCommandInFlight("AT+CMGS=\"+420775123456\"", ExpectsPrompt: true, Answered: false);

        Assert.Equal([new AtFrame(AtFrameKind.Prompt, "> ")], ReadAll(framer, "\r\n> "u8, sending));
        Assert.Equal([new AtFrame(AtFrameKind.Information, "> quoted")], ReadAll(framer, "\r\n> quoted\r\n"u8, sending with { ExpectsPrompt = false }));
    }

    [Fact]
    public void Control_bytes_and_overlong_lines_are_garbage_and_counted()
    {
        var framer = new AtFramer();
        var overlong = new byte[AtFramer.MaxLineLength + 10];
        overlong.AsSpan().Fill((byte)'A');

        var frames = ReadAll(framer, [.. "\x00\x13\xff junk\r\n"u8, .. overlong, .. "\r\nOK\r\n"u8]);

        Assert.Equal([AtFrameKind.Garbage, AtFrameKind.Garbage, AtFrameKind.FinalResult], frames.Select(f => f.Kind));
        Assert.Equal(2, framer.GarbageLines);
    }

    [Property(MaxTest = 300)]
    public bool Any_split_of_the_byte_stream_into_chunks_gives_the_same_frames(byte[] noise, NonNegativeInt[] cuts, bool listing)
    {
        var command = listing ? Listing : "AT+CMGS=\"+420775123456\"";
        var reply = listing ? string.Concat(ListingReply) : "\r\n> \r\n+CMGS: 17\r\n\r\nOK\r\n";
        byte[] stream = [.. noise, .. Bytes(reply), .. noise];

        var whole = Run([stream], command);
        var split = Run(Split(stream, cuts.Select(c => c.Get)), command);

        return whole.SequenceEqual(split);
    }

    [Property(MaxTest = 300)]
    public bool Any_garbage_between_replies_is_skipped_and_counted(byte[][] garbage, NonNegativeInt[] places)
    {
        // Each garbage line holds a control byte (never a line end), as noise on a serial line does.
        var lines = (garbage ?? []).Select(g => Bytes("\r\n").Concat((g ?? []).Where(b => b is not ((byte)'\r' or (byte)'\n'))).Append((byte)0x01).Concat(Bytes("\r\n")).ToArray()).ToList();
        var units = ListingReply.Select(Bytes).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var at = places.Length == 0 ? 0 : places[i % places.Length].Get % (units.Count + 1);
            units.Insert(at, lines[i]);
        }
        var framer = new AtFramer();

        var frames = Run([units.SelectMany(u => u).ToArray()], Listing, framer);

        return frames.Where(f => f.Kind != AtFrameKind.Garbage).SequenceEqual(ListingFrames)
            && framer.GarbageLines == lines.Count
            && frames.Count(f => f.Kind == AtFrameKind.Garbage) == lines.Count;
    }

    /// <summary>
    /// Feeds <paramref name="chunks"/> as a reader loop does: the command stays in flight until its final result, and it
    /// counts as answered from its first line of reply.
    /// </summary>
    private static List<AtFrame> Run(IEnumerable<byte[]> chunks, string command, AtFramer? framer = null)
    {
        framer ??= new AtFramer();
        var inFlight = (AtCommandInFlight?)new AtCommandInFlight(command, command.StartsWith("AT+CMGS", StringComparison.Ordinal), false);
        var frames = new List<AtFrame>();
        foreach (var chunk in chunks)
        {
            ReadOnlySpan<byte> rest = chunk;
            while (framer.TryRead(ref rest, inFlight, out var frame))
            {
                frames.Add(frame);
                inFlight = frame.Kind switch
                {
                    AtFrameKind.FinalResult => null,
                    AtFrameKind.Information or AtFrameKind.Body when inFlight is { } current => current with { Answered = true },
                    _ => inFlight,
                };
            }
        }
        return frames;
    }

    private static List<AtFrame> ReadAll(AtFramer framer, ReadOnlySpan<byte> bytes, AtCommandInFlight? command = null)
    {
        var frames = new List<AtFrame>();
        while (framer.TryRead(ref bytes, command, out var frame))
        {
            frames.Add(frame);
        }
        return frames;
    }

    private static IEnumerable<byte[]> Split(byte[] stream, IEnumerable<int> cuts)
    {
        var start = 0;
        foreach (var cut in cuts.Select(c => c % (stream.Length + 1)).Order())
        {
            yield return stream[start..Math.Max(start, cut)];
            start = Math.Max(start, cut);
        }
        yield return stream[start..];
    }

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);
}
