using System.Runtime.InteropServices;

namespace Drivers.Shutter.Gpio;

/// <summary>
/// Releases every open shutter line when the process is asked to stop (SIGTERM, SIGINT/Ctrl-C, SIGQUIT,
/// SIGHUP), exits, or dies of an unhandled exception, so that a camera is never left with its shutter
/// held. The signal's default action still runs afterwards; a host that cancels it shuts down normally.
/// </summary>
internal static class ExitGuard
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<ShutterRelease> Open = [];
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static bool _hooked;

    public static void Register(ShutterRelease release)
    {
        lock (Gate)
        {
            Open.Add(release);
            if (!_hooked)
            {
                Hook();
                _hooked = true;
            }
        }
    }

    public static void Unregister(ShutterRelease release)
    {
        lock (Gate)
        {
            Open.Remove(release);
        }
    }

    /// <summary>Drives every open line low now; returns how many shutter releases were visited.</summary>
    public static int ReleaseAll(string reason)
    {
        ShutterRelease[] open;
        lock (Gate)
        {
            open = [.. Open];
        }
        foreach (var release in open)
        {
            release.ReleaseLinesNow(reason);
        }
        return open.Length;
    }

    private static void Hook()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ReleaseAll("process exit");
        AppDomain.CurrentDomain.UnhandledException += (_, _) => ReleaseAll("unhandled exception");
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGHUP })
        {
            try
            {
                Registrations.Add(PosixSignalRegistration.Create(signal, context => ReleaseAll(context.Signal.ToString())));
            }
            catch (PlatformNotSupportedException)
            {
                // Windows has no SIGHUP/SIGQUIT registration; ProcessExit still covers a normal exit there.
            }
        }
    }
}
