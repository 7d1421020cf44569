using Drivers.DualShock4;
using Drivers.DualShock4.Simulation;

namespace Samples.Tests.Cube;

/// <summary>Recordings the cube tests replay, made with the package's own report writer.</summary>
internal static class TestRecordings
{
    /// <summary>How far the pad is rolled in <see cref="TiltAndPress"/>: 0.5 rad, about 29°.</summary>
    public const double Tilt = 0.5;

    /// <summary>The colors cube gives Circle and Cross (README.md).</summary>
    public const string Red = "#ff0028";
    public const string Blue = "#0050ff";

    /// <summary>
    /// Ten seconds at 250 reports a second: for five seconds the pad is rolled right side up and Circle is pressed
    /// (at 0.5 s), then for five seconds it is rolled left side up and Cross is pressed (at 5.5 s). The triggers stay
    /// released, so the cube does not turn about its vertical axis.
    /// </summary>
    public static Recording TiltAndPress { get; } = Recording.FromMotion(
        Motion.Create(time =>
        {
            var t = time.TotalSeconds;
            var angle = t < 5 ? Tilt : -Tilt;
            var buttons = t is >= 0.5 and < 0.7 ? Buttons.Circle : t is >= 5.5 and < 5.7 ? Buttons.Cross : Buttons.None;
            return ControllerState.Neutral(ReportFormat.Usb) with
            {
                // Gravity as the pad feels it when rolled by angle about Z (X right, Y up): +1 g split between X and Y.
                Accelerometer = new SensorVector((short)Math.Round(8192 * Math.Sin(angle)), (short)Math.Round(8192 * Math.Cos(angle)), 0),
                Buttons = buttons,
            };
        }),
        TimeSpan.FromSeconds(10),
        TimeSpan.FromMilliseconds(4));

    /// <summary>The package's demo motion at 1,000 reports a second (a DualShock 4 over USB reports every 4 ms; this is the stress case).</summary>
    public static Recording Demo1000Hz { get; } = Recording.FromMotion(Motion.Demo, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(1));
}

/// <summary>A folder in the temporary directory, removed with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("cube-tests-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Saves <paramref name="recording"/> here as <paramref name="name"/> and returns its path.</summary>
    public string Save(Recording recording, string name)
    {
        var path = File(name);
        recording.Save(path);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
