using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Drivers.DualShock4;
using Ds4;

// ds4: the DualShock 4 from the command line. The contract (commands, output, exit codes) is in README.md.
var simulate = new Option<bool>("--simulate") { Description = "Use the package's simulated controller (it plays the demo session).", Recursive = true };
var device = new Option<string?>("--device") { Description = "Use this hidraw node instead of the first controller found.", HelpName = "PATH", Recursive = true };

var root = new RootCommand(
    "The Sony DualShock 4 over Linux hidraw (USB, Bluetooth, the wireless adapter).\n" +
    "Exit codes: 0 done, 1 controller, report or file error, 2 usage error, 3 no controller found, 130 Ctrl-C.\n" +
    "DS4_SYSFS_ROOT and DS4_DEV_ROOT replace /sys and /dev (for testing).");
root.Options.Add(simulate);
root.Options.Add(device);

var listJson = JsonOption();
var list = new Command("list", "List the controllers found (node, bus, model, MAC when known).") { listJson };
list.SetAction((r, ct) => Run(r, _ => Task.FromResult(Commands.List(r.GetValue(simulate), r.GetValue(listJson), Console.Out)), ct));
root.Subcommands.Add(list);

var monitorJson = JsonOption();
var monitor = new Command("monitor", "Print the live state until Ctrl-C; with --json one JSON object per line.") { monitorJson };
monitor.SetAction((r, ct) => Run(r, target => Commands.MonitorAsync(target, r.GetValue(monitorJson), Console.Out, ct), ct));
root.Subcommands.Add(monitor);

var hex = new Argument<string[]>("HEX") { Description = "One raw input report in hex, spaces allowed (USB 0x01, 64 bytes; Bluetooth 0x11, 78 bytes with CRC).", Arity = ArgumentArity.OneOrMore };
var decodeJson = new Option<bool>("--json") { Description = "Accepted for symmetry: decode always prints JSON." };
var decode = new Command("decode", "Decode one raw input report and print it as JSON.") { hex, decodeJson };
decode.SetAction((r, ct) => Run(r, _ => Task.FromResult(Commands.Decode(string.Concat(r.GetValue(hex)!), Console.Out)), ct));
root.Subcommands.Add(decode);

var red = Ranged("R", "Red, 0-255.", 255);
var green = Ranged("G", "Green, 0-255.", 255);
var blue = Ranged("B", "Blue, 0-255.", 255);
var flash = new Option<int[]>("--flash")
{
    Description = "Flash: lit for ON_MS, dark for OFF_MS (0-2550 each, in 10 ms steps).",
    HelpName = "ON_MS OFF_MS",
    Arity = new ArgumentArity(2, 2),
    AllowMultipleArgumentsPerToken = true,
    CustomParser = r => r.Tokens.Select(t => Parse(r, t.Value, $"--flash must be a whole number from 0 to 2550, not '{t.Value}'", 2550)).ToArray(),
};
var lightbar = new Command("lightbar", "Set the lightbar color, optionally flashing.") { red, green, blue, flash };
lightbar.SetAction((r, ct) => Run(r, target =>
{
    var times = r.GetValue(flash);
    (int On, int Off)? flashing = times is { Length: 2 } ? (times[0], times[1]) : null;
    return Commands.LightbarAsync(target, (byte)r.GetValue(red), (byte)r.GetValue(green), (byte)r.GetValue(blue), flashing, Console.Out, ct);
}, ct));
root.Subcommands.Add(lightbar);

var weak = Ranged("WEAK", "The weak (right, fast) motor, 0-255.", 255);
var strong = Ranged("STRONG", "The strong (left, slow) motor, 0-255.", 255);
var milliseconds = RangedOption("--ms", "How long the motors run, 0-60000 ms; then they stop.", "N", "milliseconds", 60_000, 1000);
var rumble = new Command("rumble", "Run the motors for a while, then stop them.") { weak, strong, milliseconds };
rumble.SetAction((r, ct) => Run(r, target => Commands.RumbleAsync(target, (byte)r.GetValue(weak), (byte)r.GetValue(strong), r.GetValue(milliseconds), Console.Out, ct), ct));
root.Subcommands.Add(rumble);

