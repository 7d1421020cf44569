using System.Device.Gpio;
using Drivers.Shutter;
using Drivers.Shutter.Simulation;
using ShutterWeb;

// shutter-web: the intervalometer with a phone-friendly page. Contract: DESIGN.md, "samples/ShutterWeb".
var settings = CommandLine.Parse(args, out var usageError, out var help);
if (help)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}
if (settings is null)
{
    Console.Error.WriteLine($"shutter-web: {usageError}");
    return 2;
}

var shutterOptions = new ShutterOptions { ShutterPin = settings.Pin, FocusPin = settings.FocusPin, Chip = settings.Chip };
ShutterRelease shutter;
try
{
    shutter = settings.Simulate ? ShutterRelease.Open(SimulatedGpio(), shutterOptions) : ShutterRelease.Open(shutterOptions);
}
catch (Exception e) when (e is ShutterException or IOException or UnauthorizedAccessException or InvalidOperationException)
{
    Console.Error.WriteLine($"shutter-web: {e.Message}");
    return 1;
}
var meter = new Intervalometer(shutter);

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.WebHost.UseUrls(settings.Urls);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
builder.Services.AddSingleton(shutter);
builder.Services.AddSingleton(meter);
builder.Services.AddSingleton<RecentShots>();
builder.Services.AddHostedService(services => services.GetRequiredService<RecentShots>());
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJson.Default));

var app = builder.Build();
app.UseStatusCodePages();
Page.Map(app);
Api.Map(app, settings);

try
{
    await app.RunAsync();
    return 0;
}
catch (IOException e)
{
    // Kestrel: the address is in use or cannot be bound.
    Console.Error.WriteLine($"shutter-web: cannot listen on {settings.Urls}: {e.Message}");
    return 1;
}
finally
{
    await meter.DisposeAsync();
    await shutter.DisposeAsync();
}

static VirtualGpioDriver SimulatedGpio()
{
    var gpio = new VirtualGpioDriver();
    gpio.EdgeRecorded += (_, edge) =>
        Console.Out.WriteLine($"virtual-gpio: line {edge.Pin} {(edge.Value == PinValue.High ? "closed" : "released")} at {edge.Time:HH:mm:ss.fff}");
    return gpio;
}
