using System.Globalization;
using System.Text;
using System.Text.Json;
using Drivers.DualShock4;
using Drivers.DualShock4.Simulation;

namespace Ds4;

/// <summary>The controller a command works on: the simulator, a hidraw node, or (neither) the first controller found.</summary>
internal sealed record Target(bool Simulate, string? Device);

/// <summary>The ds4 commands. Each returns the exit code; errors a user can fix are exceptions turned into one sentence by Program.</summary>
internal static class Commands
{
    private static ControllerOptions Options => new()
    {
        SysfsRoot = Environment.GetEnvironmentVariable("DS4_SYSFS_ROOT") ?? "/sys",
        DevRoot = Environment.GetEnvironmentVariable("DS4_DEV_ROOT") ?? "/dev",
    };

    public static int List(bool simulate, bool json, TextWriter output)
    {
        IReadOnlyList<ControllerInfo> found = simulate ? [new SimulatedController().Info] : Controller.List(Options);
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
        return ExitCodes.Success;
    }

    public static async Task<int> MonitorAsync(Target target, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        await using var session = Open(target);
        return await PrintStatesAsync(session, json, session.Simulator is not null ? Recording.Demo : null, output, cancellationToken);
    }

    public static int Decode(string hex, TextWriter output)
    {
        hex = hex.Replace(" ", "", StringComparison.Ordinal);
        byte[] report;
        try
        {
            report = Convert.FromHexString(hex);
        }
        catch (FormatException) when (hex.Length % 2 == 1 && hex.All(char.IsAsciiHexDigit))
        {
            throw new UsageException($"HEX has an odd number of digits ({hex.Length}): each byte takes two, such as 01 or 0a.");
        }
        catch (FormatException)
        {
            throw new UsageException($"HEX must be hexadecimal digits in pairs (spaces allowed), not '{hex}'.");
        }
        if (!InputReport.TryParse(report, out var state, out var error))
        {
            Console.Error.WriteLine($"ds4: {Reason(error, report)}");
            return ExitCodes.DeviceError;
        }
        output.WriteLine(JsonSerializer.Serialize(StateJson.From(state), Ds4Json.Default.StateJson));
        return ExitCodes.Success;
    }

    public static async Task<int> LightbarAsync(Target target, byte red, byte green, byte blue, (int On, int Off)? flash, TextWriter output, CancellationToken cancellationToken)
    {
        await using var session = Open(target);
        await session.Controller.SetLightbarAsync(red, green, blue, cancellationToken);
        if (flash is var (on, off))
        {
            await session.Controller.SetFlashAsync(TimeSpan.FromMilliseconds(on), TimeSpan.FromMilliseconds(off), cancellationToken);
        }
        output.WriteLine($"Lightbar set to {red} {green} {blue}{(flash is var (a, b) ? $", flashing {a} ms on, {b} ms off" : "")} on {session.Controller.Info.DevicePath}.");
        ShowReceived(session, output);
        return ExitCodes.Success;
    }

    public static async Task<int> RumbleAsync(Target target, byte weak, byte strong, int milliseconds, TextWriter output, CancellationToken cancellationToken)
    {
        await using var session = Open(target);
        try
        {
            await session.Controller.SetRumbleAsync(weak, strong, cancellationToken);
            output.WriteLine($"Rumbling weak {weak} strong {strong} for {milliseconds} ms on {session.Controller.Info.DevicePath}.");
            output.Flush();
            await Task.Delay(milliseconds, cancellationToken);
        }
        finally
        {
            await session.Controller.SetRumbleAsync(0, 0, CancellationToken.None);
        }
        output.WriteLine("Stopped.");
        ShowReceived(session, output);
        return ExitCodes.Success;
    }

