using System.Globalization;
using System.Text;
using System.Text.Json;
using Drivers.DualShock4;
using Drivers.DualShock4.Simulation;

namespace Ds4;

/// <summary>The ds4 commands. Each returns the exit code; errors a user can fix are exceptions caught in Program.</summary>
internal sealed class Commands(Arguments arguments, TextWriter output)
{
    public const string Help = """
        Usage: ds4 [--simulate | --device PATH] COMMAND [--json]

        The Sony DualShock 4 over Linux hidraw (USB, Bluetooth, the wireless adapter).

        Commands:
          list                          controllers found (node, bus, model, MAC when known)
          monitor                       live state; with --json one JSON object per line
          decode HEX                    decode one raw input report (USB 0x01, 64 bytes; Bluetooth
                                        0x11, 78 bytes with CRC) given in hex, spaces allowed
          lightbar R G B [--flash ON_MS OFF_MS]   set the lightbar colour (0-255), optionally flashing
          rumble WEAK STRONG [--ms N]   run the motors (0-255) for N ms (default 1000), then stop
          record FILE [--seconds N]     record raw reports with their timing (default 10 s)
          replay FILE                   play a recording back as a simulated controller, printing states

        Options:
          --simulate      use the package's simulated controller (plays the demo session)
          --device PATH   use this hidraw node instead of the first controller found
          --json          machine-readable output
          -h, --help      this help

        Exit codes: 0 done (also after Ctrl-C), 1 controller or report error, 2 usage error.
        DS4_SYSFS_ROOT and DS4_DEV_ROOT replace /sys and /dev (for testing).

        """;

    private bool Json => arguments.Has("--json");

    private bool Simulate => arguments.Has("--simulate");

    private static ControllerOptions Options => new()
    {
        SysfsRoot = Environment.GetEnvironmentVariable("DS4_SYSFS_ROOT") ?? "/sys",
        DevRoot = Environment.GetEnvironmentVariable("DS4_DEV_ROOT") ?? "/dev",
    };

