using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Transport;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Proxies;

/// <summary>org.freedesktop.NetworkManager.Settings.Connection on one saved profile.</summary>
internal sealed class ConnectionProxy(NmBus bus, string path)
{
    public string Path => path;

    /// <summary>The settings without secrets (GetSettings strips them).</summary>
    public Task<ConnectionSettings> GetSettingsAsync() =>
        bus.CallAsync(bus.Call(path, NmNames.ConnectionInterface, "GetSettings"), static (m, _) =>
        {
            var reader = m.GetBodyReader();
            return ConnectionSettings.Read(ref reader);
        }, "GetSettings");

    public Task UpdateAsync(ConnectionSettings settings)
    {
        MessageBuffer Create()
        {
            var writer = bus.Connection.GetMessageWriter();
            try
            {
                writer.WriteMethodCallHeader(NmNames.Service, path, NmNames.ConnectionInterface, "Update", "a{sa{sv}}");
                settings.Write(ref writer);
                return writer.CreateMessage();
            }
            finally
            {
                writer.Dispose();
            }
        }
        return bus.CallAsync(Create(), "Update");
    }

    public Task DeleteAsync() => bus.CallAsync(bus.Call(path, NmNames.ConnectionInterface, "Delete"), "Delete");
}
