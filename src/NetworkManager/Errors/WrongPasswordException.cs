using Drivers.NetworkManager.Devices;

namespace Drivers.NetworkManager;

/// <summary>A Wi-Fi network refused or needed a password: the device failed with state reason 7 or 9, or none was given for a protected network.</summary>
public sealed class WrongPasswordException : NetworkManagerException
{
    /// <summary>Creates the exception for the network <paramref name="ssid"/>.</summary>
    public WrongPasswordException(string ssid, DeviceStateReason reason, bool passwordGiven)
        : base(passwordGiven
            ? $"The network '{ssid}' refused the password ({(uint)reason}, {Protocol.ActivationRules.Describe(reason)}); check it and try again."
            : $"The network '{ssid}' needs a password ({(uint)reason}, {Protocol.ActivationRules.Describe(reason)}); give one.")
    {
        Ssid = ssid;
        Reason = reason;
        PasswordGiven = passwordGiven;
    }

    /// <summary>The network's name as shown to the user.</summary>
    public string Ssid { get; }

    /// <summary>NetworkManager's state reason (usually <see cref="DeviceStateReason.NoSecrets"/>).</summary>
    public DeviceStateReason Reason { get; }

    /// <summary>False when no password was given at all (a missing rather than a wrong one).</summary>
    public bool PasswordGiven { get; }
}
