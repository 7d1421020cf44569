using System.Globalization;

namespace Drivers.Shutter.Gpio;

/// <summary>A GPIO chip as sysfs describes it: its character device number (the N of /dev/gpiochipN), label and line count.</summary>
internal readonly record struct GpioChipDescription(int Number, string Label, int Lines);

/// <summary>
/// Finds the chip that carries the Raspberry Pi's 40-pin header by its label, read from sysfs under a
/// configurable root. Pure file reading: no native library is loaded, so it works (and is tested) anywhere.
/// </summary>
/// <remarks>
/// The chip number moves between models and images (a Pi 5 had the header on gpiochip4 until
/// raspberrypi/linux PR #6144 made RP1 gpiochip0), so the label is what identifies it. Sources, in order:
/// /sys/bus/gpio/devices/gpiochipN (the label in the device or its legacy gpio/gpiochipB child),
/// /sys/class/gpio/gpiochipB (legacy, B is the base; N comes from its device link), and
/// /sys/class/gpio/chipN (the newer sysfs layout).
/// </remarks>
internal static class GpioChipLocator
{
    /// <summary>Header chip labels, most specific first: Pi 5 (RP1), Pi 4 (BCM2711), Pi 1-3 and Zero (BCM2835).</summary>
    public static readonly string[] HeaderLabels = ["pinctrl-rp1", "pinctrl-bcm2711", "pinctrl-bcm2835"];

    public static IReadOnlyList<GpioChipDescription> ListChips(string sysfsRoot)
    {
        var chips = new SortedDictionary<int, GpioChipDescription>();

        var bus = Path.Combine(sysfsRoot, "bus", "gpio", "devices");
        foreach (var device in Children(bus, "gpiochip*"))
        {
            if (TryNumber(Path.GetFileName(device), "gpiochip", out var number))
            {
                var described = Describe(number, device)
                    ?? Children(Path.Combine(device, "gpio"), "gpiochip*").Select(legacy => Describe(number, legacy)).FirstOrDefault(d => d is not null);
                if (described is { } chip)
                {
                    chips.TryAdd(number, chip);
                }
            }
        }

        var gpioClass = Path.Combine(sysfsRoot, "class", "gpio");
        foreach (var legacy in Children(gpioClass, "gpiochip*"))
        {
            var target = LinkName(Path.Combine(legacy, "device"));
            if (target is not null && TryNumber(target, "gpiochip", out var number) && Describe(number, legacy) is { } chip)
            {
                chips.TryAdd(number, chip);
            }
        }
        foreach (var modern in Children(gpioClass, "chip*"))
        {
            if (TryNumber(Path.GetFileName(modern), "chip", out var number) && Describe(number, modern) is { } chip)
            {
                chips.TryAdd(number, chip);
            }
        }
        return [.. chips.Values];
    }

    /// <summary>The header's chip, or null when no chip carries one of <see cref="HeaderLabels"/>.</summary>
    public static GpioChipDescription? FindHeaderChip(IReadOnlyList<GpioChipDescription> chips)
    {
        foreach (var label in HeaderLabels)
        {
            foreach (var chip in chips)
            {
                if (string.Equals(chip.Label, label, StringComparison.Ordinal))
                {
                    return chip;
                }
            }
        }
        return null;
    }

    private static GpioChipDescription? Describe(int number, string directory)
    {
        var label = ReadLine(Path.Combine(directory, "label"));
        if (label is null)
        {
            return null;
        }
        var lines = int.TryParse(ReadLine(Path.Combine(directory, "ngpio")), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
        return new GpioChipDescription(number, label, lines);
    }

    private static string? ReadLine(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? LinkName(string path)
    {
        try
        {
            var link = new DirectoryInfo(path).LinkTarget;
            return link is null ? null : Path.GetFileName(Path.TrimEndingDirectorySeparator(link));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string[] Children(string directory, string pattern)
    {
        try
        {
            return Directory.Exists(directory) ? Directory.GetFileSystemEntries(directory, pattern) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static bool TryNumber(string name, string prefix, out int number)
    {
        number = 0;
        return name.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }
}
