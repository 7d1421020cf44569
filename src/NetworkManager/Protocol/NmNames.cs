namespace Drivers.NetworkManager.Protocol;

/// <summary>The bus name, object paths and interface names of NetworkManager's D-Bus API (nm-dbus-interface.h).</summary>
internal static class NmNames
{
    public const string Service = "org.freedesktop.NetworkManager";
    public const string RootPath = "/org/freedesktop/NetworkManager";
    public const string SettingsPath = "/org/freedesktop/NetworkManager/Settings";
    public const string NoObject = "/";

    public const string ManagerInterface = "org.freedesktop.NetworkManager";
    public const string DeviceInterface = "org.freedesktop.NetworkManager.Device";
    public const string WirelessInterface = "org.freedesktop.NetworkManager.Device.Wireless";
    public const string ModemInterface = "org.freedesktop.NetworkManager.Device.Modem";
    public const string AccessPointInterface = "org.freedesktop.NetworkManager.AccessPoint";
    public const string SettingsInterface = "org.freedesktop.NetworkManager.Settings";
    public const string ConnectionInterface = "org.freedesktop.NetworkManager.Settings.Connection";
    public const string ActiveInterface = "org.freedesktop.NetworkManager.Connection.Active";
    public const string PropertiesInterface = "org.freedesktop.DBus.Properties";

    public const string UnknownMethodError = "org.freedesktop.DBus.Error.UnknownMethod";
    public const string UnknownPropertyError = "org.freedesktop.DBus.Error.UnknownProperty";
    public const string InvalidArgsError = "org.freedesktop.DBus.Error.InvalidArgs";
    public const string NoServerError = "org.freedesktop.DBus.Error.NoServer";
    public const string ScanNotAllowedError = "org.freedesktop.NetworkManager.Device.NotAllowed";
    public const string DeviceNotActiveError = "org.freedesktop.NetworkManager.Device.NotActive";

    public const string WirelessSetting = "802-11-wireless";
    public const string WirelessSecuritySetting = "802-11-wireless-security";
}
