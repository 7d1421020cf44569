using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Transport;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Proxies;

/// <summary>org.freedesktop.NetworkManager.Connection.Active on one active connection.</summary>
internal sealed class ActiveConnectionProxy(NmBus bus, string path)
{
    public Task<Dictionary<string, VariantValue>> GetPropertiesAsync() => bus.GetAllAsync(path, NmNames.ActiveInterface);
}
