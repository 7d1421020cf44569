using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Transport;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Proxies;

/// <summary>org.freedesktop.NetworkManager.AccessPoint on one access point.</summary>
internal sealed class AccessPointProxy(NmBus bus, string path)
{
    public Task<Dictionary<string, VariantValue>> GetPropertiesAsync() => bus.GetAllAsync(path, NmNames.AccessPointInterface);
}
