using System.Runtime.InteropServices;

namespace DualShock4.Tests.Transport;

/// <summary>A throwaway sysfs and /dev tree: uevent files, LED folders, and FIFOs standing in for hidraw nodes.</summary>
internal sealed partial class FakeSystem : IDisposable
{
    public FakeSystem()
    {
        Root = Directory.CreateTempSubdirectory("ds4-fake-").FullName;
        Directory.CreateDirectory(SysfsRoot);
        Directory.CreateDirectory(DevRoot);
    }

    public string Root { get; }

    public string SysfsRoot => Path.Combine(Root, "sys");

    public string DevRoot => Path.Combine(Root, "dev");

    public ControllerOptions Options => new() { SysfsRoot = SysfsRoot, DevRoot = DevRoot };

    /// <summary>Adds <c>class/hidraw/NAME/device/uevent</c> as hid-core writes it.</summary>
    public string AddHidraw(string name, string hidId, string hidName, string uniq = "")
    {
        var device = Path.Combine(SysfsRoot, "class", "hidraw", name, "device");
        Directory.CreateDirectory(device);
        File.WriteAllText(Path.Combine(device, "uevent"),
            $"DRIVER=playstation\nHID_ID={hidId}\nHID_NAME={hidName}\nHID_PHYS=usb-0000:00:14.0-1/input3\nHID_UNIQ={uniq}\nMODALIAS=hid:b0003g0000v0000054Cp000005C4\n");
        return Path.Combine(DevRoot, name);
    }

    /// <summary>Adds the four lightbar LEDs the kernel registers under the HID device, named with an input number.</summary>
    public string AddLeds(string hidrawName, string prefix)
    {
        var leds = Path.Combine(SysfsRoot, "class", "hidraw", hidrawName, "device", "leds");
        foreach (var colour in new[] { "red", "green", "blue", "global" })
        {
            var led = Path.Combine(leds, $"{prefix}:{colour}");
            Directory.CreateDirectory(led);
            File.WriteAllText(Path.Combine(led, "brightness"), "0\n");
            File.WriteAllText(Path.Combine(led, "max_brightness"), colour == "global" ? "1\n" : "255\n");
        }
        return leds;
    }

    /// <summary>Makes a FIFO at <paramref name="path"/> (mkfifo(3)).</summary>
    public static void MakeFifo(string path)
    {
        if (MkFifo(path, Convert.ToUInt32("600", 8)) != 0)
        {
            throw new IOException($"mkfifo {path} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkFifo(string path, uint mode);
}
