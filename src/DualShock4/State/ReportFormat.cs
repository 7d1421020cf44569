namespace Drivers.DualShock4;

/// <summary>The shape of an input report, which also tells the bus it came over.</summary>
public enum ReportFormat
{
    /// <summary>USB input report 0x01, 64 bytes (also sent by the Sony wireless adapter).</summary>
    Usb,

    /// <summary>Bluetooth input report 0x11, 78 bytes, ending in a CRC-32.</summary>
    Bluetooth,

    /// <summary>The minimal Bluetooth report 0x01 a pad sends before it is switched to full reports: sticks, buttons and triggers only.</summary>
    BluetoothMinimal,
}
