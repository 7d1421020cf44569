using Drivers.Em73xx.Sim;

namespace Drivers.Em73xx.Protocol;

/// <summary>Parsers of the one-line replies and unsolicited codes the driver reads. Pure.</summary>
internal static class Replies
{
    /// <summary><c>+CPIN: READY</c>, <c>+CPIN: SIM PIN</c>, ...</summary>
    public static bool TryParseCpin(ReadOnlySpan<char> line, out SimState state)
    {
        state = SimState.Unknown;
        if (!AtFields.TryStripPrefix(line, "+CPIN:", out var rest))
        {
            return false;
        }
        state = AtFields.Unquote(rest.TrimEnd(' ')) switch
        {
            "READY" => SimState.Ready,
            "SIM PIN" => SimState.PinRequired,
            "SIM PUK" => SimState.PukRequired,
            "SIM PIN2" => SimState.Pin2Required,
            "SIM PUK2" => SimState.Puk2Required,
            _ => SimState.OtherLock,
        };
        return true;
    }

    /// <summary><c>+XPINCNT: &lt;pin1&gt;,&lt;pin2&gt;,&lt;puk1&gt;,&lt;puk2&gt;</c> (ofono, Intel Rapid RIL).</summary>
    public static bool TryParseXpincnt(ReadOnlySpan<char> line, out PinRetries retries)
    {
        retries = default;
        if (!AtFields.TryStripPrefix(line, "+XPINCNT:", out var rest))
        {
            return false;
        }
        Span<Range> fields = stackalloc Range[4];
        if (AtFields.Split(rest, fields) != 4 || !AtFields.TryParseInt(rest[fields[0]], out var pin)
            || !AtFields.TryParseInt(rest[fields[1]], out var pin2) || !AtFields.TryParseInt(rest[fields[2]], out var puk)
            || !AtFields.TryParseInt(rest[fields[3]], out var puk2))
        {
            return false;
        }
        retries = new PinRetries(pin, pin2, puk, puk2);
        return true;
    }

    /// <summary><c>+CSQ: &lt;rssi&gt;,&lt;ber&gt;</c> as dBm (-113 + 2 rssi); null when the modem says 99 (unknown).</summary>
    public static bool TryParseCsq(ReadOnlySpan<char> line, out int? dbm)
    {
        dbm = null;
        if (!AtFields.TryStripPrefix(line, "+CSQ:", out var rest))
        {
            return false;
        }
        Span<Range> fields = stackalloc Range[2];
        if (AtFields.Split(rest, fields) < 1 || !AtFields.TryParseInt(rest[fields[0]], out var rssi))
        {
            return false;
        }
        dbm = rssi <= 31 ? -113 + (2 * rssi) : null;
        return true;
    }

    /// <summary><c>+COPS: 0,0,"name",7</c>: the operator's name; null when not registered (<c>+COPS: 0</c>).</summary>
    public static bool TryParseCops(ReadOnlySpan<char> line, out string? name)
    {
        name = null;
        if (!AtFields.TryStripPrefix(line, "+COPS:", out var rest))
        {
            return false;
        }
        Span<Range> fields = stackalloc Range[4];
        var count = AtFields.Split(rest, fields);
        if (count >= 3 && AtFields.IsQuoted(rest[fields[2]]))
        {
            name = AtFields.Unquote(rest[fields[2]]).ToString();
        }
        return true;
    }

    /// <summary><c>+CMGS: &lt;mr&gt;[,&lt;scts&gt;]</c>: the message reference.</summary>
    public static bool TryParseCmgs(ReadOnlySpan<char> line, out int reference)
    {
        reference = 0;
        if (!AtFields.TryStripPrefix(line, "+CMGS:", out var rest))
        {
            return false;
        }
        Span<Range> fields = stackalloc Range[2];
        return AtFields.Split(rest, fields) >= 1 && AtFields.TryParseInt(rest[fields[0]], out reference) && reference <= 255;
    }

    /// <summary><c>+CMTI: "SM",3</c>: a new message was stored at an index.</summary>
    public static bool TryParseCmti(ReadOnlySpan<char> line, out int index) => TryParseCmti(line, out _, out index);

    /// <summary>
    /// <c>+CMTI: &lt;mem&gt;,&lt;index&gt;</c> (TS 27.005 3.4.1): a new message was stored at an index of a storage, whose
    /// name is returned only when it is one of TS 27.005 3.2.2's two-letter names (<c>SM</c>, <c>ME</c>, <c>MT</c>...).
    /// </summary>
    public static bool TryParseCmti(ReadOnlySpan<char> line, out string? storage, out int index)
    {
        index = 0;
        storage = null;
        if (!AtFields.TryStripPrefix(line, "+CMTI:", out var rest))
        {
            return false;
        }
        Span<Range> fields = stackalloc Range[3];
        if (AtFields.Split(rest, fields) != 2 || !AtFields.TryParseInt(rest[fields[1]], out index))
        {
            return false;
        }
        var name = AtFields.Unquote(rest[fields[0]].Trim(' '));
        storage = name.Length == 2 && char.IsAsciiLetterUpper(name[0]) && char.IsAsciiLetterUpper(name[1]) ? name.ToString() : null;
        return true;
    }

    /// <summary><c>+XSIM: &lt;n&gt;</c> (Intel Rapid RIL): 7 ready for attach, 12 SMS caching completed.</summary>
    public static bool TryParseXsim(ReadOnlySpan<char> line, out int state)
    {
        state = 0;
        return AtFields.TryStripPrefix(line, "+XSIM:", out var rest) && AtFields.TryParseInt(rest.TrimEnd(' '), out state);
    }

    /// <summary>A plain information line (IMEI, model): the first non-empty line that is not a <c>+X:</c> code.</summary>
    public static string? FirstPlainLine(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                return trimmed;
            }
        }
        return null;
    }
}
