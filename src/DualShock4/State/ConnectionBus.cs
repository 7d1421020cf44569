namespace Drivers.DualShock4;

/// <summary>How a controller is attached to the host.</summary>
public enum ConnectionBus
{
    /// <summary>A USB cable, or the Sony wireless adapter (a USB device).</summary>
    Usb,

    /// <summary>Bluetooth.</summary>
    Bluetooth,
}
