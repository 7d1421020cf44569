using Drivers.Em73xx.Sms;

namespace Drivers.Em73xx.Protocol;

/// <summary>Turns the lines of a <c>+CMGL</c> listing or a <c>+CMGR</c> reply (final result removed) into messages. Pure.</summary>
/// <remarks>
/// When a header announces its body length (<c>AT+CSDH=1</c>), the reader loop hands the whole body over as
/// one entry, which is taken verbatim: it may hold several lines, a line reading <c>OK</c>, or nothing.
/// Without a length, every line up to the next valid header is body text.
/// </remarks>
internal static class SmsListParser
{
    /// <summary>The messages of a listing; lines before the first header are skipped.</summary>
    public static List<SmsMessage> ParseList(IReadOnlyList<string> lines)
    {
        var messages = new List<SmsMessage>();
        var i = 0;
        while (i < lines.Count)
        {
            if (!SmsHeader.TryParseList(lines[i], out var header))
            {
                i++;
                continue;
            }
            i++;
            messages.Add(Message(header, TakeBody(lines, ref i, header.BodyLength, static l => SmsHeader.TryParseList(l, out _))));
        }
        return messages;
    }

    /// <summary>The message of a <c>+CMGR</c> reply, or null when the slot is empty (no header).</summary>
    public static SmsMessage? ParseRead(IReadOnlyList<string> lines, int index)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (SmsHeader.TryParseRead(lines[i], index, out var header))
            {
                i++;
                return Message(header, TakeBody(lines, ref i, header.BodyLength, static _ => false));
            }
        }
        return null;
    }

    private static string TakeBody(IReadOnlyList<string> lines, ref int i, int announcedLength, Func<string, bool> isHeader)
    {
        if (announcedLength >= 0)
        {
            return i < lines.Count ? lines[i++] : "";
        }
        var start = i;
        while (i < lines.Count && !isHeader(lines[i]))
        {
            i++;
        }
        return (i - start) switch
        {
            0 => "",
            1 => lines[start],
            _ => string.Join('\n', Enumerable.Range(start, i - start).Select(k => lines[k])),
        };
    }

    private static SmsMessage Message(SmsHeader header, string body) =>
        new(header.Index, header.Status, header.Address, header.Timestamp, NormaliseNewlines(body));

    private static string NormaliseNewlines(string body) =>
        body.Contains('\r', StringComparison.Ordinal) ? body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : body;
}
