using Drivers.NetworkManager;

namespace Xnm;

/// <summary>What went wrong with NetworkManager, as one sentence in the user's terms and the exit code it earns.</summary>
internal static class Failures
{
    // NetworkManager's D-Bus error names (nm-dbus-interface.h, NMConnectionError).
    private const string InvalidProperty = "org.freedesktop.NetworkManager.Settings.Connection.InvalidProperty";
    private const string MissingSetting = "org.freedesktop.NetworkManager.Settings.Connection.MissingSetting";
    private const string NoServer = "org.freedesktop.DBus.Error.NoServer";

    /// <summary>
    /// The sentence (without "xnm: ") and exit code for <paramref name="error"/>; <paramref name="busAddress"/> is the
    /// address given with --bus, null for the system bus.
    /// </summary>
    public static (string Sentence, int ExitCode) Explain(NetworkManagerException error, string? busAddress) => error switch
    {
        WrongPasswordException { PasswordGiven: true } e =>
            ($"the network '{Shown(e.Ssid)}' did not accept the password; check it and try again.", ExitCodes.WrongPassword),
        WrongPasswordException e =>
            ($"the network '{Shown(e.Ssid)}' needs a password; give it with --password or --ask.", ExitCodes.WrongPassword),
        NetworkNotFoundException e => (Shown(e.Message), ExitCodes.NotFound),
        NetworkManagerErrorException { ErrorName: NoServer } e when e.Message.StartsWith("The D-Bus at", StringComparison.Ordinal) =>
            ($"no NetworkManager bus was found at {SystemBus(busAddress)}; give its address with --bus ADDRESS, or try --simulate.", ExitCodes.NetworkManagerError),
        // IEEE 802.11i: a WPA passphrase is 8 to 63 printable ASCII characters, or the key itself as 64 hex digits.
        NetworkManagerErrorException { ErrorName: InvalidProperty } e when e.Message.Contains("802-11-wireless-security.psk", StringComparison.Ordinal) =>
            ("a WPA password is 8 to 63 characters (or 64 hexadecimal digits); check it and try again.", ExitCodes.WrongPassword),
        // WEP keys are 40 or 104 bits: 5 or 13 characters, or 10 or 26 hex digits.
        NetworkManagerErrorException { ErrorName: InvalidProperty } e when e.Message.Contains("802-11-wireless-security.wep-key", StringComparison.Ordinal) =>
            ("a WEP key is 5 or 13 characters, or 10 or 26 hexadecimal digits; check it and try again.", ExitCodes.WrongPassword),
        NetworkManagerErrorException { ErrorName: MissingSetting } e when e.Message.Contains("802-1x", StringComparison.Ordinal) =>
            ("this network uses enterprise (802.1X) login, which needs settings xnm does not ask for (identity, method, certificates); "
             + "set it up once with nmcli or your desktop's network settings, and 'xnm wifi connect' then reuses it.", ExitCodes.NetworkManagerError),
        _ => (Shown(error.Message), ExitCodes.NetworkManagerError),
    };

    private static string SystemBus(string? busAddress) =>
        !string.IsNullOrEmpty(busAddress) ? $"'{Shown(busAddress)}'"
        : Environment.GetEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS") is { Length: > 0 } fromEnvironment ? $"'{Shown(fromEnvironment)}' (DBUS_SYSTEM_BUS_ADDRESS)"
        : "the system bus (/run/dbus/system_bus_socket)";

    // Names come from the bus and the air: a control character must not reach the terminal.
    private static string Shown(string text) => UsageErrors.Printable(text, int.MaxValue);
}
