using Microsoft.Extensions.Logging;

namespace Drivers.DualShock4;

// Event ids 2000-2999 belong to this package in the family (docs/api-conventions.md, section 6).
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Debug, "Dropped a {Length}-byte report from {Device}: {Reason}")]
    public static partial void ReportDropped(ILogger logger, int length, string device, InputReportError reason);

    [LoggerMessage(2002, LogLevel.Information, "The controller at {Device} disconnected: {Reason}")]
    public static partial void Disconnected(ILogger logger, string device, string reason);

    [LoggerMessage(2003, LogLevel.Warning, "The controller at {Device} gave no usable motion calibration; nominal scaling is used")]
    public static partial void CalibrationFallback(ILogger logger, string device);

    [LoggerMessage(2004, LogLevel.Warning, "A reader of the controller at {Device} fell {Capacity} states behind; the oldest are dropped until it catches up")]
    public static partial void ReaderBehind(ILogger logger, string device, int capacity);
}
