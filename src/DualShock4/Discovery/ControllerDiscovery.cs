using System.Globalization;

namespace Drivers.DualShock4;

/// <summary>
/// Finds DualShock 4 hidraw nodes through sysfs: every <c>class/hidraw/*/device/uevent</c>, whose <c>HID_ID</c>
/// is <c>BUS:VENDOR:PRODUCT</c> in hex (bus 0003 USB, 0005 Bluetooth), per hid-core's <c>hid_uevent</c>.
/// </summary>
internal static class ControllerDiscovery
{
    private const uint SonyVendor = 0x054C;
    private const uint UsbBus = 0x0003;
    private const uint BluetoothBus = 0x0005;

    public static IReadOnlyList<ControllerInfo> Find(string sysfsRoot, string devRoot)
    {
        var classDir = Path.Combine(sysfsRoot, "class", "hidraw");
        if (!Directory.Exists(classDir))
        {
            return [];
        }
        var found = new List<(int Number, ControllerInfo Info)>();
        foreach (var node in Directory.EnumerateFileSystemEntries(classDir))
        {
            var name = Path.GetFileName(node);
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(node, "device", "uevent"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // the device went away while we looked, or is not ours to read
            }
            if (TryParseUevent(text, Path.Combine(devRoot, name), out var info))
            {
                var number = int.TryParse(name.AsSpan("hidraw".Length < name.Length ? "hidraw".Length : 0), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
                found.Add((number, info));
            }
        }
        return [.. found.OrderBy(f => f.Number).ThenBy(f => f.Info.DevicePath, StringComparer.Ordinal).Select(f => f.Info)];
    }

    /// <summary>Reads one uevent file; false when it is not a DualShock 4 (or its wireless adapter).</summary>
    public static bool TryParseUevent(string uevent, string devicePath, out ControllerInfo info)
    {
        info = null!;
        string? hidId = null, hidName = null, hidUniq = null;
        foreach (var line in uevent.Split('\n'))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }
            var value = line[(equals + 1)..].Trim();
            switch (line[..equals])
            {
                case "HID_ID": hidId = value; break;
                case "HID_NAME": hidName = value; break;
                case "HID_UNIQ": hidUniq = value; break;
            }
        }
        var parts = hidId?.Split(':');
        if (parts is not { Length: 3 }
            || !uint.TryParse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var bus)
            || !uint.TryParse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var vendor)
            || !uint.TryParse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var product)
            || vendor != SonyVendor)
        {
            return false;
        }
        ControllerModel model;
        switch (product)
        {
            case 0x05C4: model = ControllerModel.DualShock4V1; break;
            case 0x09CC: model = ControllerModel.DualShock4V2; break;
            case 0x0BA0: model = ControllerModel.WirelessAdapter; break;
            default: return false;
        }
        ConnectionBus connection;
        switch (bus)
        {
            case UsbBus: connection = ConnectionBus.Usb; break;
            case BluetoothBus when model != ControllerModel.WirelessAdapter: connection = ConnectionBus.Bluetooth; break;
            default: return false;
        }
        info = new ControllerInfo(devicePath, connection, model, hidName ?? "", string.IsNullOrEmpty(hidUniq) ? null : hidUniq.ToLowerInvariant());
        return true;
    }
}
