using Microsoft.Extensions.Logging;

namespace Drivers.Shutter;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Shutter line {Pin} released because of {Reason}.")]
    public static partial void ReleasedOnExit(ILogger logger, int pin, string reason);

    [LoggerMessage(2, LogLevel.Information, "Opened GPIO chip {Chip} ({Label}) with {Driver}.")]
    public static partial void OpenedChip(ILogger logger, int chip, string label, string driver);

    [LoggerMessage(3, LogLevel.Warning, "Frame {Frame} skipped: its moment {PlannedAt:O} had passed before the shutter was free.")]
    public static partial void FrameSkipped(ILogger logger, int frame, DateTimeOffset plannedAt);

    [LoggerMessage(4, LogLevel.Error, "The intervalometer stopped after an error.")]
    public static partial void RunFailed(ILogger logger, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "Could not release GPIO line {Pin} on {Reason}.")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, int pin, string reason);
}
