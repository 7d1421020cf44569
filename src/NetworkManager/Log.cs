using Microsoft.Extensions.Logging;

namespace Drivers.NetworkManager;

/// <summary>The package's log messages (event ids 3000-3999, unique in the family). None carries a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Debug, "Opened the D-Bus at {Address} as {UniqueName}")]
    public static partial void Opened(ILogger logger, string address, string? uniqueName);

    [LoggerMessage(3002, LogLevel.Information, "Activating '{Id}' on {InterfaceName} ({How})")]
    public static partial void Activating(ILogger logger, string id, string interfaceName, string how);

    [LoggerMessage(3003, LogLevel.Information, "'{Id}' on {InterfaceName}: {Outcome} (reason {Reason})")]
    public static partial void ActivationEnded(ILogger logger, string id, string interfaceName, string outcome, Devices.DeviceStateReason reason);

    [LoggerMessage(3004, LogLevel.Debug, "Rescan of {InterfaceName} not allowed now (throttled)")]
    public static partial void ScanThrottled(ILogger logger, string interfaceName);

    [LoggerMessage(3005, LogLevel.Information, "Deleted the profile '{Id}' that failed to connect")]
    public static partial void DeletedFailedProfile(ILogger logger, string id);

    [LoggerMessage(3006, LogLevel.Warning, "A reader fell behind: its queue of {Capacity} is full, so the oldest signal ({Member}) was dropped; more may follow until it catches up")]
    public static partial void SubscriberFellBehind(ILogger logger, int capacity, string member);

    [LoggerMessage(3007, LogLevel.Warning, "NetworkManager restarted while {InterfaceName} was activating; finding the device and profile again by name and UUID")]
    public static partial void NetworkManagerRestarted(ILogger logger, string interfaceName);
}
