using System.Text;

namespace Drivers.Em73xx.Protocol;

/// <summary>
/// Cuts the bytes from the modem into frames: lines sorted by <see cref="AtLineClassifier"/>, the <c>&gt; </c> prompt,
/// message bodies by their announced length, and garbage, counted. Pure: no I/O, no clock, one reader at a time.
/// Bytes may arrive in any chunks; the frames are the same however the stream is split.
/// </summary>
internal sealed class AtFramer
{
    /// <summary>The longest line kept; longer ones are garbage.</summary>
    public const int MaxLineLength = 16 * 1024;

    private readonly char[] _line = new char[MaxLineLength];
    private readonly StringBuilder _body = new();
    private int _lineLength;
    private bool _lineOverflow;
    private BodyState _bodyState;
    private int _bodyAnnounced;
    private int _bodyRemaining;
    private bool _bodyWidened;
    private bool _skipLf;
    private string? _routedHeader; // a +CMT/+CDS header whose PDU line is the next line (TS 27.005 3.4.1)
    private AtFrame? _queued; // a frame cut with the line that showed a routed header had no PDU

    private enum BodyState
    {
        None,
        Counted,
        Decide,
        ToEndOfLine,
    }

    /// <summary>Lines that could not be modem output (control bytes, overlong) and were skipped.</summary>
    public long GarbageLines { get; private set; }

