namespace Drivers.NetworkManager.Simulation;

/// <summary>Optional knobs of <see cref="SimulatedNetworkManager"/>, checked by <see cref="SimulatedNetworkManager.StartAsync"/>.</summary>
public sealed class SimulatedNetworkManagerOptions
{
    /// <summary>The pause between two activation states (PREPARE, CONFIG, NEED_AUTH, …), zero or more. Default: 10 ms.</summary>
    public TimeSpan StepDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How soon after a scan another one is refused (Device.NotAllowed), zero or more. Default: 10 s, as NetworkManager does.</summary>
    public TimeSpan ScanThrottle { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock for the scan throttle, LastScan and the activation steps. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The version it reports (Version), not empty. Default: "1.42.4".</summary>
    public string Version { get; init; } = "1.42.4";

    /// <summary>Throws when a value is out of range.</summary>
    internal void Validate()
    {
        if (StepDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(StepDelay)} must be zero or more; it is {StepDelay}.", nameof(StepDelay));
        }
        if (ScanThrottle < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(ScanThrottle)} must be zero or more; it is {ScanThrottle}.", nameof(ScanThrottle));
        }
        if (TimeProvider is null)
        {
            throw new ArgumentException($"{nameof(TimeProvider)} must not be null.", nameof(TimeProvider));
        }
        if (string.IsNullOrEmpty(Version))
        {
            throw new ArgumentException($"{nameof(Version)} must not be empty.", nameof(Version));
        }
    }
}
