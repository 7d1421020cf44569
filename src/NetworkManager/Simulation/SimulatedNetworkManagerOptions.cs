namespace Drivers.NetworkManager.Simulation;

/// <summary>Optional knobs of <see cref="SimulatedNetworkManager"/>.</summary>
public sealed class SimulatedNetworkManagerOptions
{
    /// <summary>The pause between two activation states (PREPARE, CONFIG, NEED_AUTH, …); 10 ms by default.</summary>
    public TimeSpan StepDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How soon after a scan another one is refused (Device.NotAllowed); 10 s by default, as NetworkManager does.</summary>
    public TimeSpan ScanThrottle { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock for the scan throttle, LastScan and the activation steps; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The version it reports (Version); "1.42.4" by default.</summary>
    public string Version { get; init; } = "1.42.4";
}
