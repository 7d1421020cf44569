namespace Drivers.DualShock4.Simulation;

/// <summary>One raw input report of a <see cref="Recording"/>, with when it arrived.</summary>
public sealed class RecordedReport
{
    private readonly byte[] _report;

    /// <summary>Creates a recorded report (the bytes are copied).</summary>
    public RecordedReport(TimeSpan offset, ReadOnlySpan<byte> report)
    {
        Offset = offset;
        _report = report.ToArray();
    }

    /// <summary>Time since the recording's first report.</summary>
    public TimeSpan Offset { get; }

    /// <summary>The report as hidraw returned it (byte 0 is the report ID).</summary>
    public ReadOnlyMemory<byte> Report => _report;
}
