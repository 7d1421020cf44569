using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Transport;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Proxies;

/// <summary>org.freedesktop.NetworkManager on /org/freedesktop/NetworkManager.</summary>
internal sealed class ManagerProxy(NmBus bus)
{
    public Task<Dictionary<string, VariantValue>> GetPropertiesAsync() => bus.GetAllAsync(NmNames.RootPath, NmNames.ManagerInterface);

    public Task<string[]> GetDevicesAsync() =>
        bus.CallAsync(bus.Call(NmNames.RootPath, NmNames.ManagerInterface, "GetDevices"), static (m, _) => ReadPaths(m), "GetDevices");

    public Task<string> ActivateConnectionAsync(string connection, string device, string specificObject)
    {
        MessageBuffer Create()
        {
            using var writer = bus.Connection.GetMessageWriter();
            writer.WriteMethodCallHeader(NmNames.Service, NmNames.RootPath, NmNames.ManagerInterface, "ActivateConnection", "ooo");
            writer.WriteObjectPath(connection);
            writer.WriteObjectPath(device);
            writer.WriteObjectPath(specificObject);
            return writer.CreateMessage();
        }
        return bus.CallAsync(Create(), static (m, _) => NmBus.Body(m, "o").ReadObjectPathAsString(), "ActivateConnection");
    }

    public Task<(string Connection, string Active)> AddAndActivateConnectionAsync(ConnectionSettings settings, string device, string specificObject)
    {
        MessageBuffer Create()
        {
            var writer = bus.Connection.GetMessageWriter();
            try
            {
                writer.WriteMethodCallHeader(NmNames.Service, NmNames.RootPath, NmNames.ManagerInterface, "AddAndActivateConnection", "a{sa{sv}}oo");
                settings.Write(ref writer);
                writer.WriteObjectPath(device);
                writer.WriteObjectPath(specificObject);
                return writer.CreateMessage();
            }
            finally
            {
                writer.Dispose();
            }
        }
        return bus.CallAsync(Create(), static (m, _) =>
        {
            var reader = NmBus.Body(m, "oo");
            return (reader.ReadObjectPathAsString(), reader.ReadObjectPathAsString());
        }, "AddAndActivateConnection");
    }

    public Task DeactivateConnectionAsync(string active)
    {
        MessageBuffer Create()
        {
            using var writer = bus.Connection.GetMessageWriter();
            writer.WriteMethodCallHeader(NmNames.Service, NmNames.RootPath, NmNames.ManagerInterface, "DeactivateConnection", "o");
            writer.WriteObjectPath(active);
            return writer.CreateMessage();
        }
        return bus.CallAsync(Create(), "DeactivateConnection");
    }

    public Task SetPropertyAsync(string name, bool value) => bus.SetAsync(NmNames.RootPath, NmNames.ManagerInterface, name, value);

    internal static string[] ReadPaths(Message message) =>
        NmBus.Body(message, "ao").ReadArrayOfObjectPath().Select(p => p.ToString()).ToArray();
}
