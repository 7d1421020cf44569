using NetworkManager.Protocol;
using NetworkManager.Transport;
using Tmds.DBus.Protocol;

namespace NetworkManager.Proxies;

/// <summary>org.freedesktop.NetworkManager.Connection.Active on one active connection.</summary>
internal sealed class ActiveConnectionProxy(NmBus bus, string path)
{
    public Task<Dictionary<string, VariantValue>> GetPropertiesAsync() => bus.GetAllAsync(path, NmNames.ActiveInterface);
}
