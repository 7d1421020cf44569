namespace Drivers.DualShock4;

/// <summary>
/// The seam between the controller and its device: whole HID reports in and out, and feature reports.
/// Implemented by hidraw (<see cref="HidrawChannel"/>) and by the simulator.
/// </summary>
internal interface IHidChannel : IDisposable
{
    /// <summary>
    /// Returns the length of the next whole input report, calling <paramref name="beforeWaiting"/> first whenever none
    /// is queued and it is about to wait (so the caller can hand on a batch); 0 when the device is gone (end of stream)
    /// or <see cref="CancelPendingRead"/> was called. Throws <see cref="IOException"/> on a read error such as EIO after an unplug.
    /// </summary>
    int Read(Span<byte> buffer, Action beforeWaiting);

    /// <summary>Makes a blocked or later <see cref="Read"/> return 0, so the read loop can end before disposal.</summary>
    void CancelPendingRead();

    /// <summary>Sends one output report.</summary>
    void Write(ReadOnlySpan<byte> report);

    /// <summary>Reads the feature report whose ID is in <c>buffer[0]</c>; false when the device does not answer.</summary>
    bool TryGetFeatureReport(Span<byte> buffer);
}
