using Cube.Pad;
using Drivers.DualShock4;

namespace Cube;

/// <summary>What cube logs (event ids 14000-14099: sample 14's own range, apart from the packages').</summary>
internal static partial class Log
{
    [LoggerMessage(14000, LogLevel.Information, "Reading {Device} ({Bus})")]
    public static partial void Reading(ILogger<CubeEngine> logger, string device, ConnectionBus bus);

    [LoggerMessage(14001, LogLevel.Warning, "The controller at {Device} went away ({Reason}); waiting for it to come back")]
    public static partial void WentAway(ILogger<CubeEngine> logger, string device, string reason);

    [LoggerMessage(14002, LogLevel.Debug, "The lightbar could not be set: {Reason}")]
    public static partial void LightbarNotSet(ILogger<CubeEngine> logger, string reason);

    [LoggerMessage(14003, LogLevel.Debug, "No controller yet: {Reason}")]
    public static partial void NoControllerYet(ILogger<HardwareSource> logger, string reason);
}
