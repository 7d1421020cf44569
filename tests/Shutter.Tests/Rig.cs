using System.Device.Gpio;
using Drivers.Shutter.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Drivers.Shutter.Tests;

/// <summary>A shutter on the virtual GPIO with a fake clock: what every timing test starts from.</summary>
internal sealed class Rig : IAsyncDisposable
{
    public const int ShutterPin = 18;
    public const int FocusPin = 23;

    public static readonly DateTimeOffset Epoch = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private Rig(FakeTimeProvider time, VirtualGpioDriver gpio, ShutterRelease shutter, IntervalometerOptions? meterOptions)
    {
        Time = time;
        Gpio = gpio;
        Shutter = shutter;
        Intervalometer = new Intervalometer(shutter, meterOptions);
    }

    public FakeTimeProvider Time { get; }

    public VirtualGpioDriver Gpio { get; }

    public ShutterRelease Shutter { get; }

    public Intervalometer Intervalometer { get; }

    public static Rig Create(
        bool focus = false,
        TimeSpan? pulse = null,
        TimeSpan? focusTime = null,
        Action<VirtualGpioDriver>? prepare = null,
        Func<VirtualGpioDriver, GpioDriver>? inFront = null,
        IntervalometerOptions? meterOptions = null)
    {
        var time = new FakeTimeProvider(Epoch);
        var gpio = new VirtualGpioDriver(time);
        prepare?.Invoke(gpio);
        var shutter = ShutterRelease.Open(inFront?.Invoke(gpio) ?? gpio, new ShutterOptions
        {
            ShutterPin = ShutterPin,
            FocusPin = focus ? FocusPin : null,
            PulseDuration = pulse ?? TimeSpan.FromMilliseconds(150),
            FocusDuration = focusTime ?? TimeSpan.Zero,
            TimeProvider = time,
        });
        return new Rig(time, gpio, shutter, meterOptions);
    }

    public PinValue Line => Gpio.LevelOf(ShutterPin);

    /// <summary>Milliseconds since <see cref="Epoch"/> of each edge of a line, with its value: "H@0", "L@150".</summary>
    public string[] Trace(int pin = ShutterPin) =>
        [.. Gpio.EdgesOf(pin).Select(e => $"{(e.Value == PinValue.High ? 'H' : 'L')}@{(e.Time - Epoch).TotalMilliseconds}")];

    /// <summary>
    /// Moves the fake clock forward in one jump. FakeTimeProvider sets the new time before it fires the
    /// timers that fell due, so a jump past a deadline is a late wake-up of that many milliseconds.
    /// </summary>
    public void Advance(double milliseconds) => Advance(TimeSpan.FromMilliseconds(milliseconds));

    /// <inheritdoc cref="Advance(double)"/>
    public void Advance(TimeSpan by) => OutsideTheTestContext(() => Time.Advance(by));

    /// <summary>Changes the interval of the running intervalometer, as a user would between two clock ticks.</summary>
    public void Retime(double seconds) => OutsideTheTestContext(() => Intervalometer.ChangeInterval(TimeSpan.FromSeconds(seconds)));

    /// <summary>
    /// Runs <paramref name="action"/> without xUnit's SynchronizationContext, as the library runs in a
    /// console or ASP.NET Core app: continuations of what it completes run inline, so the library has
    /// reacted to each clock tick before the next one (under the test context they go to the thread pool
    /// and race the fake clock).
    /// </summary>
    private static void OutsideTheTestContext(Action action)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            action();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    /// <summary>Moves the fake clock to <paramref name="milliseconds"/> after <see cref="Epoch"/> in 50 ms steps, so timers fire on time.</summary>
    public void RunUntil(double milliseconds)
    {
        while (Now < milliseconds)
        {
            Advance(Math.Min(50, milliseconds - Now));
        }
    }

    public double Now => (Time.GetUtcNow() - Epoch).TotalMilliseconds;

    /// <summary>
    /// Waits (without sleeping against a deadline) for work handed to the thread pool, such as a shot that
    /// waited for the shutter, to reach <paramref name="condition"/>; fails after a generous 10 s.
    /// </summary>
    public static async Task Until(Func<bool> condition, string what)
    {
        var giveUp = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > giveUp)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }
            await Task.Yield();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Intervalometer.DisposeAsync();
        await Shutter.DisposeAsync();
    }
}
