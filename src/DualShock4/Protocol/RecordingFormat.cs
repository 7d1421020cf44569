using System.Globalization;

namespace Drivers.DualShock4;

/// <summary>
/// The recording format: UTF-8 text, one raw report per line as "<c>MICROSECONDS HEX</c>", where MICROSECONDS
/// counts from the first report and never decreases; lines starting with <c>#</c> and blank lines are ignored.
/// Pure text in and out: what <see cref="Controller.RecordAsync"/> writes and the simulator's recordings read.
/// </summary>
internal static class RecordingFormat
{
    public const string Header = "# DualShock4 recording v1: <microseconds since the first report> <raw report in hex>";

    public static void WriteHeader(TextWriter writer) => writer.WriteLine(Header);

    public static void WriteReport(TextWriter writer, TimeSpan offset, ReadOnlySpan<byte> report)
    {
        Span<char> number = stackalloc char[20];
        ((long)offset.TotalMicroseconds).TryFormat(number, out var written, provider: CultureInfo.InvariantCulture);
        writer.Write(number[..written]);
        writer.Write(' ');
        Span<char> hex = stackalloc char[report.Length * 2];
        Convert.TryToHexString(report, hex, out _);
        writer.WriteLine(hex);
    }

    /// <summary>The longest line a recording holds: a time, a space and the longest report in hex, with room for spaces.</summary>
    internal const int MaxLineLength = 2 * 4096 + 64;

    /// <summary>
    /// One line, or null at the end. A planted file with no line breaks (<c>/dev/zero</c>) must not be read into memory
    /// whole, so a line longer than any report is refused as soon as it is.
    /// </summary>
    private static string? ReadLine(TextReader reader, System.Text.StringBuilder buffer, int lineNumber)
    {
        buffer.Clear();
        while (reader.Read() is var c && c >= 0)
        {
            if (c == '\n')
            {
                return buffer.ToString().TrimEnd('\r');
            }
            if (buffer.Length == MaxLineLength)
            {
                throw new FormatException($"Line {lineNumber} of the recording is longer than any report; this is not a recording.");
            }
            buffer.Append((char)c);
        }
        return buffer.Length > 0 ? buffer.ToString() : null;
    }

    public static List<(TimeSpan Offset, byte[] Report)> Read(TextReader reader)
    {
        var reports = new List<(TimeSpan Offset, byte[] Report)>();
        var previous = -1L;
        var lineNumber = 0;
        var buffer = new System.Text.StringBuilder();
        while (ReadLine(reader, buffer, lineNumber + 1) is { } line)
        {
            lineNumber++;
            var text = line.AsSpan().Trim();
            if (text.IsEmpty || text[0] == '#')
            {
                continue;
            }
            var space = text.IndexOf(' ');
            if (space <= 0)
            {
                throw new FormatException($"Line {lineNumber} of the recording is not '<microseconds> <hex>'.");
            }
            if (!long.TryParse(text[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var micros))
            {
                throw new FormatException($"Line {lineNumber} of the recording does not start with a time in microseconds.");
            }
            if (micros < previous)
            {
                throw new FormatException($"Line {lineNumber} of the recording goes back in time ({micros} µs after {previous} µs).");
            }
            var hex = text[(space + 1)..].Trim();
            if (hex.IsEmpty || hex.Length % 2 != 0 || hex.Length > 2 * 4096)
            {
                throw new FormatException($"Line {lineNumber} of the recording does not hold a whole report in hex.");
            }
            var bytes = new byte[hex.Length / 2];
            if (Convert.FromHexString(hex, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
            {
                throw new FormatException($"Line {lineNumber} of the recording has a character that is not hex.");
            }
            previous = micros;
            reports.Add((TimeSpan.FromMicroseconds(micros), bytes));
        }
        return reports;
    }
}
