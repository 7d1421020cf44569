using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Transport;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Proxies;

/// <summary>org.freedesktop.NetworkManager.Device on one device.</summary>
internal sealed class DeviceProxy(NmBus bus, string path)
{
    public string Path => path;

    public Task<Dictionary<string, VariantValue>> GetPropertiesAsync() => bus.GetAllAsync(path, NmNames.DeviceInterface);

    public Task DisconnectAsync() => bus.CallAsync(bus.Call(path, NmNames.DeviceInterface, "Disconnect"), "Disconnect");
}
