using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Drivers.DualShock4.Tests.Transport;

/// <summary>
/// The numbers <see cref="LibC"/> hard-codes, checked against the system's own C headers: no machine here has a pad,
/// so a wrong ioctl number or struct layout would otherwise first show on a user's.
/// </summary>
public sealed class LibCTests
{
    [Fact]
    public void Constants_and_layouts_match_the_system_headers()
    {
        var ours = new Dictionary<string, long>
        {
            // The two feature reports the library reads: calibration over USB (0x02) and Bluetooth (0x05).
            ["HIDIOCGFEATURE(37)"] = (long)LibC.HidIocGetFeature(MotionCalibration.UsbFeatureLength),
            ["HIDIOCGFEATURE(41)"] = (long)LibC.HidIocGetFeature(MotionCalibration.BluetoothFeatureLength),
            ["O_RDONLY"] = LibC.O_RDONLY,
            ["O_WRONLY"] = LibC.O_WRONLY,
            ["O_NONBLOCK"] = LibC.O_NONBLOCK,
            ["O_CLOEXEC"] = LibC.O_CLOEXEC,
            ["EINTR"] = LibC.EINTR,
            ["EIO"] = LibC.EIO,
            ["EAGAIN"] = LibC.EAGAIN,
            ["EACCES"] = LibC.EACCES,
            ["ENOENT"] = LibC.ENOENT,
            ["ENODEV"] = LibC.ENODEV,
            ["POLLIN"] = LibC.POLLIN,
            ["POLLERR"] = LibC.POLLERR,
            ["POLLHUP"] = LibC.POLLHUP,
            ["sizeof(struct pollfd)"] = Unsafe.SizeOf<LibC.PollFd>(),
            ["sizeof(struct timespec)"] = Unsafe.SizeOf<LibC.TimeSpec>(),
        };

        string[] source =
        [
            "#include <errno.h>",
            "#include <fcntl.h>",
            "#include <poll.h>",
            "#include <stdio.h>",
            "#include <sys/ioctl.h>",
            "#include <linux/hidraw.h>", // after sys/ioctl.h, which defines _IOC
            "#include <time.h>",
            "int main(void) {",
            .. ours.Keys.Select(name => $"    printf(\"%s=%lld\\n\", \"{name}\", (long long)({name}));"),
            "    return 0;",
            "}",
        ];

        var headers = CompileAndRun(string.Join('\n', source));

        Assert.Equal(ours.Count, headers.Count);
        Assert.Empty(ours.Where(pair => headers[pair.Key] != pair.Value).Select(pair => $"{pair.Key}: LibC has {pair.Value}, the headers {headers[pair.Key]}"));
    }

    private static Dictionary<string, long> CompileAndRun(string source)
    {
        var folder = Directory.CreateTempSubdirectory("libc-headers-");
        try
        {
            var program = Path.Combine(folder.FullName, "constants");
            File.WriteAllText(program + ".c", source);
            Run("cc", "-o", program, program + ".c");
            return Run(program).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('='))
                .ToDictionary(pair => pair[0], pair => long.Parse(pair[1], CultureInfo.InvariantCulture));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Run(string file, params string[] arguments)
    {
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{file} was not found: this test needs a C compiler and the Linux headers (gcc, libc6-dev; test.sh installs them).");
        }
        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"{file} failed ({process.ExitCode}): {errors.Result}");
            return output;
        }
    }
}
