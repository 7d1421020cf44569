using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Transport;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Proxies;

/// <summary>org.freedesktop.NetworkManager.Device.Wireless on one Wi-Fi device.</summary>
internal sealed class WirelessProxy(NmBus bus, string path)
{
    public Task<Dictionary<string, VariantValue>> GetPropertiesAsync() => bus.GetAllAsync(path, NmNames.WirelessInterface);

    /// <summary>Every access point, hidden ones included (GetAllAccessPoints, or GetAccessPoints on NM before 0.9.10).</summary>
    public async Task<string[]> GetAllAccessPointsAsync()
    {
        try
        {
            return await bus.CallAsync(bus.Call(path, NmNames.WirelessInterface, "GetAllAccessPoints"), static (m, _) => ManagerProxy.ReadPaths(m), "GetAllAccessPoints").ConfigureAwait(false);
        }
        catch (NetworkManagerErrorException e) when (e.ErrorName == NmNames.UnknownMethodError)
        {
            return await bus.CallAsync(bus.Call(path, NmNames.WirelessInterface, "GetAccessPoints"), static (m, _) => ManagerProxy.ReadPaths(m), "GetAccessPoints").ConfigureAwait(false);
        }
    }

    public Task RequestScanAsync()
    {
        MessageBuffer Create()
        {
            using var writer = bus.Connection.GetMessageWriter();
            writer.WriteMethodCallHeader(NmNames.Service, path, NmNames.WirelessInterface, "RequestScan", "a{sv}");
            writer.WriteDictionary(new Dictionary<string, VariantValue>());
            return writer.CreateMessage();
        }
        return bus.CallAsync(Create(), "RequestScan");
    }
}
