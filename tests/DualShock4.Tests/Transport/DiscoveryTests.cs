namespace Drivers.DualShock4.Tests.Transport;

public sealed class DiscoveryTests : IDisposable
{
    private readonly FakeSystem _system = new();

    public void Dispose() => _system.Dispose();

    [Fact]
    public void Usb_v1_and_v2_bluetooth_and_the_wireless_adapter_are_found_with_bus_model_and_mac()
    {
        _system.AddHidraw("hidraw2", "0003:0000054C:000005C4", "Sony Computer Entertainment Wireless Controller");
        _system.AddHidraw("hidraw10", "0005:0000054C:000009CC", "Wireless Controller", "A4:53:85:11:22:33");
        _system.AddHidraw("hidraw3", "0003:0000054C:000009CC", "Sony Interactive Entertainment Wireless Controller");
        _system.AddHidraw("hidraw4", "0003:0000054C:00000BA0", "Sony Interactive Entertainment DUALSHOCK®4 USB Wireless Adaptor");

        var found = Controller.List(_system.Options);

        Assert.Equal(["hidraw2", "hidraw3", "hidraw4", "hidraw10"], found.Select(c => c.NodeName));
        Assert.Equal(Path.Combine(_system.DevRoot, "hidraw2"), found[0].DevicePath);
        Assert.Equal((ConnectionBus.Usb, ControllerModel.DualShock4V1, (string?)null), (found[0].Bus, found[0].Model, found[0].MacAddress));
        Assert.Equal((ConnectionBus.Usb, ControllerModel.DualShock4V2), (found[1].Bus, found[1].Model));
        Assert.Equal((ConnectionBus.Usb, ControllerModel.WirelessAdapter), (found[2].Bus, found[2].Model));
        Assert.Equal((ConnectionBus.Bluetooth, ControllerModel.DualShock4V2, "a4:53:85:11:22:33"), (found[3].Bus, found[3].Model, found[3].MacAddress));
        Assert.Equal("Wireless Controller", found[3].Name);
    }

    [Fact]
    public void Other_devices_and_broken_uevent_files_are_skipped()
    {
        _system.AddHidraw("hidraw0", "0003:0000046D:0000C52B", "Logitech USB Receiver");
        _system.AddHidraw("hidraw1", "0003:0000054C:00000CE6", "Sony Interactive Entertainment DualSense Wireless Controller");
        _system.AddHidraw("hidraw2", "0005:0000054C:00000BA0", "an adapter cannot be on Bluetooth");
        _system.AddHidraw("hidraw3", "garbage", "Wireless Controller");
        _system.AddHidraw("hidraw4", "0003:0000054C", "Wireless Controller");
        Directory.CreateDirectory(Path.Combine(_system.SysfsRoot, "class", "hidraw", "hidraw5", "device")); // no uevent

        Assert.Empty(Controller.List(_system.Options));
    }

    [Fact]
    public void A_machine_without_hidraw_has_no_controllers_and_opening_the_first_says_what_to_do()
    {
        Assert.Empty(Controller.List(_system.Options));

        var error = Assert.Throws<ControllerNotFoundException>(() => Controller.OpenFirst(_system.Options));
        Assert.Contains("No DualShock 4 was found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_a_path_that_is_not_a_known_controller_is_refused()
    {
        _system.AddHidraw("hidraw0", "0003:0000046D:0000C52B", "Logitech USB Receiver");

        var error = Assert.Throws<ControllerNotFoundException>(() => Controller.Open(Path.Combine(_system.DevRoot, "hidraw0"), _system.Options));
        Assert.Contains("is not the hidraw node of a DualShock 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kernel_lightbar_is_found_under_the_controllers_own_node_whatever_the_led_names()
    {
        _system.AddHidraw("hidraw1", "0003:0000054C:000005C4", "Wireless Controller");
        _system.AddHidraw("hidraw2", "0005:0000054C:000005C4", "Wireless Controller", "aa:bb:cc:dd:ee:ff");
        _system.AddLeds("hidraw1", "input23");
        var leds = _system.AddLeds("hidraw2", "0005:054C:05C4.0007"); // old hid-sony naming
        var pad = Controller.List(_system.Options).Single(c => c.NodeName == "hidraw2");

        var lightbar = KernelLightbar.Find(pad, _system.Options);

        Assert.NotNull(lightbar);
        lightbar.SetColor(255, 128, 0);
        Assert.Equal("255", File.ReadAllText(Path.Combine(leds, "0005:054C:05C4.0007:red", "brightness")));
        Assert.Equal("128", File.ReadAllText(Path.Combine(leds, "0005:054C:05C4.0007:green", "brightness")));
        Assert.Equal("0", File.ReadAllText(Path.Combine(leds, "0005:054C:05C4.0007:blue", "brightness")));
        Assert.Equal("1", File.ReadAllText(Path.Combine(leds, "0005:054C:05C4.0007:global", "brightness")));
        Assert.Equal((255, 128, 0), lightbar.GetColor());
        // The other pad's LEDs were not touched.
        Assert.Equal("0\n", File.ReadAllText(Path.Combine(_system.SysfsRoot, "class", "hidraw", "hidraw1", "device", "leds", "input23:red", "brightness")));
    }

    [Fact]
    public void A_controller_without_kernel_leds_has_no_kernel_lightbar()
    {
        _system.AddHidraw("hidraw1", "0003:0000054C:000005C4", "Wireless Controller");

        Assert.Null(KernelLightbar.Find(Controller.List(_system.Options)[0], _system.Options));
    }
}
