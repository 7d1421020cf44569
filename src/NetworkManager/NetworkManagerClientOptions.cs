using Microsoft.Extensions.Logging;

namespace Drivers.NetworkManager;

/// <summary>Optional knobs of <see cref="NetworkManagerClient"/>, checked by <see cref="NetworkManagerClient.OpenAsync"/>.</summary>
public sealed class NetworkManagerClientOptions
{
    /// <summary>
    /// How long a connect waits for the device to come up or fail, more than zero.
    /// Default: 90 s (NetworkManager's own Wi-Fi timeout is 45 s, plus DHCP).
    /// </summary>
    public TimeSpan ActivationTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a rescan waits for the scan results (LastScan), more than zero. Default: 15 s.</summary>
    public TimeSpan ScanTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How many changes wait for each <see cref="NetworkManagerClient.WatchChangesAsync"/> reader before the oldest is
    /// dropped, from 1 to 1,000,000. Default: 256.
    /// </summary>
    public int StreamCapacity { get; init; } = 256;

    /// <summary>The clock for the timeouts. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where diagnostics go (category <c>Drivers.NetworkManager.NetworkManagerClient</c>). Default: none. Passwords are never logged.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The longest wait a timer takes (Task.Delay refuses more than 2^32 - 2 ms, about 49.7 days).</summary>
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Throws when a value is out of range.</summary>
    internal void Validate()
    {
        if (ActivationTimeout <= TimeSpan.Zero || ActivationTimeout > MaxTimeout)
        {
            throw new ArgumentException($"{nameof(ActivationTimeout)} must be more than zero and at most {MaxTimeout.TotalDays:0} days; it is {ActivationTimeout}.", nameof(ActivationTimeout));
        }
        if (ScanTimeout <= TimeSpan.Zero || ScanTimeout > MaxTimeout)
        {
            throw new ArgumentException($"{nameof(ScanTimeout)} must be more than zero and at most {MaxTimeout.TotalDays:0} days; it is {ScanTimeout}.", nameof(ScanTimeout));
        }
        if (StreamCapacity is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"{nameof(StreamCapacity)} must be from 1 to 1,000,000; it is {StreamCapacity}.", nameof(StreamCapacity));
        }
        if (TimeProvider is null)
        {
            throw new ArgumentException($"{nameof(TimeProvider)} must not be null.", nameof(TimeProvider));
        }
    }
}
