using System.Globalization;

namespace Drivers.DualShock4;

/// <summary>
/// The lightbar through the kernel's LED class devices (<c>&lt;name&gt;:red</c>, <c>:green</c>, <c>:blue</c>, <c>:global</c>),
/// found under the controller's own hidraw node (<c>class/hidraw/hidrawN/device/leds/</c>), so no name pattern is
/// needed even though the names change on every reconnect.
/// </summary>
/// <remarks>
/// Use it instead of <see cref="Controller.SetLightbarAsync"/> when the kernel driver should stay the lightbar's
/// owner (it re-sends its color with every rumble report). Writing needs root or the package's udev rule.
/// </remarks>
public sealed class KernelLightbar
{
    private readonly string _red;
    private readonly string _green;
    private readonly string _blue;
    private readonly string? _global;

    private KernelLightbar(string red, string green, string blue, string? global)
    {
        _red = red;
        _green = green;
        _blue = blue;
        _global = global;
    }

    /// <summary>The LED directories in use (red, green, blue and, when present, global).</summary>
    public IReadOnlyList<string> LedDirectories => _global is null ? [_red, _green, _blue] : [_red, _green, _blue, _global];

    /// <summary>Finds the lightbar LEDs of <paramref name="controller"/>; null when the kernel registered none (no driver bound).</summary>
    public static KernelLightbar? Find(ControllerInfo controller, ControllerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        options ??= new ControllerOptions();
        var leds = Path.Combine(options.SysfsRoot, "class", "hidraw", controller.NodeName, "device", "leds");
        if (!Directory.Exists(leds))
        {
            return null;
        }
        string? red = null, green = null, blue = null, global = null;
        foreach (var led in Directory.EnumerateFileSystemEntries(leds))
        {
            var name = Path.GetFileName(led);
            if (name.EndsWith(":red", StringComparison.Ordinal)) { red = led; }
            else if (name.EndsWith(":green", StringComparison.Ordinal)) { green = led; }
            else if (name.EndsWith(":blue", StringComparison.Ordinal)) { blue = led; }
            else if (name.EndsWith(":global", StringComparison.Ordinal)) { global = led; }
        }
        return red is null || green is null || blue is null ? null : new KernelLightbar(red, green, blue, global);
    }

    /// <summary>Sets the color (and switches the lightbar on through <c>:global</c> when there is one).</summary>
    /// <exception cref="ControllerAccessDeniedException">The LED files may not be written by this user.</exception>
    public void SetColor(byte red, byte green, byte blue)
    {
        Write(_red, red);
        Write(_green, green);
        Write(_blue, blue);
        if (_global is not null)
        {
            Write(_global, 1);
        }
    }

    /// <summary>Reads the color the kernel holds now.</summary>
    public (byte Red, byte Green, byte Blue) GetColor() => (Read(_red), Read(_green), Read(_blue));

    private static void Write(string led, byte value)
    {
        var path = Path.Combine(led, "brightness");
        try
        {
            File.WriteAllText(path, value.ToString(CultureInfo.InvariantCulture));
        }
        catch (UnauthorizedAccessException)
        {
            throw new ControllerAccessDeniedException(path);
        }
    }

    private static byte Read(string led) =>
        byte.TryParse(File.ReadAllText(Path.Combine(led, "brightness")).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : (byte)0;
}
