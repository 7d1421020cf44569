namespace Drivers.NetworkManager.Radios;

/// <summary>The Wi-Fi and WWAN (mobile broadband) radio switches: software (settable) and hardware (rfkill, read only).</summary>
/// <param name="WifiEnabled">The Wi-Fi software switch (WirelessEnabled).</param>
/// <param name="WifiHardwareEnabled">The Wi-Fi hardware switch (WirelessHardwareEnabled).</param>
/// <param name="WwanEnabled">The WWAN software switch (WwanEnabled).</param>
/// <param name="WwanHardwareEnabled">The WWAN hardware switch (WwanHardwareEnabled).</param>
public readonly record struct RadioState(bool WifiEnabled, bool WifiHardwareEnabled, bool WwanEnabled, bool WwanHardwareEnabled);
