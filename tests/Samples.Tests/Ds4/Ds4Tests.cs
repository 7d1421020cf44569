using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.Ds4;

/// <summary>ds4 run as a process, as a user runs it.</summary>
public sealed class Ds4Tests
{
    // A USB report published by im-0/random-things (ds4dump/README.md, "Chinese clone #1"), in hex with spaces.
    private const string UsbReport =
        "01 80 80 80 80 08 00 cc 00 00 73 13 00 e9 ff f9 ff ed ff 54 00 f2 1e 4f 05 00 00 00 00 00 1b 00 " +
        "00 00 00 80 00 00 00 80 00 00 00 00 80 00 00 00 80 00 00 00 00 80 00 00 00 80 00 00 00 00 80 00";

    // A Bluetooth report with its CRC-32, from GIMX (matlo/GIMX, connectors/btds4.c, assemble_input_11).
    private const string BluetoothReport =
        "11c0007d7d817e08002800008cf30113 " +
        "00f8ff050031fe3f0fd1e30000000000 " +
        "09000000008000000080000000008000 " +
        "00008000000000800000008000000000 " +
        "800000008000000000005e227ba0";

    // The exit codes as samples/Ds4/README.md documents them: the contract, not the sample's own constants.
    private static class Exit
    {
        public const int Success = 0;
        public const int DeviceError = 1;
        public const int Usage = 2;
        public const int NotFound = 3;
        public const int Interrupted = 130;
    }

    private static string Dll => Repository.SampleDll("Ds4", "ds4");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<SampleResult> Run(params string[] arguments) => SampleProcess.RunAsync(Dll, arguments, cancellationToken: Ct);

    [Fact]
    public async Task Help_fits_a_screen_and_names_every_command_and_exit_code()
    {
        var result = await Run("--help");

        Assert.Equal(Exit.Success, result.ExitCode);
        Assert.Contains("Usage:", result.StandardOutput, StringComparison.Ordinal);
        foreach (var command in new[] { "list", "monitor", "decode <HEX>", "lightbar <R> <G> <B>", "rumble <WEAK> <STRONG>", "record <FILE>", "replay <FILE>", "--simulate", "--device", "130" })
        {
            Assert.Contains(command, result.StandardOutput, StringComparison.Ordinal);
        }
        Assert.True(result.StandardOutput.Split('\n').Length < 40);
    }

