using System.ComponentModel;
using System.Diagnostics;
using System.Security;

namespace Drivers.NetworkManager.Simulation;

/// <summary>
/// A private <c>dbus-daemon</c> on a unix socket in a temporary folder, for tests, demos and the simulator:
/// nothing on the machine's own buses is touched. Disposing stops the daemon and removes the folder; so does this
/// process ending in any way, a <c>SIGKILL</c> included.
/// </summary>
public sealed class PrivateBus : IAsyncDisposable
{
    // $1 is the folder, the rest the daemon's command line; standard input is the pipe from this process. When the
    // daemon ends by itself (not installed, bad config) the shell ends too, so its output reaches end of file.
    private const string Watchdog = """
        folder=$1; shift; exec 3<&0
        "$@" </dev/null & daemon=$!
        { read -r _ <&3; kill "$daemon" 2>/dev/null; } & watcher=$!
        wait "$daemon"; kill "$watcher" 2>/dev/null; rm -rf -- "$folder"
        """;

    private readonly Process _daemon;
    private readonly DirectoryInfo _folder;

    private PrivateBus(Process daemon, DirectoryInfo folder, string address)
    {
        _daemon = daemon;
        _folder = folder;
        Address = address;
    }

    /// <summary>The bus address to connect to, e.g. <c>unix:path=/tmp/nm-bus-x/bus,guid=…</c>.</summary>
    public string Address { get; }

    /// <summary>Starts a <c>dbus-daemon</c> (Debian package <c>dbus</c>) and waits until it prints its address.</summary>
    /// <exception cref="InvalidOperationException">dbus-daemon is missing or did not start.</exception>
    public static async Task<PrivateBus> StartAsync(CancellationToken cancellationToken = default)
    {
        var folder = Directory.CreateTempSubdirectory("nm-bus-");
        var config = Path.Combine(folder.FullName, "bus.conf");
        var socket = Path.Combine(folder.FullName, "bus");
        // A session-type bus that anyone may own names on and send anything to: it is private to its socket.
        await File.WriteAllTextAsync(config, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>session</type>
              <listen>unix:path={SecurityElement.Escape(socket)}</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow send_destination="*" eavesdrop="true"/>
                <allow eavesdrop="true"/>
                <allow own="*"/>
              </policy>
            </busconfig>
            """, cancellationToken).ConfigureAwait(false);

        // The daemon runs under a watchdog shell that holds the read end of a pipe whose write end only this process
        // has: when this process ends, even by SIGKILL, the read returns and the shell stops the daemon and removes
        // the folder. (PR_SET_PDEATHSIG would fire when the forking thread-pool thread retires, not when we end.)
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Watchdog);
        info.ArgumentList.Add("private-bus");
        info.ArgumentList.Add(folder.FullName);
        info.ArgumentList.Add("dbus-daemon");
        info.ArgumentList.Add("--config-file=" + config);
        info.ArgumentList.Add("--nofork");
        info.ArgumentList.Add("--print-address=1");
        Process daemon;
        try
        {
            daemon = Process.Start(info) ?? throw new InvalidOperationException("dbus-daemon did not start.");
        }
        catch (Win32Exception e)
        {
            folder.Delete(recursive: true);
            throw new InvalidOperationException("/bin/sh could not be started to run dbus-daemon.", e);
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var address = await daemon.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(address))
            {
                daemon.StandardInput.Close(); // the watchdog ends, so standard error reaches its end
                var error = (await daemon.StandardError.ReadToEndAsync(timeout.Token).ConfigureAwait(false)).Trim();
                throw new InvalidOperationException(error.Contains("dbus-daemon: not found", StringComparison.Ordinal)
                    ? "dbus-daemon was not found; install Debian's 'dbus' package."
                    : $"dbus-daemon did not print its address: {error}");
            }
            return new PrivateBus(daemon, folder, address.Trim());
        }
        catch
        {
            Stop(daemon, folder);
            throw;
        }
    }

    /// <summary>Stops the daemon and removes its folder.</summary>
    public ValueTask DisposeAsync()
    {
        Stop(_daemon, _folder);
        return ValueTask.CompletedTask;
    }

    private static void Stop(Process daemon, DirectoryInfo folder)
    {
        try
        {
            if (!daemon.HasExited)
            {
                daemon.Kill(entireProcessTree: true);
                daemon.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
        daemon.Dispose();
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
