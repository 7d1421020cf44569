using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Transport;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Proxies;

/// <summary>org.freedesktop.NetworkManager.Settings on /org/freedesktop/NetworkManager/Settings.</summary>
internal sealed class SettingsProxy(NmBus bus)
{
    public Task<string[]> ListConnectionsAsync() =>
        bus.CallAsync(bus.Call(NmNames.SettingsPath, NmNames.SettingsInterface, "ListConnections"), static (m, _) => ManagerProxy.ReadPaths(m), "ListConnections");

    public Task<string> AddConnectionAsync(ConnectionSettings settings)
    {
        MessageBuffer Create()
        {
            var writer = bus.Connection.GetMessageWriter();
            try
            {
                writer.WriteMethodCallHeader(NmNames.Service, NmNames.SettingsPath, NmNames.SettingsInterface, "AddConnection", "a{sa{sv}}");
                settings.Write(ref writer);
                return writer.CreateMessage();
            }
            finally
            {
                writer.Dispose();
            }
        }
        return bus.CallAsync(Create(), static (m, _) => m.GetBodyReader().ReadObjectPathAsString(), "AddConnection");
    }
}
