using Drivers.DualShock4;

namespace Cube.Pad;

/// <summary>Where the controller comes from: hardware, or a recording played into a simulated pad.</summary>
internal abstract class PadSource : IAsyncDisposable
{
    /// <summary><c>controller</c>, <c>simulated</c> or <c>replay</c>, as the status panel shows it.</summary>
    public abstract string Kind { get; }

    /// <summary>Opens the controller, waiting until one is plugged in.</summary>
    public abstract Task<Controller> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Closes what the source opened.</summary>
    public abstract ValueTask DisposeAsync();
}