    public Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var words = arguments.Words;
        if (Simulate && arguments.Has("--device"))
        {
            throw new UsageException("--simulate and --device cannot be used together.");
        }
        return words[0] switch
        {
            "list" => Expect(0, "list", ListAsync),
            "monitor" => Expect(0, "monitor", () => MonitorAsync(cancellationToken)),
            "decode" => DecodeAsync(),
            "lightbar" => Expect(3, "lightbar R G B", () => LightbarAsync(cancellationToken)),
            "rumble" => Expect(2, "rumble WEAK STRONG", () => RumbleAsync(cancellationToken)),
            "record" => Expect(1, "record FILE", () => RecordAsync(cancellationToken)),
            "replay" => Expect(1, "replay FILE", () => ReplayAsync(cancellationToken)),
            _ => throw new UsageException($"unknown command '{words[0]}'; try 'ds4 --help'."),
        };
    }

    private Task<int> Expect(int count, string usage, Func<Task<int>> command)
    {
        if (arguments.Words.Count - 1 != count)
        {
            throw new UsageException($"usage: ds4 {usage}");
        }
        return command();
    }

    private Task<int> ListAsync()
    {
        var json = Json;
        Reject("list");
        IReadOnlyList<ControllerInfo> found = Simulate ? [new SimulatedController().Info] : Controller.List(Options);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize<IReadOnlyList<ControllerJson>>([.. found.Select(ControllerJson.From)], Ds4Json.Default.IReadOnlyListControllerJson));
        }
        else if (found.Count == 0)
        {
            output.WriteLine("No DualShock 4 found. Connect one by USB or pair it over Bluetooth (hold PS and Share).");
        }
        else
        {
            foreach (var info in found.Select(ControllerJson.From))
            {
                output.WriteLine($"{info.Device,-16} {info.Bus,-10} {info.Model,-17} {info.Mac ?? "-",-18} {info.Name}");
            }
        }
        return Task.FromResult(0);
    }

    private async Task<int> MonitorAsync(CancellationToken cancellationToken)
    {
        var json = Json;
        Reject("monitor");
        await using var session = await OpenAsync(cancellationToken);
        return await PrintStatesAsync(session, json, session.Simulator is { } sim ? Recording.Demo : null, cancellationToken);
    }

    private Task<int> DecodeAsync()
    {
        Reject("decode");
        var hex = string.Concat(arguments.Words.Skip(1)).Replace(" ", "", StringComparison.Ordinal);
        if (hex.Length == 0)
        {
            throw new UsageException("usage: ds4 decode HEX (the report in hex, spaces allowed)");
        }
        byte[] report;
        try
        {
            report = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new UsageException("HEX must be hexadecimal digits in pairs (spaces allowed).");
        }
        if (!InputReport.TryParse(report, out var state, out var error))
        {
            Console.Error.WriteLine($"ds4: {Reason(error, report)}");
            return Task.FromResult(1);
        }
        output.WriteLine(JsonSerializer.Serialize(StateJson.From(state), Ds4Json.Default.StateJson));
        return Task.FromResult(0);
    }

    private async Task<int> LightbarAsync(CancellationToken cancellationToken)
    {
        var red = (byte)Arguments.Range(arguments.Words[1], "R", 0, 255);
        var green = (byte)Arguments.Range(arguments.Words[2], "G", 0, 255);
        var blue = (byte)Arguments.Range(arguments.Words[3], "B", 0, 255);
        var flash = arguments.Has("--flash");
        var on = arguments.Integer("--flash", 0, 0, 2550, 0);
        var off = arguments.Integer("--flash", 1, 0, 2550, 0);
        Reject("lightbar");
        await using var session = await OpenAsync(cancellationToken);
        await session.Controller.SetLightbarAsync(red, green, blue, cancellationToken);
        if (flash)
        {
            await session.Controller.SetFlashAsync(TimeSpan.FromMilliseconds(on), TimeSpan.FromMilliseconds(off), cancellationToken);
        }
        output.WriteLine($"Lightbar set to {red} {green} {blue}{(flash ? $", flashing {on} ms on, {off} ms off" : "")} on {session.Controller.Info.DevicePath}.");
        ShowReceived(session);
        return 0;
    }

    private async Task<int> RumbleAsync(CancellationToken cancellationToken)
    {
        var weak = (byte)Arguments.Range(arguments.Words[1], "WEAK", 0, 255);
        var strong = (byte)Arguments.Range(arguments.Words[2], "STRONG", 0, 255);
        var milliseconds = arguments.Integer("--ms", 0, 0, 60_000, 1000);
        Reject("rumble");
        await using var session = await OpenAsync(cancellationToken);
        try
        {
            await session.Controller.SetRumbleAsync(weak, strong, cancellationToken);
            await Task.Delay(milliseconds, cancellationToken);
        }
        finally
        {
            await session.Controller.SetRumbleAsync(0, 0, CancellationToken.None);
        }
        output.WriteLine($"Rumbled weak {weak} strong {strong} for {milliseconds} ms on {session.Controller.Info.DevicePath}.");
        ShowReceived(session);
        return 0;
    }

    private async Task<int> RecordAsync(CancellationToken cancellationToken)
    {
        var path = arguments.Words[1];
        var seconds = arguments.Integer("--seconds", 0, 1, 3600, 10);
        Reject("record");
        await using var session = await OpenAsync(cancellationToken);
        await using var file = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        var duration = TimeSpan.FromSeconds(seconds);
        var recording = session.Controller.RecordAsync(file, duration, cancellationToken); // attached before the first report
        var play = session.Simulator is { } sim
            ? sim.PlayAsync(Motion.Demo, duration, TimeSpan.FromMilliseconds(4), cancellationToken)
            : Task.CompletedTask;
        var count = await recording;
        await play;
        output.WriteLine($"Recorded {count} reports in {seconds} s to {path}.");
        return session.Controller.IsConnected || session.Simulator is not null ? 0 : Disconnected(session);
    }

    private async Task<int> ReplayAsync(CancellationToken cancellationToken)
    {
        var path = arguments.Words[1];
        var json = Json;
        if (Simulate || arguments.Has("--device"))
        {
            throw new UsageException("replay always plays into a simulated controller; it takes no --simulate or --device.");
        }
        Reject("replay");
        Recording recording;
        try
        {
            recording = Recording.Load(path);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path} is not a recording: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot read {path}: {e.Message}");
        }
        var bluetooth = recording.Reports.Count > 0 && recording.Reports[0].Report.Span[0] == 0x11;
        var sim = new SimulatedController(new SimulatedControllerOptions { Bus = bluetooth ? ConnectionBus.Bluetooth : ConnectionBus.Usb });
        await using var session = new Session(sim.Open(), sim);
        return await PrintStatesAsync(session, json, recording, cancellationToken);
    }

    /// <summary>Prints every state until the controller goes away; with a simulator, plays <paramref name="replay"/> into it first.</summary>
    private async Task<int> PrintStatesAsync(Session session, bool json, Recording? replay, CancellationToken cancellationToken)
    {
        ControllerState? last = null;
        await using var states = session.Controller.WatchStatesAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var next = states.MoveNextAsync(); // subscribe before the replay sends its first report
        var playing = session.Simulator is { } sim && replay is not null ? PlayThenUnplug(sim, replay, cancellationToken) : Task.CompletedTask;
        try
        {
            while (await next)
            {
                var state = states.Current;
                if (json)
                {
                    output.WriteLine(JsonSerializer.Serialize(StateJson.From(state), Ds4Json.Default.StateJson));
                }
                else if (last is not { } previous || !SameForPeople(previous, state))
                {
                    output.WriteLine(Describe(state));
                }
                last = state;
                next = states.MoveNextAsync();
            }
        }
        catch (ControllerDisconnectedException) when (session.Simulator is not null)
        {
            // the simulated pad is unplugged when its session ends
        }
        await playing;
        return 0;
    }

    private static async Task PlayThenUnplug(SimulatedController sim, Recording recording, CancellationToken cancellationToken)
    {
        try
        {
            await sim.ReplayAsync(recording, cancellationToken);
        }
        finally
        {
            sim.Unplug();
        }
    }

    private async Task<Session> OpenAsync(CancellationToken cancellationToken)
    {
        if (Simulate)
        {
            var sim = new SimulatedController();
            return new Session(sim.Open(), sim);
        }
        var device = arguments.Value("--device");
        var controller = device is null
            ? Controller.OpenFirst(Options)
            : Controller.Open(device, Options);
        return new Session(controller, null);
    }

    private void ShowReceived(Session session)
    {
        if (session.Simulator is { } sim)
        {
            foreach (var report in sim.OutputReports)
            {
                output.WriteLine($"  the simulated pad received output report {Convert.ToHexString(report)}");
            }
        }
    }

    private void Reject(string command)
    {
        arguments.Has("--simulate");
        arguments.Has("--device");
        arguments.RejectUnused(command);
    }

    private static int Disconnected(Session session)
    {
        Console.Error.WriteLine($"ds4: the controller at {session.Controller.Info.DevicePath} disconnected.");
        return 1;
    }

    private static string Reason(InputReportError error, byte[] report) => error switch
    {
        InputReportError.WrongLength when report[0] == 0x11 =>
            $"the report is {report.Length} bytes, but a Bluetooth input report 0x11 is 78 bytes.",
        InputReportError.WrongLength =>
            $"the report is {report.Length} bytes, but a USB input report 0x01 is 64 bytes (a minimal Bluetooth one 10 to 63).",
        InputReportError.UnknownReportId =>
            $"report ID 0x{report[0]:X2} is not a DualShock 4 input report (0x01 USB, 0x11 Bluetooth).",
        InputReportError.BadChecksum => "the Bluetooth report's CRC-32 (last four bytes) does not match its contents.",
        InputReportError.NoData => "the Bluetooth report's header says it carries no controller data.",
        _ => "the report is empty.",
    };

    private static bool SameForPeople(in ControllerState a, in ControllerState b) =>
        a.LeftStick == b.LeftStick && a.RightStick == b.RightStick && a.L2 == b.L2 && a.R2 == b.R2
        && a.DPad == b.DPad && a.Buttons == b.Buttons && a.Touch1 == b.Touch1 && a.BatteryPercent == b.BatteryPercent;

    private static string Describe(in ControllerState s)
    {
        var buttons = StateJson.From(s).Buttons;
        var touch = s.Touch1.IsActive ? string.Create(CultureInfo.InvariantCulture, $"touch {s.Touch1.X},{s.Touch1.Y}") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"L {s.LeftStick.X,3},{s.LeftStick.Y,3}  R {s.RightStick.X,3},{s.RightStick.Y,3}  L2 {s.L2,3}  R2 {s.R2,3}  dpad {StateJson.DPadName(s.DPad),-10} battery {s.BatteryPercent,3}%{(s.IsCablePlugged ? " cable" : "")}  {string.Join(',', buttons)} {touch}").TrimEnd();
    }
}
