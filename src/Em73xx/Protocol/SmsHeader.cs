using Drivers.Em73xx.Sms;

namespace Drivers.Em73xx.Protocol;

/// <summary>The header line of one message in a <c>+CMGL</c> listing or a <c>+CMGR</c> reply. Pure.</summary>
internal readonly struct SmsHeader
{
    public const string ListPrefix = "+CMGL:";
    public const string ReadPrefix = "+CMGR:";

    public int Index { get; init; }
    public SmsStatus Status { get; init; }
    public string Address { get; init; }
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The body length the modem announced (<c>AT+CSDH=1</c>), or -1 when it announced none.</summary>
    public int BodyLength { get; init; }

    /// <summary>Parses a <c>+CMGL: &lt;index&gt;,&lt;stat&gt;,&lt;oa/da&gt;,[&lt;alpha&gt;],[&lt;scts&gt;][,&lt;tooa/toda&gt;,&lt;length&gt;]</c> header.</summary>
    public static bool TryParseList(ReadOnlySpan<char> line, out SmsHeader header)
    {
        header = default;
        if (!AtFields.TryStripPrefix(line, ListPrefix, out var rest))
        {
            return false;
        }
        Span<Range> fields = stackalloc Range[16];
        var count = AtFields.Split(rest, fields);
        if (count < 3 || !AtFields.TryParseInt(rest[fields[0]], out var index)
            || !SmsStatusText.TryParse(rest[fields[1]], out var status) || !AtFields.IsQuoted(rest[fields[2]]))
        {
            return false;
        }
        DateTimeOffset? timestamp = count > 4 && ScTimestamp.TryParse(rest[fields[4]], out var scts) ? scts : null;
        header = new SmsHeader
        {
            Index = index,
            Status = status,
            Address = AtFields.Unquote(rest[fields[2]]).ToString(),
            Timestamp = timestamp,
            BodyLength = count >= 7 ? LengthField(rest[fields[count - 1]]) : -1,
        };
        return true;
    }

    /// <summary>Parses a <c>+CMGR: &lt;stat&gt;,&lt;oa/da&gt;,[&lt;alpha&gt;][,&lt;scts&gt;][,...,&lt;length&gt;]</c> header.</summary>
    public static bool TryParseRead(ReadOnlySpan<char> line, int index, out SmsHeader header)
    {
        header = default;
        if (!AtFields.TryStripPrefix(line, ReadPrefix, out var rest))
        {
            return false;
        }
        Span<Range> fields = stackalloc Range[16];
        var count = AtFields.Split(rest, fields);
        if (count < 2 || !SmsStatusText.TryParse(rest[fields[0]], out var status) || !AtFields.IsQuoted(rest[fields[1]]))
        {
            return false;
        }
        DateTimeOffset? timestamp = count > 3 && ScTimestamp.TryParse(rest[fields[3]], out var scts) ? scts : null;
        header = new SmsHeader
        {
            Index = index,
            Status = status,
            Address = AtFields.Unquote(rest[fields[1]]).ToString(),
            Timestamp = timestamp,
            BodyLength = count >= 6 ? LengthField(rest[fields[count - 1]]) : -1,
        };
        return true;
    }

    /// <summary>
    /// The body length a header line announces, or -1. The reader loop uses it to take exactly that many
    /// characters as the body, so a body line reading <c>OK</c> or <c>+CMGL: ...</c> stays text.
    /// </summary>
    public static int AnnouncedBodyLength(ReadOnlySpan<char> line)
    {
        if (TryParseList(line, out var header) || TryParseRead(line, 0, out header))
        {
            return header.BodyLength;
        }
        return -1;
    }

    private static int LengthField(ReadOnlySpan<char> field) =>
        !AtFields.IsQuoted(field) && AtFields.TryParseInt(field, out var length) && length <= 4096 ? length : -1;
}
