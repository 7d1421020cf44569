namespace Drivers.DualShock4;

/// <summary>Why <c>InputReport.TryParse</c> rejected a report.</summary>
public enum InputReportError
{
    /// <summary>The report was accepted.</summary>
    None,

    /// <summary>The report is empty.</summary>
    Empty,

    /// <summary>The report ID is neither 0x01 (USB, minimal Bluetooth) nor 0x11 (Bluetooth).</summary>
    UnknownReportId,

    /// <summary>The length does not fit the report ID: 0x01 is 64 bytes over USB (at least 10 over Bluetooth), 0x11 is 78.</summary>
    WrongLength,

    /// <summary>A Bluetooth 0x11 report whose header says it carries no controller data.</summary>
    NoData,

    /// <summary>A Bluetooth 0x11 report whose CRC-32 (seed 0xA1) does not match its contents.</summary>
    BadChecksum,
}
