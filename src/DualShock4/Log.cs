using Microsoft.Extensions.Logging;

namespace Drivers.DualShock4;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Dropped a {Length}-byte report from {Device}: {Reason}")]
    public static partial void ReportDropped(ILogger logger, int length, string device, InputReportError reason);

    [LoggerMessage(2, LogLevel.Information, "The controller at {Device} disconnected: {Reason}")]
    public static partial void Disconnected(ILogger logger, string device, string reason);

    [LoggerMessage(3, LogLevel.Warning, "The controller at {Device} gave no usable motion calibration; nominal scaling is used")]
    public static partial void CalibrationFallback(ILogger logger, string device);
}
