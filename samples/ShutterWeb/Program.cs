using System.CommandLine;
using System.Device.Gpio;
using System.Runtime.InteropServices;
using Drivers.Shutter;
using Drivers.Shutter.Simulation;
using ShutterWeb;

// shutter-web: the intervalometer with a phone-friendly page. Its contract (HTTP API, exit codes) is in README.md.
var parsed = CommandLine.Parse(args, RunAsync, out var usageError);
if (usageError is not null)
{
    Console.Error.WriteLine($"shutter-web: {usageError}; try 'shutter-web --help'.");
    return ExitCodes.Usage;
}
// The web host handles SIGINT and SIGTERM itself (a graceful stop); the parser must not race it for them.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });

static async Task<int> RunAsync(Settings settings)
{
    var shutterOptions = new ShutterOptions { ShutterPin = settings.Pin, FocusPin = settings.FocusPin, Chip = settings.Chip };
    ShutterRelease shutter;
    try
    {
        shutter = settings.Simulate ? ShutterRelease.Open(SimulatedGpio(), shutterOptions) : ShutterRelease.Open(shutterOptions);
    }
    catch (ArgumentException)
    {
        // The options were checked on the command line; only the chip's own line count is left.
        Console.Error.WriteLine($"shutter-web: the GPIO chip has no line {settings.Pin}{(settings.FocusPin is int focus ? $" or {focus}" : "")}; give --pin and --focus-pin as BCM numbers of its lines.");
        return ExitCodes.Usage;
    }
    catch (GpioUnavailableException e)
    {
        Console.Error.WriteLine($"shutter-web: {GpioProblem.Explain(e)}");
        return ExitCodes.Error;
    }
    catch (Exception e) when (e is ShutterException or IOException or UnauthorizedAccessException or InvalidOperationException)
    {
        Console.Error.WriteLine($"shutter-web: {e.Message}");
        return ExitCodes.Error;
    }
    var meter = new Intervalometer(shutter);

    // Ctrl-C stops the server as SIGTERM does, but is reported as 130, as shells report SIGINT.
    var interrupted = false;
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => interrupted = true);

    var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
    builder.WebHost.UseUrls(settings.Urls);
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
    // A start that fails (a port in use) is reported below in one sentence, not as the host's logged trace.
    builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
    builder.Services.AddSingleton(shutter);
    builder.Services.AddSingleton(meter);
    builder.Services.AddSingleton<RecentShots>();
    builder.Services.AddSingleton<StreamCount>();
    builder.Services.AddSingleton<StartedPlan>();
    builder.Services.AddSingleton<RunChanges>();
    builder.Services.AddSingleton<SettingsHold>();
    builder.Services.AddHostedService(services => services.GetRequiredService<RecentShots>());
    builder.Services.AddProblemDetails();
    builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJson.Default));

    var app = builder.Build();
    app.Use(new RequestGuard(settings).HostsAsync);
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
        Console.Error.WriteLine($"shutter-web: cannot listen on {settings.Urls} ({cause}); stop what uses it or choose another address with --urls.");
        return ExitCodes.Error;
    }
    finally
    {
        await meter.DisposeAsync();
        await shutter.DisposeAsync();
    }
}

static VirtualGpioDriver SimulatedGpio()
{
    var gpio = new VirtualGpioDriver();
    gpio.EdgeRecorded += (_, edge) =>
        Console.Out.WriteLine($"virtual-gpio: line {edge.Pin} {(edge.Value == PinValue.High ? "closed" : "released")} at {edge.Time:HH:mm:ss.fff}");
    return gpio;
}
