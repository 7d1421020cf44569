using System.Device.Gpio;
using System.Device.Gpio.Drivers;

namespace Drivers.Shutter.Gpio;

/// <summary>Chooses the chip and opens it with the libgpiod v1 driver, falling back to the v2 driver.</summary>
internal static class GpioChipOpener
{
    /// <summary>The drivers tried in order: libgpiod 1.x (libgpiod.so.2, Debian bookworm), then 2.x (libgpiod.so.3, trixie).</summary>
    public static readonly (string Name, Func<int, GpioDriver> Create)[] Drivers =
    [
        ("libgpiod v1", chip => new LibGpiodDriver(chip)),
        ("libgpiod v2", chip => new LibGpiodV2Driver(chip)),
    ];

    public static GpioDriver Open(ShutterOptions options) => Open(options, Drivers);

    public static GpioDriver Open(ShutterOptions options, IReadOnlyList<(string Name, Func<int, GpioDriver> Create)> drivers)
    {
        var chip = options.Chip ?? FindChip(options.SysfsRoot);
        var failures = new List<(string Name, Exception Error)>();
        foreach (var (name, create) in drivers)
        {
            try
            {
                return create(chip);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A missing libgpiod.so.N shows up as DllNotFoundException, often inside a TypeInitializationException.
                failures.Add((name, e.InnerException is DllNotFoundException inner ? inner : e));
            }
        }
        var reasons = string.Join("; ", failures.Select(f => $"{f.Name}: {f.Error.Message}"));
        throw new GpioUnavailableException(
            $"GPIO chip {chip} (/dev/gpiochip{chip}) could not be opened ({reasons}). Install libgpiod (Debian's libgpiod2 or libgpiod3) and make sure this user may open /dev/gpiochip{chip} (group gpio).",
            new AggregateException(failures.Select(f => f.Error)))
        {
            Chip = chip,
        };
    }

    private static int FindChip(string sysfsRoot)
    {
        var chips = GpioChipLocator.ListChips(sysfsRoot);
        if (chips.Count == 0)
        {
            throw new GpioUnavailableException(
                $"No GPIO chip was found under {sysfsRoot}: this machine has no GPIO, or sysfs is not mounted there. Run on a Raspberry Pi, or use the virtual GPIO (Drivers.Shutter.Simulation.VirtualGpioDriver; --simulate in the samples).");
        }
        return GpioChipLocator.FindHeaderChip(chips)?.Number
            ?? throw new GpioUnavailableException(
                $"None of the GPIO chips found ({string.Join(", ", chips.Select(c => $"gpiochip{c.Number} '{c.Label}'"))}) is a Raspberry Pi header ({string.Join(", ", GpioChipLocator.HeaderLabels)}). Choose one with ShutterOptions.Chip (--chip N).");
    }
}