    public static async Task<int> RecordAsync(Target target, string path, int seconds, TextWriter output, CancellationToken cancellationToken)
    {
        CheckCanCreate(path);
        await using var session = Open(target);
        var file = Create(path);
        using var stopPlaying = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int count;
        try
        {
            var duration = TimeSpan.FromSeconds(seconds);
            var recording = session.Controller.RecordAsync(file, duration, cancellationToken); // attached before the first report
            var play = session.Simulator is { } sim
                ? sim.PlayAsync(Motion.Demo, duration, TimeSpan.FromMilliseconds(4), stopPlaying.Token)
                : Task.CompletedTask;
            try
            {
                count = await recording;
            }
            finally
            {
                await stopPlaying.CancelAsync(); // the demo stops with the recording, however it ended
                await play.ContinueWith(_ => { }, TaskScheduler.Default);
            }
            await file.DisposeAsync();
        }
        catch (IOException e)
        {
            throw new FileProblemException($"cannot write the recording to {path}: {e.Message}");
        }
        finally
        {
            try
            {
                await file.DisposeAsync();
            }
            catch (IOException)
            {
                // already reported: the recording could not be written
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        output.WriteLine($"Recorded {count} reports in {seconds} s to {path}.");
        if (!session.Controller.IsConnected && session.Simulator is null)
        {
            Console.Error.WriteLine($"ds4: the controller at {session.Controller.Info.DevicePath} disconnected.");
            return ExitCodes.DeviceError;
        }
        return ExitCodes.Success;
    }

    public static async Task<int> ReplayAsync(string path, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new FileProblemException($"{path} is a folder, not a recording made by 'ds4 record'.");
        }
        if (!File.Exists(path))
        {
            throw new FileProblemException($"{path} does not exist.");
        }
        Recording recording;
        try
        {
            recording = Recording.Load(path);
        }
        catch (FormatException e)
        {
            throw new FileProblemException($"{path} is not a recording: {e.Message}");
        }
        catch (UnauthorizedAccessException)
        {
            throw new FileProblemException($"you may not read {path} (permission denied).");
        }
        catch (IOException e)
        {
            throw new FileProblemException($"cannot read {path}: {e.Message}");
        }
        if (recording.Reports.Count == 0)
        {
            throw new FileProblemException($"{path} holds no reports: it is empty or only comments; make a recording with 'ds4 record'.");
        }
        var bluetooth = recording.Reports[0].Report.Span[0] == 0x11; // Bluetooth input report
        var sim = new SimulatedController(new SimulatedControllerOptions { Bus = bluetooth ? ConnectionBus.Bluetooth : ConnectionBus.Usb });
        await using var session = new Session(sim.Open(), sim);
        return await PrintStatesAsync(session, json, recording, output, cancellationToken);
    }

    // The mistakes in FILE that show before anything is opened: a folder, or a file in a folder that is not there.
    private static void CheckCanCreate(string path)
    {
        if (Directory.Exists(path))
        {
            throw new FileProblemException($"{path} is a folder; give FILE a file name, such as {Path.Combine(path, "session.ds4rec")}.");
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new FileProblemException($"the folder {folder} does not exist, so {path} cannot be created.");
        }
    }

    private static StreamWriter Create(string path)
    {
        try
        {
            return new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        }
        catch (UnauthorizedAccessException)
        {
            throw new FileProblemException($"you may not write {path} (permission denied).");
        }
        catch (IOException e)
        {
            throw new FileProblemException($"cannot create {path}: {e.Message}");
        }
    }

    /// <summary>Prints every state until the controller goes away; with a simulator, plays <paramref name="replay"/> into it first.</summary>
    private static async Task<int> PrintStatesAsync(Session session, bool json, Recording? replay, TextWriter output, CancellationToken cancellationToken)
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
                    output.Flush();
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
        return ExitCodes.Success;
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

    private static Session Open(Target target)
    {
        if (target.Simulate)
        {
            var sim = new SimulatedController();
            return new Session(sim.Open(), sim);
        }
        if (target.Device is not null && !File.Exists(target.Device) && !Directory.Exists(target.Device))
        {
            throw new ControllerNotFoundException($"{target.Device} does not exist; 'ds4 list' shows the controllers attached.");
        }
        var controller = target.Device is null ? Controller.OpenFirst(Options) : Controller.Open(target.Device, Options);
        return new Session(controller, null);
    }

    private static void ShowReceived(Session session, TextWriter output)
    {
        if (session.Simulator is { } sim)
        {
            foreach (var report in sim.OutputReports)
            {
                output.WriteLine($"  the simulated pad received output report {Convert.ToHexString(report)}");
            }
        }
    }

    private static string Reason(InputReportError error, byte[] report) => error switch
    {
        InputReportError.WrongLength when report[0] == 0x11 =>
            $"the report is {report.Length} byte{(report.Length == 1 ? "" : "s")}, but a Bluetooth input report 0x11 is 78 bytes.",
        InputReportError.WrongLength =>
            $"the report is {report.Length} byte{(report.Length == 1 ? "" : "s")}, but a USB input report 0x01 is 64 bytes (a minimal Bluetooth one 10 to 63).",
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
