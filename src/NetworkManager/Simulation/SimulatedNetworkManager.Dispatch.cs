using System.Text;
using Drivers.NetworkManager.Connections;
using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Radios;
using Drivers.NetworkManager.Transport;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Simulation;

// D-Bus method calls: the manager, settings, profiles, devices and org.freedesktop.DBus.Properties, under the one lock.
public sealed partial class SimulatedNetworkManager
{
    internal void Handle(MethodContext context)
    {
        var request = context.Request;
        var path = request.PathAsString ?? "";
        var @interface = request.InterfaceAsString ?? "";
        var member = request.MemberAsString ?? "";
        lock (_gate)
        {
            if (context.IsDBusIntrospectRequest)
            {
                var prefix = path.TrimEnd('/') + "/";
                var children = _objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
                    .Select(k => k[prefix.Length..].Split('/')[0]).Distinct().ToArray();
                context.ReplyIntrospectXml([], children);
                return;
            }
            if (path == ObjectManagerPath && @interface == ObjectManagerInterface && member == "GetManagedObjects")
            {
                ReplyManagedObjects(context);
                return;
            }
            if (!_objects.TryGetValue(path, out var obj))
            {
                context.ReplyError("org.freedesktop.DBus.Error.UnknownObject", $"No such object path '{path}'");
                return;
            }
            try
            {
                if (@interface == NmNames.PropertiesInterface)
                {
                    HandleProperties(context, obj, member);
                    return;
                }
                switch (@interface, member)
                {
                    case (Manager, "GetDevices" or "GetAllDevices"):
                        ReplyPaths(context, _devices.Select(d => d.Object.Path));
                        return;
                    case (Manager, "ActivateConnection"):
                        HandleActivate(context);
                        return;
                    case (Manager, "AddAndActivateConnection"):
                        HandleAddAndActivate(context);
                        return;
                    case (Manager, "DeactivateConnection"):
                        HandleDeactivate(context);
                        return;
                    case (NmNames.SettingsInterface, "ListConnections"):
                        ReplyPaths(context, _profiles.Keys);
                        return;
                    case (NmNames.SettingsInterface, "AddConnection"):
                        {
                            var reader = request.GetBodyReader();
                            var settings = ConnectionSettings.Read(ref reader);
                            var error = Validate(settings);
                            if (error is not null)
                            {
                                context.ReplyError(error.Value.Name, error.Value.Message);
                                return;
                            }
                            ReplyPath(context, AddProfile(settings).Object.Path);
                            return;
                        }
                    case (NmNames.ConnectionInterface, _) when _profiles.TryGetValue(path, out var profile):
                        HandleProfile(context, profile, member);
                        return;
                    case (DeviceIface, "Disconnect"):
                        {
                            var device = _devices.First(d => d.Object.Path == path);
                            if (device.Active is null)
                            {
                                context.ReplyError(NmNames.DeviceNotActiveError, "This device is not active");
                                return;
                            }
                            Deactivate(device.Active, DeviceStateReason.UserRequested, ActiveConnectionStateReason.DeviceDisconnected);
                            ReplyEmpty(context);
                            return;
                        }
                    case (NmNames.WirelessInterface, "GetAccessPoints" or "GetAllAccessPoints"):
                        {
                            var device = _devices.First(d => d.Object.Path == path);
                            ReplyPaths(context, device.AccessPoints
                                .Where(a => member == "GetAllAccessPoints" || !a.Spec.Hidden)
                                .Select(a => a.Object.Path));
                            return;
                        }
                    case (NmNames.WirelessInterface, "RequestScan"):
                        HandleScan(context, _devices.First(d => d.Object.Path == path));
                        return;
                    default:
                        context.ReplyError(NmNames.UnknownMethodError, $"No such method '{member}' in interface '{@interface}' at object path '{path}'");
                        return;
                }
            }
            catch (Exception e) when (e is DBusReadException or DBusUnexpectedValueException or InvalidOperationException or ArgumentException)
            {
                context.ReplyError(NmNames.InvalidArgsError, $"Invalid arguments for {member}: {e.Message}");
            }
        }
    }