var recordFile = new Argument<string>("FILE") { Description = "The recording to write (text, one report per line)." };
var seconds = RangedOption("--seconds", "How long to record, 1-3600 s.", "N", "seconds", 3600, 10, min: 1);
var recordCommand = new Command("record", "Record raw reports with their timing.") { recordFile, seconds };
recordCommand.SetAction((r, ct) => Run(r, target => Commands.RecordAsync(target, r.GetValue(recordFile)!, r.GetValue(seconds), Console.Out, ct), ct));
root.Subcommands.Add(recordCommand);

var replayFile = new Argument<string>("FILE") { Description = "A recording made by 'ds4 record'." };
var replayJson = JsonOption();
var replay = new Command("replay", "Play a recording back as a simulated controller, printing its states.") { replayFile, replayJson };
replay.SetAction((r, ct) => Run(r, _ => Commands.ReplayAsync(r.GetValue(replayFile)!, r.GetValue(replayJson), Console.Out, ct), ct, simulatorOnly: true));
root.Subcommands.Add(replay);

root.SetAction(_ =>
{
    Console.Error.WriteLine("ds4: missing command; try 'ds4 --help'.");
    return ExitCodes.Usage;
});

// What each option takes, for the sentence when it is given without its value.
var takes = new Dictionary<string, string>
{
    ["--device"] = "--device takes the path of a hidraw node, such as /dev/hidraw3",
    ["--flash"] = "--flash takes two whole numbers, ON_MS and OFF_MS, from 0 to 2550",
    ["--ms"] = "--ms takes a whole number of milliseconds from 0 to 60000",
    ["--seconds"] = "--seconds takes a whole number of seconds from 1 to 3600",
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"ds4: {UsageErrors.Explain(parsed, takes).TrimEnd('.')}; try 'ds4 --help'.");
    return ExitCodes.Usage;
}
return await parsed.InvokeAsync();

// Runs one command against the controller the global options name, and turns what can go wrong into one sentence and an exit code.
async Task<int> Run(ParseResult result, Func<Target, Task<int>> command, CancellationToken cancellationToken, bool simulatorOnly = false)
{
    var target = new Target(result.GetValue(simulate), result.GetValue(device));
    try
    {
        if (target.Simulate && target.Device is not null)
        {
            throw new UsageException("--simulate and --device cannot be used together.");
        }
        if (simulatorOnly && (target.Simulate || target.Device is not null))
        {
            throw new UsageException("replay always plays into a simulated controller; it takes no --simulate or --device.");
        }
        return await command(target);
    }
    catch (UsageException e)
    {
        Console.Error.WriteLine($"ds4: {e.Message}");
        return ExitCodes.Usage;
    }
    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
    {
        return ExitCodes.Interrupted; // devices were closed (motors stopped) on the way out
    }
    catch (ControllerNotFoundException e)
    {
        Console.Error.WriteLine($"ds4: {e.Message}");
        return ExitCodes.NotFound;
    }
    catch (Exception e) when (e is FileProblemException or DualShock4Exception or IOException or UnauthorizedAccessException or FormatException)
    {
        Console.Error.WriteLine($"ds4: {e.Message}");
        return ExitCodes.DeviceError;
    }
}

static Option<bool> JsonOption() => new("--json") { Description = "Print JSON (camelCase) instead of text." };

static Argument<int> Ranged(string name, string description, int max) => new(name)
{
    Description = description,
    CustomParser = r => Parse(r, r.Tokens[0].Value, $"{name} must be a whole number from 0 to {max}, not '{r.Tokens[0].Value}'", max),
};

static Option<int> RangedOption(string name, string description, string helpName, string unit, int max, int fallback, int min = 0) => new(name)
{
    Description = description,
    HelpName = helpName,
    DefaultValueFactory = _ => fallback,
    CustomParser = r =>
    {
        if (r.Tokens.Count != 1)
        {
            r.AddError($"{name} takes a whole number of {unit} from {min} to {max}");
            return fallback;
        }
        return Parse(r, r.Tokens[0].Value, $"{name} takes a whole number of {unit} from {min} to {max}, not '{r.Tokens[0].Value}'", max, min);
    },
};

static int Parse(SymbolResult result, string text, string error, int max, int min = 0)
{
    if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
    {
        return value;
    }
    result.AddError(error);
    return 0;
}
