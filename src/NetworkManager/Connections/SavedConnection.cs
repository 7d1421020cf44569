namespace Drivers.NetworkManager.Connections;

/// <summary>A saved connection profile (<c>nmcli connection show</c>); secrets are never read.</summary>
public sealed class SavedConnection
{
    /// <summary>The profile's D-Bus object path.</summary>
    public required string Path { get; init; }

    /// <summary>Its name (connection.id).</summary>
    public required string Id { get; init; }

    /// <summary>Its UUID (connection.uuid).</summary>
    public required string Uuid { get; init; }

    /// <summary>Its type, e.g. <c>802-11-wireless</c>, <c>gsm</c>, <c>802-3-ethernet</c> (connection.type).</summary>
    public required string Type { get; init; }

    /// <summary>The Wi-Fi SSID as raw bytes; empty for other types.</summary>
    public ReadOnlyMemory<byte> Ssid { get; init; }

    /// <summary>True when it is active now.</summary>
    public bool IsActive { get; init; }
}