    private void HandleProperties(MethodContext context, SimObject obj, string member)
    {
        var reader = context.Request.GetBodyReader();
        var @interface = reader.ReadString();
        switch (member)
        {
            case "GetAll":
                {
                    obj.Interfaces.TryGetValue(@interface, out var properties);
                    using var writer = context.CreateReplyWriter("a{sv}");
                    writer.WriteDictionary(properties ?? []);
                    context.Reply(writer.CreateMessage());
                    return;
                }
            case "Get":
                {
                    var name = reader.ReadString();
                    if (!obj.Interfaces.TryGetValue(@interface, out var properties) || !properties.TryGetValue(name, out var value))
                    {
                        context.ReplyError(NmNames.InvalidArgsError, $"No such property '{name}'");
                        return;
                    }
                    using var writer = context.CreateReplyWriter("v");
                    writer.WriteVariant(value);
                    context.Reply(writer.CreateMessage());
                    return;
                }
            case "Set":
                {
                    var name = reader.ReadString();
                    var value = reader.ReadVariantValue();
                    switch (@interface, name)
                    {
                        case (Manager, "WirelessEnabled" or "WwanEnabled") when value.Type == VariantValueType.Bool:
                            SetProperty(_root, Manager, name, value.GetBool());
                            ApplyRadio(name == "WirelessEnabled" ? Radio.Wifi : Radio.Wwan);
                            ReplyEmpty(context);
                            return;
                        case (DeviceIface, "Autoconnect" or "Managed") when value.Type == VariantValueType.Bool:
                            SetProperty(obj, DeviceIface, name, value.GetBool());
                            ReplyEmpty(context);
                            return;
                        default:
                            context.ReplyError("org.freedesktop.DBus.Error.PropertyReadOnly", $"Property '{name}' is not writable");
                            return;
                    }
                }
            default:
                context.ReplyError(NmNames.UnknownMethodError, $"No such method '{member}'");
                return;
        }
    }

