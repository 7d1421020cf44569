using Drivers.Shutter.Gpio;
using Drivers.Shutter.Simulation;

namespace Drivers.Shutter.Tests.Gpio;

public sealed class GpioChipLocatorTests
{
    private static int? HeaderChip(FakeSysfs sysfs) => GpioChipLocator.FindHeaderChip(GpioChipLocator.ListChips(sysfs.Root))?.Number;

    [Fact]
    public void A_pi_5_on_a_current_image_has_the_header_on_rp1_as_gpiochip0()
    {
        using var sysfs = new FakeSysfs()
            .BusChip(0, "pinctrl-rp1", 54, 571)
            .BusChip(10, "gpio-brcmstb@107d508500", 32, 544)
            .BusChip(11, "gpio-brcmstb@107d508520", 4, 540)
            .BusChip(12, "gpio-brcmstb@107d517c00", 17, 523)
            .BusChip(13, "gpio-brcmstb@107d517c20", 6, 517);

        Assert.Equal(0, HeaderChip(sysfs));
        Assert.Equal(new GpioChipDescription(0, "pinctrl-rp1", 54), GpioChipLocator.ListChips(sysfs.Root)[0]);
    }

    [Fact]
    public void A_pi_5_on_an_early_image_has_the_header_on_gpiochip4()
    {
        using var sysfs = new FakeSysfs()
            .BusChip(0, "gpio-brcmstb@107d508500", 32, 512)
            .BusChip(1, "gpio-brcmstb@107d508520", 4, 544)
            .BusChip(4, "pinctrl-rp1", 54, 571);

        Assert.Equal(4, HeaderChip(sysfs));
    }

    [Theory]
    [InlineData("pinctrl-bcm2711", 58)] // Pi 4, Pi 400, CM4
    [InlineData("pinctrl-bcm2835", 54)] // Pi 1 to 3, Zero
    public void Older_models_have_the_header_on_their_soc_chip(string label, int lines)
    {
        using var sysfs = new FakeSysfs()
            .BusChip(0, label, lines, 512)
            .BusChip(1, "raspberrypi-exp-gpio", 8, 504);

        Assert.Equal(0, HeaderChip(sysfs));
    }

    [Fact]
    public void The_legacy_class_layout_gives_the_chip_number_through_its_device_link()
    {
        using var sysfs = new FakeSysfs()
            .LegacyClassChip(0, "gpio-brcmstb@107d508500", 32, 512)
            .LegacyClassChip(4, "pinctrl-rp1", 54, 571);

        Assert.Equal(4, HeaderChip(sysfs));
    }

    [Fact]
    public void The_newer_class_layout_names_chips_by_number()
    {
        using var sysfs = new FakeSysfs().ModernClassChip(2, "pinctrl-rp1", 54);

        Assert.Equal(2, HeaderChip(sysfs));
    }

    [Fact]
    public void A_machine_without_a_pi_header_has_chips_but_no_header_chip()
    {
        using var sysfs = new FakeSysfs().BusChip(0, "INT34C6:00", 360, 512);

        Assert.Single(GpioChipLocator.ListChips(sysfs.Root));
        Assert.Null(HeaderChip(sysfs));
    }

    [Fact]
    public void Garbage_in_sysfs_is_ignored_not_fatal()
    {
        using var sysfs = new FakeSysfs()
            .File_("bus/gpio/devices/gpiochipX/label", "pinctrl-rp1")
            .File_("bus/gpio/devices/gpiochip-1/label", "pinctrl-rp1")
            .File_("bus/gpio/devices/gpiochip3/gpio/gpiochip99/label", "pinctrl-bcm2835")
            .File_("bus/gpio/devices/gpiochip3/gpio/gpiochip99/ngpio", "fifty-four\0\u00ff")
            .File_("class/gpio/gpiochip7/label", "pinctrl-rp1") // no device link: its number is unknown
            .File_("class/gpio/chip/label", "pinctrl-rp1");

        var chips = GpioChipLocator.ListChips(sysfs.Root);

        Assert.Equal([new GpioChipDescription(3, "pinctrl-bcm2835", 0)], chips);
    }

    [Fact]
    public void No_gpio_at_all_is_a_clear_error_that_says_what_to_do()
    {
        using var sysfs = new FakeSysfs();

        var error = Assert.Throws<GpioUnavailableException>(() => ShutterRelease.Open(new ShutterOptions { SysfsRoot = sysfs.Root }));

        Assert.Contains("No GPIO chip was found", error.Message, StringComparison.Ordinal);
        Assert.Contains("VirtualGpioDriver", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Chip);
    }

    [Fact]
    public void Chips_without_a_header_label_are_listed_in_the_error()
    {
        using var sysfs = new FakeSysfs().BusChip(0, "INT34C6:00", 360, 512);

        var error = Assert.Throws<GpioUnavailableException>(() => ShutterRelease.Open(new ShutterOptions { SysfsRoot = sysfs.Root }));

        Assert.Contains("gpiochip0 'INT34C6:00'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ShutterOptions.Chip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_libgpiod_v2_driver_is_used_when_v1_is_missing()
    {
        using var sysfs = new FakeSysfs().BusChip(4, "pinctrl-rp1", 54, 571);
        var tried = new List<string>();
        var virtualChip = new VirtualGpioDriver();

        var driver = GpioChipOpener.Open(new ShutterOptions { SysfsRoot = sysfs.Root },
        [
            ("libgpiod v1", chip => { tried.Add($"v1:{chip}"); throw new DllNotFoundException("libgpiod.so.2: cannot open shared object file"); }),
            ("libgpiod v2", chip => { tried.Add($"v2:{chip}"); return virtualChip; }),
        ]);

        Assert.Same(virtualChip, driver);
        Assert.Equal(["v1:4", "v2:4"], tried);
    }

    [Fact]
    public void When_neither_driver_opens_the_chip_the_error_names_both_reasons()
    {
        var error = Assert.Throws<GpioUnavailableException>(() => GpioChipOpener.Open(new ShutterOptions { Chip = 0 },
        [
            ("libgpiod v1", _ => throw new TypeInitializationException("Interop", new DllNotFoundException("libgpiod.so.2 missing"))),
            ("libgpiod v2", _ => throw new IOException("Permission denied")),
        ]));

        Assert.Equal(0, error.Chip);
        Assert.Contains("libgpiod v1: libgpiod.so.2 missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("libgpiod v2: Permission denied", error.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/gpiochip0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_real_drivers_on_this_machine_without_gpio_fail_with_the_clear_error()
    {
        // This build machine has no /dev/gpiochip0 (and no libgpiod): both System.Device.Gpio drivers fail.
        var error = Assert.Throws<GpioUnavailableException>(() => ShutterRelease.Open(new ShutterOptions { Chip = 0 }));

        Assert.Contains("libgpiod v1", error.Message, StringComparison.Ordinal);
        Assert.Contains("libgpiod v2", error.Message, StringComparison.Ordinal);
    }
}
