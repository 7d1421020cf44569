using Microsoft.Extensions.Logging;

namespace Drivers.NetworkManager;

/// <summary>The package's log messages. None carries a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Connected to the D-Bus at {Address} as {UniqueName}")]
    public static partial void Connected(ILogger logger, string address, string? uniqueName);

    [LoggerMessage(2, LogLevel.Information, "Activating '{Id}' on {InterfaceName} ({How})")]
    public static partial void Activating(ILogger logger, string id, string interfaceName, string how);

    [LoggerMessage(3, LogLevel.Information, "'{Id}' on {InterfaceName}: {Outcome} (reason {Reason})")]
    public static partial void ActivationEnded(ILogger logger, string id, string interfaceName, string outcome, uint reason);

    [LoggerMessage(4, LogLevel.Debug, "Rescan of {InterfaceName} not allowed now (throttled)")]
    public static partial void ScanThrottled(ILogger logger, string interfaceName);

    [LoggerMessage(5, LogLevel.Information, "Deleted the profile '{Id}' that failed to connect")]
    public static partial void DeletedFailedProfile(ILogger logger, string id);
}
