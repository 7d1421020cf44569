using System.Text;

namespace Drivers.DualShock4.Simulation;

/// <summary>
/// Raw input reports with their timing, as <see cref="Controller.RecordAsync"/> captures them and
/// <see cref="SimulatedController.ReplayAsync"/> plays them back. Text, one report per line:
/// "<c>MICROSECONDS HEX</c>" (microseconds since the first report).
/// </summary>
public sealed class Recording
{
    private static readonly Lazy<Recording> DemoSession = new(LoadDemo);

    /// <summary>Creates a recording from reports in time order.</summary>
    /// <exception cref="ArgumentException">A report's offset is earlier than the one before it.</exception>
    public Recording(IEnumerable<RecordedReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var list = reports.ToList();
        for (var i = 1; i < list.Count; i++)
        {
            if (list[i].Offset < list[i - 1].Offset)
            {
                throw new ArgumentException($"Report {i} is earlier than the one before it.", nameof(reports));
            }
        }
        Reports = list;
    }

    /// <summary>The reports, in time order.</summary>
    public IReadOnlyList<RecordedReport> Reports { get; }

    /// <summary>The time from the first report to the last.</summary>
    public TimeSpan Duration => Reports.Count == 0 ? TimeSpan.Zero : Reports[^1].Offset;

    /// <summary>
    /// The session shipped with the package: <see cref="Motion.Demo"/> over USB for two seconds at 250 reports per
    /// second (sticks circling, triggers squeezed, face buttons and d-pad pressed, a swipe on the touchpad, a tilt).
    /// </summary>
    public static Recording Demo => DemoSession.Value;

    /// <summary>Reads a recording from text.</summary>
    /// <exception cref="FormatException">A line is not "<c>MICROSECONDS HEX</c>" or goes back in time; the message names the line.</exception>
    public static Recording Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new Recording(RecordingFormat.Read(reader).Select(r => new RecordedReport(r.Offset, r.Report)));
    }

    /// <summary>Reads a recording file.</summary>
    /// <exception cref="FormatException">The file is not a recording; the message names the line.</exception>
    public static Recording Load(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Parse(reader);
    }

    /// <summary>
    /// Samples <paramref name="motion"/> every <paramref name="interval"/> for <paramref name="duration"/> and writes each state
    /// as a report of <paramref name="format"/>, with the counter and sensor timestamp stepping as a real pad's do.
    /// </summary>
    public static Recording FromMotion(Motion motion, TimeSpan duration, TimeSpan interval, ReportFormat format = ReportFormat.Usb)
    {
        ArgumentNullException.ThrowIfNull(motion);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var reports = new List<RecordedReport>();
        var buffer = new byte[InputReport.MaxLength];
        var count = (int)(duration.Ticks / interval.Ticks);
        for (var i = 0; i <= count; i++)
        {
            var at = interval * i;
            var state = motion.StateAt(at) with
            {
                Format = format,
                Counter = (byte)(i & 0x3F),
                // 16/3 µs per tick (psdevwiki, SDL): 750 ticks per 4 ms; it wraps at 16 bits.
                Timestamp = (ushort)((long)(at.TotalMicroseconds * 3 / 16) & 0xFFFF),
            };
            var length = InputReportWriter.Write(state, buffer);
            reports.Add(new RecordedReport(at, buffer.AsSpan(0, length)));
        }
        return new Recording(reports);
    }

    /// <summary>Writes the recording as text.</summary>
    public void Save(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        RecordingFormat.WriteHeader(writer);
        foreach (var report in Reports)
        {
            RecordingFormat.WriteReport(writer, report.Offset, report.Report.Span);
        }
    }

    /// <summary>Writes the recording to a file.</summary>
    public void Save(string path)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        Save(writer);
    }

    private static Recording LoadDemo()
    {
        using var stream = typeof(Recording).Assembly.GetManifestResourceStream("Drivers.DualShock4.Simulation.demo.ds4rec")
            ?? throw new InvalidOperationException("The demo recording is missing from the DualShock4 assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader);
    }
}