    [Fact]
    public async Task Ctrl_c_stops_the_motors_and_exits_130()
    {
        using var process = new Process { StartInfo = SampleProcess.Start(Dll, ["rumble", "200", "200", "--ms", "60000", "--simulate"]) };
        process.Start();
        var started = await process.StandardOutput.ReadLineAsync(Ct); // printed once the motors run
        Assert.StartsWith("Rumbling weak 200 strong 200", started, StringComparison.Ordinal);

        using (var interrupt = Process.Start("/bin/kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync(Ct);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(deadline.Token);

        Assert.Equal(Exit.Interrupted, process.ExitCode);
        Assert.DoesNotContain("   at ", await process.StandardError.ReadToEndAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_prints_a_usb_report_in_the_documented_json_shape()
    {
        var result = await Run("decode", UsbReport);

        Assert.Equal(Exit.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        Assert.Equal(
            ["transport", "leftStick", "rightStick", "l2", "r2", "dpad", "buttons", "counter", "timestamp", "gyro", "accel", "battery", "touch"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("usb", root.GetProperty("transport").GetString());
        Assert.Equal(128, root.GetProperty("leftStick").GetProperty("x").GetInt32());
        Assert.Equal("none", root.GetProperty("dpad").GetString());
        Assert.Equal(0, root.GetProperty("buttons").GetArrayLength());
        Assert.Equal(51, root.GetProperty("counter").GetInt32());
        Assert.Equal(4979, root.GetProperty("timestamp").GetInt32());
        Assert.Equal(-23, root.GetProperty("gyro").GetProperty("x").GetInt32());
        Assert.Equal(7922, root.GetProperty("accel").GetProperty("y").GetInt32());
        Assert.Equal(["percent", "level", "cable"], root.GetProperty("battery").EnumerateObject().Select(p => p.Name));
        Assert.Equal(100, root.GetProperty("battery").GetProperty("percent").GetInt32()); // what the text output says
        Assert.Equal(11, root.GetProperty("battery").GetProperty("level").GetInt32());
        Assert.True(root.GetProperty("battery").GetProperty("cable").GetBoolean());
        Assert.Equal(2, root.GetProperty("touch").GetArrayLength());
        Assert.False(root.GetProperty("touch")[0].GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Decode_takes_json_as_a_no_op_since_it_always_prints_json()
    {
        var plain = await Run("decode", UsbReport);
        var json = await Run("decode", UsbReport, "--json");

        Assert.Equal(Exit.Success, json.ExitCode);
        Assert.Equal(plain.StandardOutput, json.StandardOutput);
    }

    [Fact]
    public async Task Decode_accepts_a_bluetooth_report_with_a_good_crc_and_lists_pressed_buttons()
    {
        var result = await Run("decode", BluetoothReport);

        Assert.Equal(Exit.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("bluetooth", json.RootElement.GetProperty("transport").GetString());
        Assert.Equal(0x7d, json.RootElement.GetProperty("leftStick").GetProperty("x").GetInt32());
        Assert.Equal(9, json.RootElement.GetProperty("battery").GetProperty("level").GetInt32());
        Assert.Equal(95, json.RootElement.GetProperty("battery").GetProperty("percent").GetInt32());

        // Cross, L1 and the d-pad up-right on the USB report.
        var pressed = UsbReport.Replace(" ", "", StringComparison.Ordinal);
        pressed = pressed[..10] + "21" + "01" + pressed[14..];
        var buttons = await Run("decode", pressed);
        using var state = JsonDocument.Parse(buttons.StandardOutput);
        Assert.Equal("up-right", state.RootElement.GetProperty("dpad").GetString());
        Assert.Equal(["cross", "l1"], state.RootElement.GetProperty("buttons").EnumerateArray().Select(b => b.GetString()));
    }

    [Theory]
    [InlineData("CRC-32")]
    [InlineData("78 bytes")]
    [InlineData("64 bytes")]
    [InlineData("report ID 0x05")]
    public async Task Decode_rejects_a_bad_report_with_exit_1_and_the_reason(string reason)
    {
        var report = reason switch
        {
            "CRC-32" => BluetoothReport[..^2] + "a1", // the last CRC byte changed
            "78 bytes" => BluetoothReport[..^8],
            "64 bytes" => UsbReport + " 00",
            _ => "05" + UsbReport[2..],
        };

        var result = await Run("decode", report);

        Assert.Equal(Exit.DeviceError, result.ExitCode);
        Assert.Contains(reason, result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task Monitor_with_the_simulator_prints_one_json_state_per_line()
    {
        var result = await Run("monitor", "--simulate", "--json");

        Assert.Equal(Exit.Success, result.ExitCode);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 100, $"only {lines.Length} lines");
        var states = lines.Take(5).Select(l => JsonDocument.Parse(l)).ToList();
        Assert.Equal([0, 1, 2, 3, 4], states.Select(s => s.RootElement.GetProperty("counter").GetInt32()));
        Assert.All(states, s => Assert.Equal("usb", s.RootElement.GetProperty("transport").GetString()));
        Assert.Contains(lines, l => l.Contains("\"cross\"", StringComparison.Ordinal));
        states.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task A_simulated_session_is_recorded_to_a_file_and_replayed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"ds4-{Guid.NewGuid():N}.ds4rec");
        try
        {
            var record = await Run("record", file, "--seconds", "1", "--simulate");
            Assert.Equal(Exit.Success, record.ExitCode);
            Assert.Contains("Recorded", record.StandardOutput, StringComparison.Ordinal);
            Assert.StartsWith("# DualShock4 recording v1", await File.ReadAllTextAsync(file, Ct), StringComparison.Ordinal);

            var replay = await Run("replay", file, "--json");
            Assert.Equal(Exit.Success, replay.ExitCode);
            var lines = replay.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length > 100, $"only {lines.Length} lines");
            using var first = JsonDocument.Parse(lines[0]);
            Assert.Equal(0, first.RootElement.GetProperty("counter").GetInt32());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Replaying_a_file_that_is_not_a_recording_exits_1_naming_the_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"ds4-{Guid.NewGuid():N}.ds4rec");
        await File.WriteAllTextAsync(file, "# fine\n0 0180\nnot a line\n", Ct);
        try
        {
            var result = await Run("replay", file);

            Assert.Equal(Exit.DeviceError, result.ExitCode);
            Assert.Contains("Line 3", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Lightbar_on_the_simulator_shows_the_output_report_the_pad_received()
    {
        var result = await Run("lightbar", "255", "0", "64", "--flash", "500", "250", "--simulate");

        Assert.Equal(Exit.Success, result.ExitCode);
        Assert.Contains("050700000000FF0040", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("050700000000FF00403219", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_reads_a_sysfs_tree_and_monitor_exits_3_when_the_controller_is_gone()
    {
        var root = Directory.CreateTempSubdirectory("ds4-sysfs-").FullName;
        try
        {
            var device = Path.Combine(root, "class", "hidraw", "hidraw5", "device");
            Directory.CreateDirectory(device);
            await File.WriteAllTextAsync(Path.Combine(device, "uevent"),
                "HID_ID=0005:0000054C:000009CC\nHID_NAME=Wireless Controller\nHID_UNIQ=a4:53:85:00:11:22\n", Ct);
            var environment = new Dictionary<string, string> { ["DS4_SYSFS_ROOT"] = root, ["DS4_DEV_ROOT"] = "/nonexistent" };

            var list = await SampleProcess.RunAsync(Dll, ["list", "--json"], environment: environment, cancellationToken: Ct);
            Assert.Equal(Exit.Success, list.ExitCode);
            using var json = JsonDocument.Parse(list.StandardOutput);
            var pad = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal("/nonexistent/hidraw5", pad.GetProperty("device").GetString());
            Assert.Equal("bluetooth", pad.GetProperty("bus").GetString());
            Assert.Equal("dualshock4-v2", pad.GetProperty("model").GetString());
            Assert.Equal("a4:53:85:00:11:22", pad.GetProperty("mac").GetString());

            var monitor = await SampleProcess.RunAsync(Dll, ["monitor"], environment: environment, cancellationToken: Ct);
            Assert.Equal(Exit.NotFound, monitor.ExitCode);
            Assert.Contains("is gone", monitor.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
