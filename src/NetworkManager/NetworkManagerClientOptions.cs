using Microsoft.Extensions.Logging;

namespace Drivers.NetworkManager;

/// <summary>Optional knobs of <see cref="NetworkManagerClient"/>.</summary>
public sealed class NetworkManagerClientOptions
{
    /// <summary>How long a connect waits for the device to come up or fail; 90 s by default (NetworkManager's own Wi-Fi timeout is 45 s plus DHCP).</summary>
    public TimeSpan ActivationTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a rescan waits for the scan results (LastScan); 15 s by default.</summary>
    public TimeSpan ScanTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The clock for the timeouts; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where diagnostics go; none by default. Passwords are never logged.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
