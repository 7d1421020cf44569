using Drivers.Em73xx.Protocol.Pdu;

namespace Drivers.Em73xx.Protocol;

/// <summary>
/// A message or status report routed to the host instead of stored (TS 27.005 3.4.1, PDU mode):
/// <c>+CMT: [&lt;alpha&gt;],&lt;length&gt;</c> or <c>+CDS: &lt;length&gt;</c>, then the PDU on the next line. <see cref="AtFramer"/>
/// hands both lines on as one code, joined by <c>\n</c>; a header whose PDU never came is handed on alone. Pure.
/// </summary>
internal static class RoutedPdu
{
    private const string MessagePrefix = "+CMT:";
    private const string ReportPrefix = "+CDS:";

    /// <summary>True for a PDU-mode header: <c>+CMT:</c> with an optional name and a length, or <c>+CDS:</c> with a length alone.</summary>
    /// <remarks>Text mode's <c>+CMT: &lt;oa&gt;,...,&lt;scts&gt;</c> and <c>+CDS: &lt;fo&gt;,&lt;mr&gt;,...</c> have more fields and are not headers here.</remarks>
    public static bool IsHeader(ReadOnlySpan<char> line)
    {
        Span<Range> fields = stackalloc Range[3];
        if (AtFields.TryStripPrefix(line, MessagePrefix, out var rest))
        {
            return AtFields.Split(rest, fields) == 2 && IsLength(rest[fields[1]]);
        }
        return AtFields.TryStripPrefix(line, ReportPrefix, out rest) && AtFields.Split(rest, fields) == 1 && IsLength(rest[fields[0]]);
    }

    /// <summary>
    /// True when <paramref name="line"/> can be the PDU after a header: hex digits, whole octets. Anything else (a result
    /// code, another code, a reply line) keeps its own meaning.
    /// </summary>
    public static bool IsPduLine(ReadOnlySpan<char> line)
    {
        line = line.Trim(' ');
        return line.Length >= 2 && line.Length % 2 == 0 && line.Length <= PduDecoder.MaxOctets * 2 && !line.ContainsAnyExcept(HexDigits);
    }

    /// <summary>
    /// Parses a code <see cref="AtFramer"/> handed on: false when it is no routed message or report. When it is one,
    /// <paramref name="pdu"/> is the decoded PDU, or null when the PDU is missing, malformed or of the wrong type
    /// (<paramref name="error"/> says why).
    /// </summary>
    /// <param name="code">The unsolicited code.</param>
    /// <param name="isReport">True for <c>+CDS</c> (an SMS-STATUS-REPORT), false for <c>+CMT</c> (an SMS-DELIVER).</param>
    /// <param name="pdu">The PDU, or null.</param>
    /// <param name="error">Why <paramref name="pdu"/> is null; <see cref="PduError.None"/> otherwise.</param>
    public static bool TryParse(string code, out bool isReport, out SmsPdu? pdu, out PduError error)
    {
        pdu = null;
        error = PduError.None;
        var end = code.IndexOf('\n', StringComparison.Ordinal);
        var header = end < 0 ? code.AsSpan() : code.AsSpan(0, end);
        isReport = header.TrimStart(' ').StartsWith(ReportPrefix, StringComparison.Ordinal);
        if (!IsHeader(header))
        {
            return false;
        }
        if (end < 0)
        {
            error = PduError.Empty;
            return true;
        }
        var hex = code.AsSpan(end + 1);
        var comma = header.LastIndexOfAny(',', ':');
        _ = AtFields.TryParseInt(header[(comma + 1)..], out var announced);
        // Checked against the announced length; firmware that counts septets is off, the PDU itself is not (as in listings).
        if (!PduDecoder.TryDecode(hex, announced, out var decoded, out error)
            && !(error is PduError.LengthMismatch or PduError.Truncated && PduDecoder.TryDecode(hex, out decoded, out error)))
        {
            return true;
        }
        if (decoded.Type != (isReport ? PduType.StatusReport : PduType.Deliver))
        {
            error = PduError.UnexpectedType;
            return true;
        }
        pdu = decoded;
        return true;
    }

    /// <summary>
    /// <c>+CDSI: &lt;mem&gt;,&lt;index&gt;</c> (TS 27.005 3.4.1): a status report was stored; the storage's name is returned
    /// only when it is a two-letter name (<c>SR</c>, <c>SM</c>, <c>ME</c>...).
    /// </summary>
    public static bool TryParseStoredReport(ReadOnlySpan<char> line, out string? storage, out int index)
    {
        index = 0;
        storage = null;
        Span<Range> fields = stackalloc Range[3];
        if (!AtFields.TryStripPrefix(line, "+CDSI:", out var rest) || AtFields.Split(rest, fields) != 2 || !AtFields.TryParseInt(rest[fields[1]], out index))
        {
            return false;
        }
        var name = AtFields.Unquote(rest[fields[0]]);
        storage = name.Length == 2 && char.IsAsciiLetterUpper(name[0]) && char.IsAsciiLetterUpper(name[1]) ? name.ToString() : null;
        return true;
    }

    private static bool IsLength(ReadOnlySpan<char> field) =>
        !AtFields.IsQuoted(field) && AtFields.TryParseInt(field, out var length) && length is > 0 and <= PduDecoder.MaxOctets;

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789ABCDEFabcdef");
}
