using System.Text;
using Drivers.NetworkManager.Connections;
using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Radios;
using Drivers.NetworkManager.Transport;
using Drivers.NetworkManager.Wifi;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Simulation;

// Activation: PREPARE, CONFIG, NEED_AUTH, IP_CONFIG, IP_CHECK, ACTIVATED or FAILED, as NetworkManager steps a device (NMDeviceState).
public sealed partial class SimulatedNetworkManager
{
    private delegate void ReplyWriter(ref MessageWriter writer, string activePath);

    private void StartActivation(MethodContext context, Profile profile, Device device, string specific, ReplyWriter reply, string signature)
    {
        if (!IsAvailable(device, out var why))
        {
            context.ReplyError("org.freedesktop.NetworkManager.ConnectionNotAvailable", $"Connection '{profile.Settings.Id}' is not available on device {device.InterfaceName} because {why}");
            return;
        }
        // NetworkManager 1.42 refuses a profile that does not fit the device with UnknownConnection and this wording.
        var boundTo = profile.Settings.TryGetValue("connection", out var connection) ? connection.String("interface-name") : "";
        if (TypeOf(profile.Settings) != device.Type || (boundTo.Length > 0 && boundTo != device.InterfaceName))
        {
            var mismatch = TypeOf(profile.Settings) != device.Type ? "mismatching connection type" : "mismatching interface name";
            context.ReplyError("org.freedesktop.NetworkManager.UnknownConnection", $"Connection '{profile.Settings.Id}' is not available on device {device.InterfaceName} because profile is not compatible with device ({mismatch})");
            return;
        }
        if (device.Active is { } previous)
        {
            Deactivate(previous, DeviceStateReason.NewActivation, ActiveConnectionStateReason.None);
        }
        var ap = device.Type == DeviceType.Wifi ? ChooseAccessPoint(device, profile.Settings, specific) : null;
        var activeObject = Add($"{NmNames.RootPath}/ActiveConnection/{++_nextId}");
        var active = new Active(activeObject, profile, device, ap?.Object.Path ?? "/");
        var properties = activeObject.Interface(NmNames.ActiveInterface);
        properties["Id"] = profile.Settings.Id;
        properties["Uuid"] = profile.Settings.Uuid;
        properties["Type"] = profile.Settings.Type;
        properties["Connection"] = new ObjectPath(profile.Object.Path);
        properties["SpecificObject"] = new ObjectPath(active.SpecificObject);
        properties["Devices"] = Paths([device.Object.Path]);
        properties["State"] = 1u;
        properties["StateFlags"] = 0u;
        properties["Default"] = false;
        properties["Vpn"] = false;
        _actives[activeObject.Path] = active;
        device.Active = active;
        SetProperty(device.Object, DeviceIface, "ActiveConnection", new ObjectPath(activeObject.Path));
        SetProperty(_root, Manager, "ActiveConnections", Paths(_actives.Keys));
        SetProperty(_root, Manager, "ActivatingConnection", new ObjectPath(activeObject.Path));

        var writer = context.CreateReplyWriter(signature);
        try
        {
            reply(ref writer, activeObject.Path);
            context.Reply(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
        _ = Task.Run(() => RunActivationAsync(active, ap));
    }

    private static AccessPointState? ChooseAccessPoint(Device device, ConnectionSettings settings, string specific)
    {
        var ssid = settings.Ssid;
        var hidden = settings.TryGetValue(NmNames.WirelessSetting, out var wireless) && wireless.Bool("hidden");
        return device.AccessPoints
            .Where(a => specific == "/" || a.Object.Path == specific)
            .Where(a => Encoding.UTF8.GetBytes(a.Spec.Ssid).AsSpan().SequenceEqual(ssid) && (!a.Spec.Hidden || hidden))
            .MaxBy(a => a.Spec.StrengthPercent);
    }

    private async Task RunActivationAsync(Active active, AccessPointState? ap)
    {
        try
        {
            var device = active.Device;
            var settings = active.Profile.Settings;
            if (!await StepAsync(active, DeviceState.Prepare).ConfigureAwait(false) || !await StepAsync(active, DeviceState.Config).ConfigureAwait(false))
            {
                return;
            }
            if (device.Type == DeviceType.Wifi)
            {
                if (ap is null)
                {
                    Fail(active, DeviceStateReason.SsidNotFound, ActiveConnectionStateReason.DeviceDisconnected);
                    return;
                }
                var security = SecurityClassifier.Classify(ap.Object.Interface(NmNames.AccessPointInterface).UInt32("Flags"), ap.Object.Interface(NmNames.AccessPointInterface).UInt32("WpaFlags"), ap.Object.Interface(NmNames.AccessPointInterface).UInt32("RsnFlags"));
                if (SecurityClassifier.NeedsSecret(security))
                {
                    if (!await StepAsync(active, DeviceState.NeedAuth).ConfigureAwait(false))
                    {
                        return;
                    }
                    // No secret agent answers here, so a wrong or missing password ends as NetworkManager's does without one.
                    if (security.HasFlag(WifiSecurity.Enterprise) || Secret(settings) != ap.Spec.Password)
                    {
                        Fail(active, DeviceStateReason.NoSecrets, ActiveConnectionStateReason.NoSecrets);
                        return;
                    }
                }
            }
            if (!await StepAsync(active, DeviceState.IpConfig).ConfigureAwait(false)
                || !await StepAsync(active, DeviceState.IpCheck).ConfigureAwait(false)
                || !await StepAsync(active, DeviceState.Secondaries).ConfigureAwait(false)
                || !await StepAsync(active, DeviceState.Activated).ConfigureAwait(false))
            {
                return;
            }
            lock (_gate)
            {
                if (active.Canceled)
                {
                    return;
                }
                if (ap is not null)
                {
                    SetProperty(device.Object, NmNames.WirelessInterface, "ActiveAccessPoint", new ObjectPath(ap.Object.Path));
                    SetProperty(device.Object, NmNames.WirelessInterface, "Bitrate", ap.Spec.MaxBitrateKbps);
                }
                SetActiveState(active, ActiveConnectionState.Activated, ActiveConnectionStateReason.Unknown);
                SetProperty(_root, Manager, "ActivatingConnection", new ObjectPath("/"));
                UpdateGlobalState();
            }
        }
        catch (ObjectDisposedException)
        {
            // The simulator stopped mid-activation.
        }
        catch (OperationCanceledException)
        {
            // Likewise.
        }
    }

    private async Task<bool> StepAsync(Active active, DeviceState state)
    {
        await DelayAsync().ConfigureAwait(false);
        lock (_gate)
        {
            if (active.Canceled)
            {
                return false;
            }
            SetDeviceState(active.Device, state, DeviceStateReason.None);
            if (state == DeviceState.Prepare)
            {
                // NetworkManager 1.42 announces the active connection ACTIVATING (reason 0) once its device prepares.
                SetActiveState(active, ActiveConnectionState.Activating, ActiveConnectionStateReason.Unknown);
            }
            return true;
        }
    }

    private Task DelayAsync() => Task.Delay(_options.StepDelay, _options.TimeProvider, _stopping.Token);

    private void Fail(Active active, DeviceStateReason reason, ActiveConnectionStateReason activeReason)
    {
        lock (_gate)
        {
            if (active.Canceled)
            {
                return;
            }
            active.Canceled = true;
            SetDeviceState(active.Device, DeviceState.Failed, reason);
            SetActiveState(active, ActiveConnectionState.Deactivated, activeReason);
            Remove(active);
            SetDeviceState(active.Device, DeviceState.Disconnected, DeviceStateReason.None);
        }
    }

    /// <summary>
    /// Takes an active connection down in NetworkManager 1.42's order: device DEACTIVATING, active connection DEACTIVATING
    /// (reason 0), device DISCONNECTED, active connection DEACTIVATED; the device's reason says why.
    /// </summary>
    private void Deactivate(Active active, DeviceStateReason reason, ActiveConnectionStateReason activeReason)
    {
        active.Canceled = true;
        SetDeviceState(active.Device, DeviceState.Deactivating, reason);
        SetActiveState(active, ActiveConnectionState.Deactivating, ActiveConnectionStateReason.Unknown);
        Remove(active);
        SetDeviceState(active.Device, DeviceState.Disconnected, reason);
        SetActiveState(active, ActiveConnectionState.Deactivated, activeReason);
    }

    private void Remove(Active active)
    {
        _actives.Remove(active.Object.Path);
        _objects.Remove(active.Object.Path);
        if (active.Device.Active == active)
        {
            active.Device.Active = null;
            SetProperty(active.Device.Object, DeviceIface, "ActiveConnection", new ObjectPath("/"));
            if (active.Device.Type == DeviceType.Wifi)
            {
                SetProperty(active.Device.Object, NmNames.WirelessInterface, "ActiveAccessPoint", new ObjectPath("/"));
            }
        }
        if (_root.Interface(Manager)["ActivatingConnection"].GetObjectPathAsString() == active.Object.Path)
        {
            SetProperty(_root, Manager, "ActivatingConnection", new ObjectPath("/"));
        }
        UpdateGlobalState();
    }

    private void ApplyRadio(Radio radio)
    {
        var type = radio == Radio.Wifi ? DeviceType.Wifi : DeviceType.Modem;
        foreach (var device in _devices.Where(d => d.Type == type))
        {
            if (IsAvailable(device, out _))
            {
                SetDeviceState(device, DeviceState.Disconnected, DeviceStateReason.None);
            }
            else
            {
                if (device.Active is { } active)
                {
                    Deactivate(active, DeviceStateReason.None, ActiveConnectionStateReason.DeviceDisconnected);
                }
                SetDeviceState(device, DeviceState.Unavailable, DeviceStateReason.None);
            }
        }
    }

    private bool IsAvailable(Device device, out string why)
    {
        (why, var available) = device.Type switch
        {
            DeviceType.Wifi when !Flag("WirelessHardwareEnabled") => ("the Wi-Fi hardware switch is off", false),
            DeviceType.Wifi when !Flag("WirelessEnabled") => ("Wi-Fi is disabled", false),
            DeviceType.Modem when !Flag("WwanHardwareEnabled") => ("the WWAN hardware switch is off", false),
            DeviceType.Modem when !Flag("WwanEnabled") => ("mobile broadband is disabled", false),
            _ => ("", true),
        };
        return available;
    }

    private static DeviceType TypeOf(ConnectionSettings settings) => settings.Type switch
    {
        NmNames.WirelessSetting => DeviceType.Wifi,
        "gsm" or "cdma" => DeviceType.Modem,
        "802-3-ethernet" => DeviceType.Ethernet,
        _ => DeviceType.Unknown,
    };

    private static string? Secret(ConnectionSettings settings) =>
        settings.TryGetValue(NmNames.WirelessSecuritySetting, out var security)
            ? security.TryGetValue("psk", out var psk) ? psk.GetString() : security.TryGetValue("wep-key0", out var wep) ? wep.GetString() : null
            : null;
}
