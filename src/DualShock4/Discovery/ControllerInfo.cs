namespace Drivers.DualShock4;

/// <summary>A controller found through sysfs: its hidraw node, bus, model and, over Bluetooth, its MAC address.</summary>
public sealed class ControllerInfo
{
    /// <summary>Creates a description (discovery and the simulator do; tests may too).</summary>
    public ControllerInfo(string devicePath, ConnectionBus bus, ControllerModel model, string name, string? macAddress)
    {
        DevicePath = devicePath;
        Bus = bus;
        Model = model;
        Name = name;
        MacAddress = macAddress;
    }

    /// <summary>The hidraw node, e.g. <c>/dev/hidraw3</c>.</summary>
    public string DevicePath { get; }

    /// <summary>The node's name in sysfs, e.g. <c>hidraw3</c>.</summary>
    public string NodeName => Path.GetFileName(DevicePath);

    /// <summary>USB (cable or wireless adapter) or Bluetooth.</summary>
    public ConnectionBus Bus { get; }

    /// <summary>Which device it is.</summary>
    public ControllerModel Model { get; }

    /// <summary>The HID name the kernel reports (<c>HID_NAME</c>), e.g. "Wireless Controller".</summary>
    public string Name { get; }

    /// <summary>The pad's MAC address when the kernel knows it (<c>HID_UNIQ</c>, set over Bluetooth); otherwise null.</summary>
    public string? MacAddress { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{DevicePath} ({Bus}, {Model}{(MacAddress is null ? "" : ", " + MacAddress)})";
}
