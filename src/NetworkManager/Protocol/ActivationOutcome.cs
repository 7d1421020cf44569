using Drivers.NetworkManager.Connections;
using Drivers.NetworkManager.Devices;

namespace Drivers.NetworkManager.Protocol;

/// <summary>What a state change means for an activation that is waited on.</summary>
internal enum ActivationOutcome
{
    /// <summary>Still going.</summary>
    Pending,

    /// <summary>The device (or the active connection) is up.</summary>
    Activated,

    /// <summary>Failed because the password was wrong or missing.</summary>
    WrongPassword,

    /// <summary>Failed for another reason.</summary>
    Failed,
}

/// <summary>Maps NetworkManager's state changes to the outcome of an activation. Pure.</summary>
internal static class ActivationRules
{
    /// <summary>A device StateChanged(new, old, reason), seen after the activation was requested.</summary>
    public static ActivationOutcome FromDevice(uint newState, uint reason) => (DeviceState)newState switch
    {
        DeviceState.Activated => ActivationOutcome.Activated,
        DeviceState.Failed => IsPasswordReason(reason) ? ActivationOutcome.WrongPassword : ActivationOutcome.Failed,
        // A device that falls back to disconnected with a Wi-Fi failure reason has failed too (older NM skips FAILED).
        DeviceState.Disconnected or DeviceState.Unavailable when IsFailureReason(reason) =>
            IsPasswordReason(reason) ? ActivationOutcome.WrongPassword : ActivationOutcome.Failed,
        _ => ActivationOutcome.Pending,
    };

    /// <summary>An active connection's StateChanged(state, reason).</summary>
    public static ActivationOutcome FromActiveConnection(uint state, uint reason) => state switch
    {
        2 => ActivationOutcome.Activated,
        4 => (ActiveConnectionStateReason)reason is ActiveConnectionStateReason.NoSecrets or ActiveConnectionStateReason.LoginFailed ? ActivationOutcome.WrongPassword : ActivationOutcome.Failed,
        _ => ActivationOutcome.Pending,
    };

    /// <summary>Reasons nmcli reports as a password problem: no secrets (7) and a supplicant configuration failure (9).</summary>
    public static bool IsPasswordReason(uint reason) =>
        (DeviceStateReason)reason is DeviceStateReason.NoSecrets or DeviceStateReason.SupplicantConfigFailed;

    private static bool IsFailureReason(uint reason) => (DeviceStateReason)reason is
        DeviceStateReason.NoSecrets or DeviceStateReason.SupplicantDisconnect or DeviceStateReason.SupplicantConfigFailed
        or DeviceStateReason.SupplicantFailed or DeviceStateReason.SupplicantTimeout or DeviceStateReason.SsidNotFound;

    /// <summary>A short English description of a device state reason, for messages.</summary>
    public static string Describe(DeviceStateReason reason) => reason switch
    {
        DeviceStateReason.NoSecrets => "secrets were required, but not provided",
        DeviceStateReason.SupplicantDisconnect => "the Wi-Fi supplicant disconnected",
        DeviceStateReason.SupplicantConfigFailed => "the Wi-Fi supplicant rejected the configuration",
        DeviceStateReason.SupplicantFailed => "the Wi-Fi supplicant failed",
        DeviceStateReason.SupplicantTimeout => "the Wi-Fi supplicant timed out",
        DeviceStateReason.SsidNotFound => "the network was not found",
        DeviceStateReason.GsmRegistrationDenied => "the modem's registration was denied",
        DeviceStateReason.ModemNotFound => "the modem was not found",
        DeviceStateReason.GsmSimPinRequired => "the SIM needs its PIN",
        DeviceStateReason.SimPinIncorrect => "the SIM PIN was wrong",
        DeviceStateReason.UserRequested => "the user asked for it",
        DeviceStateReason.ConnectionRemoved => "the profile was deleted",
        DeviceStateReason.IpConfigUnavailable => "no IP address could be had, e.g. no DHCP server answered",
        DeviceStateReason.NewActivation => "a new activation replaced it",
        _ => $"reason {(uint)reason}",
    };
}
