using Drivers.DualShock4;

namespace Cube.Pad;

/// <summary>
/// The first DualShock 4 attached. The first one is opened before the server starts (so that "none attached" is an
/// exit code); once it is unplugged, this looks for one again every second until one comes back.
/// </summary>
internal sealed class HardwareSource(Controller first, ControllerOptions options, ILogger<HardwareSource> logger) : PadSource
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    private Controller? _first = first;

    public override string Kind => "controller";

    public override async Task<Controller> OpenAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _first, null) is { } controller)
        {
            return controller;
        }
        while (true)
        {
            try
            {
                return Controller.OpenFirst(options);
            }
            catch (Exception e) when (e is DualShock4Exception or IOException)
            {
                // Not back yet, or back but not yet given to this user by udev: try again shortly.
                Log.NoControllerYet(logger, e.Message);
            }
            await Task.Delay(Retry, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _first, null) is { } controller)
        {
            await controller.DisposeAsync().ConfigureAwait(false);
        }
    }
}
