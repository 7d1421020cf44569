using Microsoft.Extensions.Logging;

namespace Drivers.Shutter;

/// <summary>Every message the package logs; event ids 4000-4999 are the Shutter package's in the Drivers family.</summary>
internal static partial class Log
{
    [LoggerMessage(4001, LogLevel.Warning, "Shutter line {Pin} released because of {Reason}.")]
    public static partial void ReleasedOnExit(ILogger logger, int pin, string reason);

    [LoggerMessage(4002, LogLevel.Warning, "Could not release GPIO line {Pin} on {Reason}.")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, int pin, string reason);

    [LoggerMessage(4003, LogLevel.Warning, "Frame {Frame} skipped: its moment {PlannedAt:O} had passed before the shutter was free.")]
    public static partial void FrameSkipped(ILogger logger, int frame, DateTimeOffset plannedAt);

    [LoggerMessage(4004, LogLevel.Error, "The intervalometer stopped after an error.")]
    public static partial void RunFailed(ILogger logger, Exception exception);

    [LoggerMessage(4005, LogLevel.Warning, "A WatchEventsAsync reader fell {Capacity} events behind; its oldest events are dropped until it catches up (StreamCapacity).")]
    public static partial void EventsDropped(ILogger logger, int capacity);
}