    /// <summary>
    /// Consumes bytes from <paramref name="input"/> until one frame is complete and returns it; false once
    /// <paramref name="input"/> is used up with no frame complete (the partial one is kept for the next call).
    /// </summary>
    /// <param name="input">The bytes not yet consumed; advanced past the frame.</param>
    /// <param name="command">The command in flight now, or null: asked again for every frame, as a final result ends it.</param>
    /// <param name="frame">The frame.</param>
    public bool TryRead(ref ReadOnlySpan<byte> input, AtCommandInFlight? command, out AtFrame frame)
    {
        if (_queued is { } queued)
        {
            _queued = null;
            frame = queued;
            return true;
        }
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            if (_bodyState != BodyState.None ? BodyByte(b, out frame) : LineByte(b, command, out frame))
            {
                input = input[(i + 1)..];
                return true;
            }
        }
        input = default;
        frame = default;
        return false;
    }

    private bool LineByte(byte b, AtCommandInFlight? command, out AtFrame frame)
    {
        frame = default;
        if (b is (byte)'\r' or (byte)'\n')
        {
            return (_lineLength > 0 || _lineOverflow) && EndLine(b, command, out frame);
        }
        if (_lineLength == _line.Length)
        {
            _lineOverflow = true;
            return false;
        }
        _line[_lineLength++] = (char)b; // Latin-1: every byte is one char, nothing is lost
        if (_lineLength == 2 && _line[0] == '>' && _line[1] == ' ' && command is { ExpectsPrompt: true })
        {
            // TS 27.005 3.5.1: the prompt is "\r\n> " with no line end, so it is found byte-wise.
            _lineLength = 0;
            frame = new AtFrame(AtFrameKind.Prompt, "> ");
            return true;
        }
        return false;
    }

    private bool EndLine(byte terminator, AtCommandInFlight? command, out AtFrame frame)
    {
        string? line = null;
        if (_lineOverflow)
        {
            _lineOverflow = false;
            frame = Garbage("an overlong line");
        }
        else
        {
            line = new string(_line, 0, _lineLength);
            frame = Classify(line, command);
        }
        _lineLength = 0;
        if (_routedHeader is { } header)
        {
            _routedHeader = null;
            if (line is not null && RoutedPdu.IsPduLine(line))
            {
                frame = new AtFrame(AtFrameKind.Unsolicited, header + "\n" + line);
                return true;
            }
            // No PDU came: the code goes out alone (and is found undecodable), and this line keeps its own meaning, next.
            if (!Hold(frame, line, terminator, command))
            {
                _queued = frame;
            }
            frame = new AtFrame(AtFrameKind.Unsolicited, header);
            return true;
        }
        return !Hold(frame, line, terminator, command);
    }

    // True when the line is a +CMT/+CDS header, held until its PDU line; otherwise starts the body a header announces.
    private bool Hold(AtFrame frame, string? line, byte terminator, AtCommandInFlight? command)
    {
        if (line is null)
        {
            return false;
        }
        if (frame.Kind == AtFrameKind.Unsolicited && RoutedPdu.IsHeader(line))
        {
            // TS 27.005 3.4.1: "+CMT: [<alpha>],<length>" and "+CDS: <length>" are followed by the PDU on a line of its own;
            // both travel as one code, so that the PDU is never taken for a line of the command in flight.
            _routedHeader = line;
            return true;
        }
        if (frame.Kind == AtFrameKind.Information && command is { BodiesFollowHeaders: true } && SmsHeader.AnnouncedBodyLength(line) is var length and >= 0)
        {
            StartBody(length, terminator);
        }
        return false;
    }

    private AtFrame Classify(string line, AtCommandInFlight? command)
    {
        if (command is { Answered: false } asked && line.AsSpan().Trim().Equals(asked.Command, StringComparison.OrdinalIgnoreCase))
        {
            return new AtFrame(AtFrameKind.Echo, line);
        }
        var kind = AtLineClassifier.Classify(line, command is { } c ? c.Command.AsSpan() : default);
        switch (kind)
        {
            case AtLineKind.Garbage:
                return Garbage("a line with control bytes");
            case AtLineKind.Unsolicited:
                return new AtFrame(AtFrameKind.Unsolicited, line);
            case AtLineKind.Information:
                return new AtFrame(AtFrameKind.Information, line);
            case AtLineKind.CmeError or AtLineKind.CmsError:
                var code = AtLineClassifier.ErrorCode(line);
                if (code < 0)
                {
                    code = ModemErrorMeanings.FromText(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1));
                }
                return new AtFrame(AtFrameKind.FinalResult, line, kind, code);
            default:
                return new AtFrame(AtFrameKind.FinalResult, line, kind);
        }
    }

    private AtFrame Garbage(string what)
    {
        GarbageLines++;
        return new AtFrame(AtFrameKind.Garbage, what);
    }

    private void StartBody(int length, byte terminator)
    {
        _body.Clear();
        _bodyAnnounced = length;
        _bodyRemaining = length;
        _bodyWidened = false;
        _skipLf = terminator == '\r';
        _bodyState = length == 0 ? BodyState.Decide : BodyState.Counted;
    }

    private bool BodyByte(byte b, out AtFrame frame)
    {
        frame = default;
        if (_skipLf)
        {
            _skipLf = false;
            if (b == '\n')
            {
                return false;
            }
        }
        switch (_bodyState)
        {
            case BodyState.Counted:
                _body.Append((char)b);
                if (--_bodyRemaining == 0)
                {
                    _bodyState = BodyState.Decide;
                }
                return false;
            case BodyState.Decide when b is (byte)'\r' or (byte)'\n':
                frame = EndBody();
                return true;
            case BodyState.Decide when !_bodyWidened && _bodyAnnounced > 0 && IsHex(_body) && char.IsAsciiHexDigit((char)b):
                // 8-bit and UCS2 bodies come as hex: <length> counts octets, two characters each (TS 27.005 3.1).
                _bodyWidened = true;
                _body.Append((char)b);
                _bodyRemaining = _bodyAnnounced - 1;
                _bodyState = _bodyRemaining == 0 ? BodyState.Decide : BodyState.Counted;
                return false;
            default:
                // The count was off (e.g. escape sequences): the body runs to the end of the line.
                if (b is (byte)'\r' or (byte)'\n')
                {
                    frame = EndBody();
                    return true;
                }
                _bodyState = BodyState.ToEndOfLine;
                if (_body.Length < MaxLineLength)
                {
                    _body.Append((char)b);
                }
                return false;
        }
    }

    private AtFrame EndBody()
    {
        _bodyState = BodyState.None;
        var text = _body.ToString();
        _body.Clear();
        return new AtFrame(AtFrameKind.Body, text);
    }

    private static bool IsHex(StringBuilder text)
    {
        foreach (var chunk in text.GetChunks())
        {
            foreach (var c in chunk.Span)
            {
                if (!char.IsAsciiHexDigit(c))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
