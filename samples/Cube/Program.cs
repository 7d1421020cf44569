using System.CommandLine;
using System.Runtime.InteropServices;
using Cube;
using Cube.Pad;
using Cube.Streaming;
using Drivers.DualShock4;
using Drivers.DualShock4.Simulation;
using ShutterWeb;

// cube: the DualShock 4 drives a lit 3D cube in the browser. Its contract (HTTP API, exit codes) is in README.md.
var parsed = Cube.CommandLine.Parse(args, RunAsync, out var usageError);
if (usageError is not null)
{
    Console.Error.WriteLine($"cube: {usageError}; try 'cube --help'.");
    return ExitCodes.Usage;
}
// The web host handles SIGINT and SIGTERM itself (a graceful stop); the parser must not race it for them.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });

static async Task<int> RunAsync(CubeSettings settings)
{
    var (source, failure) = OpenSource(settings);
    if (source is null)
    {
        Console.Error.WriteLine($"cube: {failure!.Value.Sentence}");
        return failure.Value.ExitCode;
    }
    await using var _ = source;

    // Ctrl-C stops the server as SIGTERM does, but is reported as 130, as shells report SIGINT.
    var interrupted = false;
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => interrupted = true);

    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
    builder.WebHost.UseUrls(settings.Urls);
    // Kestrel sends on the thread that flushes (the read thread, see Subscription) instead of handing each send to
    // its I/O queue: a thread wake-up per frame was most of the cost of a page. No handler here blocks a thread.
    builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
    // A page that stops reading should hold its frames back soon (see ServerSentEvents.LimitUnsentBytes): Kestrel's own
    // buffer per response, 64 KiB by default, would keep a second of frames at 250 a second.
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxResponseBufferSize = ServerSentEvents.UnsentLimit);
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
    builder.Logging.AddFilter("Cube", LogLevel.Information);
    // A start that fails (a port in use) is reported below in one sentence, not as the host's logged trace.
    builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
    builder.Services.AddSingleton(source);
    builder.Services.AddSingleton<CubeHub>();
    builder.Services.AddSingleton<CubeEngine>();
    builder.Services.AddHostedService(services => services.GetRequiredService<CubeEngine>());
    builder.Services.AddProblemDetails();
    builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, CubeJson.Default));

    var app = builder.Build();
    app.Use(new RequestGuard(new Settings(settings.Urls, settings.Token)).HostsAsync);
    app.UseStatusCodePages();
    Page.Map(app);
    Api.Map(app, settings);

    try
    {
        await app.RunAsync();
        return interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }
    catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
    {
        // Kestrel: the address is in use, not this machine's, or a privileged port; the innermost message names the cause.
        var cause = e.GetBaseException().Message.TrimEnd('.');
        Console.Error.WriteLine($"cube: cannot listen on {settings.Urls} ({cause}); stop what uses it or choose another address with --urls.");
        return ExitCodes.Error;
    }
}

static (PadSource? Source, (string Sentence, int ExitCode)? Failure) OpenSource(CubeSettings settings)
{
    if (settings.Simulate)
    {
        Console.Out.WriteLine("cube: playing the bundled recording into a simulated controller, in a loop.");
        return (new SimulatedSource(Recording.Demo, "simulated"), null);
    }
    if (settings.Replay is string path)
    {
        var (recording, problem) = LoadRecording(path);
        if (recording is null)
        {
            return (null, (problem!, ExitCodes.BadRecording));
        }
        Console.Out.WriteLine($"cube: playing {path} ({recording.Reports.Count} reports, {recording.Duration.TotalSeconds:0.###} s) into a simulated controller, in a loop.");
        return (new SimulatedSource(recording, "replay"), null);
    }
    var options = new ControllerOptions
    {
        // As in ds4: tests point these at a fake tree.
        SysfsRoot = Environment.GetEnvironmentVariable("DS4_SYSFS_ROOT") ?? "/sys",
        DevRoot = Environment.GetEnvironmentVariable("DS4_DEV_ROOT") ?? "/dev",
        RunReadersOnReadThread = CubeEngine.ReadsOnReadThread,
    };
    try
    {
        var controller = Controller.OpenFirst(options);
        Console.Out.WriteLine($"cube: using the controller at {controller.Info.DevicePath} ({(controller.Info.Bus == ConnectionBus.Usb ? "USB" : "Bluetooth")}).");
        var logger = LoggerFactory.Create(_ => { }).CreateLogger<HardwareSource>();
        return (new HardwareSource(controller, options, logger), null);
    }
    catch (ControllerNotFoundException)
    {
        return (null, ("no DualShock 4 is attached; connect one by USB or pair it over Bluetooth (hold PS and Share), or try --simulate.", ExitCodes.NotFound));
    }
    catch (ControllerAccessDeniedException e)
    {
        return (null, ($"you may not open {e.Path} (permission denied); install the package's udev rule or run cube as a user who may read it.", ExitCodes.Error));
    }
    catch (Exception e) when (e is DualShock4Exception or IOException)
    {
        return (null, ($"the controller could not be opened: {e.Message}", ExitCodes.Error));
    }
}

static (Recording? Recording, string? Problem) LoadRecording(string path)
{
    if (Directory.Exists(path))
    {
        return (null, $"{path} is a folder, not a recording made by 'ds4 record'.");
    }
    if (!File.Exists(path))
    {
        return (null, $"{path} does not exist; make a recording with 'ds4 record FILE'.");
    }
    Recording recording;
    try
    {
        recording = Recording.Load(path);
    }
    catch (FormatException e)
    {
        return (null, $"{path} is not a recording: {e.Message}");
    }
    catch (UnauthorizedAccessException)
    {
        return (null, $"you may not read {path} (permission denied).");
    }
    catch (IOException e)
    {
        return (null, $"cannot read {path}: {e.Message}");
    }
    if (!recording.Reports.Any(r => InputReport.TryParse(r.Report.Span, out _)))
    {
        return (null, recording.Reports.Count == 0
            ? $"{path} holds no reports: it is empty or only comments; make a recording with 'ds4 record FILE'."
            : $"{path} holds no DualShock 4 input report (0x01 over USB, 0x11 over Bluetooth); make a recording with 'ds4 record FILE'.");
    }
    return (recording, null);
}
