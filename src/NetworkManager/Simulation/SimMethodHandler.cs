using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Simulation;

/// <summary>Receives every call under /org/freedesktop and hands it to the simulator.</summary>
internal sealed class SimMethodHandler(SimulatedNetworkManager owner) : IPathMethodHandler
{
    public string Path => "/org/freedesktop";

    public bool HandlesChildPaths => true;

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        owner.Handle(context);
        return ValueTask.CompletedTask;
    }
}
