namespace Drivers.DualShock4;

/// <summary>The controller went away (unplugged, switched off, out of Bluetooth range): its streams end with this.</summary>
/// <remarks>Discovery finds the controller again once it is back; open it anew.</remarks>
public sealed class ControllerDisconnectedException : DualShock4Exception
{
    /// <summary>Creates the exception for the device at <paramref name="devicePath"/>.</summary>
    public ControllerDisconnectedException(string devicePath, string reason, Exception? innerException = null)
        : base($"The controller at {devicePath} disconnected ({reason}). Reconnect it and open it again.", innerException)
    {
        DevicePath = devicePath;
        Reason = reason;
    }

    /// <summary>The hidraw node the controller had.</summary>
    public string DevicePath { get; }

    /// <summary>What ended the stream, e.g. "end of stream" or the read error.</summary>
    public string Reason { get; }
}
