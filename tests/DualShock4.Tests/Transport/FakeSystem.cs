using System.Runtime.InteropServices;

namespace Drivers.DualShock4.Tests.Transport;

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
        foreach (var color in new[] { "red", "green", "blue", "global" })
        {
            var led = Path.Combine(leds, $"{prefix}:{color}");
            Directory.CreateDirectory(led);
            File.WriteAllText(Path.Combine(led, "brightness"), "0\n");
            File.WriteAllText(Path.Combine(led, "max_brightness"), color == "global" ? "1\n" : "255\n");
        }
        return leds;
    }

    /// <summary>
    /// Makes a FIFO at <paramref name="path"/> (mkfifo(3)) and opens its "kernel" side: read-write, so neither end blocks
    /// in open(), and in packet mode (O_DIRECT, pipe(7)), so each read returns one whole write, as hidraw returns one
    /// report per read.
    /// </summary>
    public static FileStream MakeFifo(string path)
    {
        if (MkFifo(path, Convert.ToUInt32("600", 8)) != 0)
        {
            throw new IOException($"mkfifo {path} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        var fd = (int)stream.SafeFileHandle.DangerousGetHandle();
        if (Fcntl(fd, FSetFl, Fcntl(fd, FGetFl, 0) | ODirect) != 0)
        {
            stream.Dispose();
            throw new IOException($"Could not put {path} in packet mode: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        return stream;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private const int FGetFl = 3;
    private const int FSetFl = 4;

    // O_DIRECT differs by architecture: 0x4000 on x86, 0x10000 on ARM (asm-generic and arch/arm*/include/uapi fcntl.h).
    private static int ODirect => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x10000 : 0x4000;

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkFifo(string path, uint mode);
}