    private void HandleProfile(MethodContext context, Profile profile, string member)
    {
        switch (member)
        {
            case "GetSettings":
                {
                    var writer = context.CreateReplyWriter("a{sa{sv}}");
                    try
                    {
                        WithoutSecrets(profile.Settings).Write(ref writer);
                        context.Reply(writer.CreateMessage());
                    }
                    finally
                    {
                        writer.Dispose();
                    }
                    return;
                }
            case "Update":
                {
                    var reader = context.Request.GetBodyReader();
                    var settings = ConnectionSettings.Read(ref reader);
                    var error = Validate(settings);
                    if (error is not null)
                    {
                        context.ReplyError(error.Value.Name, error.Value.Message);
                        return;
                    }
                    profile.Settings = settings;
                    profile.OnDisk = null;
                    SetProperty(profile.Object, NmNames.ConnectionInterface, "Unsaved", false);
                    Emit(profile.Object.Path, NmNames.ConnectionInterface, "Updated", null, null);
                    ReplyEmpty(context);
                    return;
                }
            case "GetSecrets":
                {
                    // Settings.Connection.GetSecrets(s setting_name): only that setting's secrets.
                    var name = context.Request.GetBodyReader().ReadString();
                    var secrets = new ConnectionSettings();
                    if (profile.Settings.TryGetValue(name, out var section))
                    {
                        secrets[name] = section.Where(p => IsSecret(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
                    }
                    var writer = context.CreateReplyWriter("a{sa{sv}}");
                    try
                    {
                        secrets.Write(ref writer);
                        context.Reply(writer.CreateMessage());
                    }
                    finally
                    {
                        writer.Dispose();
                    }
                    return;
                }
            case "Update2":
                {
                    // Update2(a{sa{sv}} settings, u flags, a{sv} args) -> a{sv}: 0x1 to disk, 0x2 in memory (the file stays as it was).
                    var reader = context.Request.GetBodyReader();
                    var settings = ConnectionSettings.Read(ref reader);
                    var flags = reader.ReadUInt32();
                    var error = Validate(settings);
                    if (error is not null)
                    {
                        context.ReplyError(error.Value.Name, error.Value.Message);
                        return;
                    }
                    if ((flags & ~(Update2ToDisk | Update2InMemory)) != 0 || (flags & (Update2ToDisk | Update2InMemory)) == (Update2ToDisk | Update2InMemory))
                    {
                        context.ReplyError(NmNames.InvalidArgsError, $"Unsupported flags 0x{flags:x} for Update2");
                        return;
                    }
                    if ((flags & Update2InMemory) != 0)
                    {
                        profile.OnDisk ??= profile.Settings;
                    }
                    else if ((flags & Update2ToDisk) != 0)
                    {
                        profile.OnDisk = null;
                    }
                    profile.Settings = settings;
                    SetProperty(profile.Object, NmNames.ConnectionInterface, "Unsaved", profile.OnDisk is not null);
                    Emit(profile.Object.Path, NmNames.ConnectionInterface, "Updated", null, null);
                    var writer = context.CreateReplyWriter("a{sv}");
                    try
                    {
                        writer.WriteDictionary(new Dictionary<string, VariantValue>());
                        context.Reply(writer.CreateMessage());
                    }
                    finally
                    {
                        writer.Dispose();
                    }
                    return;
                }
            case "Save":
                profile.OnDisk = null;
                SetProperty(profile.Object, NmNames.ConnectionInterface, "Unsaved", false);
                ReplyEmpty(context);
                return;
            case "Delete":
                foreach (var active in _actives.Values.Where(a => a.Profile == profile).ToArray())
                {
                    Deactivate(active, DeviceStateReason.ConnectionRemoved, ActiveConnectionStateReason.DeviceDisconnected);
                }
                RemoveProfile(profile);
                ReplyEmpty(context);
                return;
            default:
                context.ReplyError(NmNames.UnknownMethodError, $"No such method '{member}'");
                return;
        }
    }

    private void HandleScan(MethodContext context, Device device)
    {
        var now = _options.TimeProvider.GetTimestamp();
        var nowMs = (long)_options.TimeProvider.GetElapsedTime(0, now).TotalMilliseconds;
        if (device.LastScanMs >= 0 && nowMs - device.LastScanMs < _options.ScanThrottle.TotalMilliseconds)
        {
            context.ReplyError(NmNames.ScanNotAllowedError, "Scanning not allowed immediately following previous scan");
            return;
        }
        if (!Flag("WirelessEnabled") || !Flag("WirelessHardwareEnabled"))
        {
            context.ReplyError(NmNames.ScanNotAllowedError, "Scanning not allowed while unavailable");
            return;
        }
        device.LastScanMs = nowMs;
        ReplyEmpty(context);
        _ = Task.Run(async () =>
        {
            await DelayAsync().ConfigureAwait(false);
            lock (_gate)
            {
                SetProperty(device.Object, NmNames.WirelessInterface, "LastScan", nowMs);
            }
        });
    }

    private void HandleActivate(MethodContext context)
    {
        var reader = context.Request.GetBodyReader();
        var profilePath = reader.ReadObjectPathAsString();
        var devicePath = reader.ReadObjectPathAsString();
        var specific = reader.ReadObjectPathAsString();
        if (!_profiles.TryGetValue(profilePath, out var profile))
        {
            context.ReplyError("org.freedesktop.NetworkManager.UnknownConnection", $"Connection '{profilePath}' is not available");
            return;
        }
        var device = _devices.FirstOrDefault(d => d.Object.Path == devicePath)
            ?? _devices.FirstOrDefault(d => devicePath == "/" && d.Type == TypeOf(profile.Settings));
        if (device is null)
        {
            context.ReplyError("org.freedesktop.NetworkManager.UnknownDevice", $"Device '{devicePath}' not found");
            return;
        }
        StartActivation(context, profile, device, specific, (ref MessageWriter w, string activePath) => w.WriteObjectPath(activePath), "o");
    }

    private void HandleAddAndActivate(MethodContext context)
    {
        var reader = context.Request.GetBodyReader();
        var settings = ConnectionSettings.Read(ref reader);
        var devicePath = reader.ReadObjectPathAsString();
        var specific = reader.ReadObjectPathAsString();
        var device = _devices.FirstOrDefault(d => d.Object.Path == devicePath);
        if (device is null)
        {
            context.ReplyError("org.freedesktop.NetworkManager.UnknownDevice", $"Device '{devicePath}' not found");
            return;
        }
        // NetworkManager completes what is missing from the device and the access point (nm-wifi-utils.c).
        var connection = settings.Section("connection");
        if (!connection.ContainsKey("type"))
        {
            connection["type"] = device.Type == DeviceType.Wifi ? NmNames.WirelessSetting : "gsm";
        }
        if (device.Type == DeviceType.Wifi && specific != "/" && device.AccessPoints.FirstOrDefault(a => a.Object.Path == specific) is { } ap)
        {
            var wireless = settings.Section(NmNames.WirelessSetting);
            if (!wireless.ContainsKey("ssid") && !ap.Spec.Hidden)
            {
                wireless["ssid"] = VariantValue.Array(Encoding.UTF8.GetBytes(ap.Spec.Ssid));
            }
        }
        if (!connection.ContainsKey("id"))
        {
            connection["id"] = settings.Ssid.Length > 0 ? SsidText.Display(settings.Ssid) : "Connection";
        }
        if (!connection.ContainsKey("uuid"))
        {
            connection["uuid"] = Guid.NewGuid().ToString();
        }
        var error = Validate(settings);
        if (error is not null)
        {
            context.ReplyError(error.Value.Name, error.Value.Message);
            return;
        }
        if (device.Type == DeviceType.Wifi && specific != "/" && device.AccessPoints.All(a => a.Object.Path != specific))
        {
            context.ReplyError("org.freedesktop.NetworkManager.UnknownConnection", $"The access point '{specific}' was not in the scan list.");
            return;
        }
        if (!IsAvailable(device, out var why))
        {
            context.ReplyError("org.freedesktop.NetworkManager.UnknownDevice", why);
            return;
        }
        var profile = AddProfile(settings);
        StartActivation(context, profile, device, specific, (ref MessageWriter w, string activePath) =>
        {
            w.WriteObjectPath(profile.Object.Path);
            w.WriteObjectPath(activePath);
        }, "oo");
    }

    private void HandleDeactivate(MethodContext context)
    {
        var activePath = context.Request.GetBodyReader().ReadObjectPathAsString();
        if (!_actives.TryGetValue(activePath, out var active))
        {
            context.ReplyError("org.freedesktop.NetworkManager.ConnectionNotActive", "The connection was not active.");
            return;
        }
        Deactivate(active, DeviceStateReason.UserRequested, ActiveConnectionStateReason.DeviceDisconnected);
        ReplyEmpty(context);
    }

    /// <summary>
    /// Every object with its interfaces and properties (org.freedesktop.DBus.ObjectManager, D-Bus specification), which
    /// libnm and so nmcli read instead of asking object by object.
    /// </summary>
    private void ReplyManagedObjects(MethodContext context)
    {
        var writer = context.CreateReplyWriter("a{oa{sa{sv}}}");
        try
        {
            var objects = writer.WriteDictionaryStart();
            foreach (var (path, obj) in _objects)
            {
                writer.WriteDictionaryEntryStart();
                writer.WriteObjectPath(path);
                var interfaces = writer.WriteDictionaryStart();
                foreach (var (name, properties) in obj.Interfaces)
                {
                    writer.WriteDictionaryEntryStart();
                    writer.WriteString(name);
                    writer.WriteDictionary(properties);
                }
                writer.WriteDictionaryEnd(interfaces);
            }
            writer.WriteDictionaryEnd(objects);
            context.Reply(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static void ReplyEmpty(MethodContext context)
    {
        using var writer = context.CreateReplyWriter(null);
        context.Reply(writer.CreateMessage());
    }

    private static void ReplyPath(MethodContext context, string path)
    {
        using var writer = context.CreateReplyWriter("o");
        writer.WriteObjectPath(path);
        context.Reply(writer.CreateMessage());
    }

    private static void ReplyPaths(MethodContext context, IEnumerable<string> paths)
    {
        using var writer = context.CreateReplyWriter("ao");
        writer.WriteArray(paths.Select(p => new ObjectPath(p)).ToArray());
        context.Reply(writer.CreateMessage());
    }
}
