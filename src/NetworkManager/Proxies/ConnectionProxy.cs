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
            var reader = NmBus.Body(m, "a{sa{sv}}");
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

    /// <summary>The secrets of one setting (GetSecrets), e.g. 802-11-wireless-security's psk.</summary>
    public Task<ConnectionSettings> GetSecretsAsync(string settingName)
    {
        MessageBuffer Create()
        {
            using var writer = bus.Connection.GetMessageWriter();
            writer.WriteMethodCallHeader(NmNames.Service, path, NmNames.ConnectionInterface, "GetSecrets", "s");
            writer.WriteString(settingName);
            return writer.CreateMessage();
        }
        return bus.CallAsync(Create(), static (m, _) =>
        {
            var reader = NmBus.Body(m, "a{sa{sv}}");
            return ConnectionSettings.Read(ref reader);
        }, "GetSecrets");
    }

    /// <summary>Update2 (NetworkManager 1.12+) with flags such as 0x1 (to disk) or 0x2 (in memory only, the file is kept).</summary>
    public Task Update2Async(ConnectionSettings settings, uint flags)
    {
        MessageBuffer Create()
        {
            var writer = bus.Connection.GetMessageWriter();
            try
            {
                writer.WriteMethodCallHeader(NmNames.Service, path, NmNames.ConnectionInterface, "Update2", "a{sa{sv}}ua{sv}");
                settings.Write(ref writer);
                writer.WriteUInt32(flags);
                writer.WriteDictionary(new Dictionary<string, VariantValue>());
                return writer.CreateMessage();
            }
            finally
            {
                writer.Dispose();
            }
        }
        return bus.CallAsync(Create(), static (_, _) => true, "Update2");
    }

    /// <summary>Writes settings changed in memory to disk (Save).</summary>
    public Task SaveAsync() => bus.CallAsync(bus.Call(path, NmNames.ConnectionInterface, "Save"), "Save");

    public Task DeleteAsync() => bus.CallAsync(bus.Call(path, NmNames.ConnectionInterface, "Delete"), "Delete");
}
