using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Transport;

namespace Drivers.NetworkManager.Proxies;

/// <summary>org.freedesktop.NetworkManager.Settings on /org/freedesktop/NetworkManager/Settings.</summary>
internal sealed class SettingsProxy(NmBus bus)
{
    public Task<string[]> ListConnectionsAsync() =>
        bus.CallAsync(bus.Call(NmNames.SettingsPath, NmNames.SettingsInterface, "ListConnections"), static (m, _) => ManagerProxy.ReadPaths(m), "ListConnections");
}
