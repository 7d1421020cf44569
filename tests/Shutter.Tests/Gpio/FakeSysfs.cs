namespace Drivers.Shutter.Tests.Gpio;

/// <summary>A throw-away sysfs tree in a temporary folder, laid out as the kernel lays out /sys.</summary>
internal sealed class FakeSysfs : IDisposable
{
    public FakeSysfs() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "shutter-sysfs-" + Guid.NewGuid().ToString("N"));

    /// <summary>/sys/bus/gpio/devices/gpiochipN with the legacy child gpio/gpiochipBASE holding label and ngpio.</summary>
    public FakeSysfs BusChip(int number, string label, int lines, int legacyBase)
    {
        var legacy = Path.Combine(Root, "bus", "gpio", "devices", $"gpiochip{number}", "gpio", $"gpiochip{legacyBase}");
        Directory.CreateDirectory(legacy);
        File.WriteAllText(Path.Combine(legacy, "label"), label + "\n");
        File.WriteAllText(Path.Combine(legacy, "ngpio"), lines + "\n");
        return this;
    }

    /// <summary>/sys/class/gpio/gpiochipBASE with a device link to ../../gpiochipN.</summary>
    public FakeSysfs LegacyClassChip(int number, string label, int lines, int legacyBase)
    {
        var device = Path.Combine(Root, "devices", "platform", "soc", $"gpiochip{number}");
        Directory.CreateDirectory(device);
        var legacy = Path.Combine(Root, "class", "gpio", $"gpiochip{legacyBase}");
        Directory.CreateDirectory(legacy);
        File.WriteAllText(Path.Combine(legacy, "label"), label + "\n");
        File.WriteAllText(Path.Combine(legacy, "ngpio"), lines + "\n");
        Directory.CreateSymbolicLink(Path.Combine(legacy, "device"), device);
        return this;
    }

    /// <summary>/sys/class/gpio/chipN, the newer sysfs layout.</summary>
    public FakeSysfs ModernClassChip(int number, string label, int lines)
    {
        var chip = Path.Combine(Root, "class", "gpio", $"chip{number}");
        Directory.CreateDirectory(chip);
        File.WriteAllText(Path.Combine(chip, "label"), label + "\n");
        File.WriteAllText(Path.Combine(chip, "ngpio"), lines + "\n");
        return this;
    }

    public FakeSysfs File_(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
