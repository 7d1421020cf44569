using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Drivers.NetworkManager.Protocol;
using Drivers.NetworkManager.Simulation;

namespace Drivers.NetworkManager.Tests.Infrastructure;

/// <summary>
/// Debian's real NetworkManager (package network-manager), isolated: a network namespace of its own holding one veth
/// pair (veth0 managed, its peer veth1 up to give it carrier), a private dbus-daemon, a configuration, profile folder,
/// state file and /run of its own (NetworkManager(8) --config, --config-dir, --system-config-dir, --intern-config,
/// --state-file; NetworkManager.conf(5) [keyfile] path and unmanaged-devices). It runs with /sys read-only in its own
/// mount namespace, which makes it take devices as they are instead of waiting for udev (it does so in containers),
/// and with dns=none so that no resolv.conf is written. Nothing of the machine's own network, buses or NetworkManager
/// is touched. Everything started is ended by PID and by name when disposed, and namespaces left by a test process
/// that was killed are removed when the next one starts.
/// </summary>
public sealed class RealNetworkManager : IAsyncLifetime
{
    /// <summary>The managed Ethernet interface (a veth whose peer is up: it has carrier).</summary>
    public const string Interface = "veth0";

    private const string NamespacePrefix = "drvnm-";
    private const string Daemon = "/usr/sbin/NetworkManager";
    private static int _instances;
    private readonly StringBuilder _log = new();
    private PrivateBus? _bus;
    private DirectoryInfo? _folder;
    private Process? _daemon;
    private bool _namespaceAdded;

    /// <summary>The namespace's name: <c>drvnm-PID-N</c>, so a leftover names the process that made it.</summary>
    public string Namespace { get; } = $"{NamespacePrefix}{Environment.ProcessId}-{Interlocked.Increment(ref _instances)}";

    public string BusAddress => _bus?.Address ?? throw new InvalidOperationException("The fixture is not started.");

    /// <summary>The daemon's process id, or 0 while it is stopped.</summary>
    public int DaemonPid => _daemon is { HasExited: false } daemon ? daemon.Id : 0;

    /// <summary>The folder NetworkManager keeps profiles in (keyfile plugin).</summary>
    public string ProfileFolder => Path.Combine(_folder!.FullName, "profiles");

    public async ValueTask InitializeAsync()
    {
        var token = TestContext.Current.CancellationToken;
        if (!File.Exists(Daemon) || !File.Exists("/usr/bin/nmcli"))
        {
            throw new InvalidOperationException("NetworkManager is missing: install Debian's network-manager package (test.sh does).");
        }
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("The real NetworkManager tests need root (a network namespace); CI runs them as root.");
        }
        await RemoveLeftoversAsync(token);
        try
        {
            _folder = Directory.CreateTempSubdirectory("drvnm-");
            Directory.CreateDirectory(ProfileFolder);
            Directory.CreateDirectory(Path.Combine(_folder.FullName, "run"));
            Directory.CreateDirectory(Path.Combine(_folder.FullName, "lib"));
            Directory.CreateDirectory(Path.Combine(_folder.FullName, "conf.d"));
            await File.WriteAllTextAsync(Path.Combine(_folder.FullName, "NetworkManager.conf"), $"""
                [main]
                plugins=keyfile
                no-auto-default=*
                auth-polkit=false
                dns=none
                rc-manager=unmanaged
                systemd-resolved=false
                [keyfile]
                path={ProfileFolder}
                unmanaged-devices=except:interface-name:{Interface}
                [logging]
                level=INFO
                """, token);
            _bus = await PrivateBus.StartAsync(token);
            await RunAsync("ip", ["netns", "add", Namespace], token);
            _namespaceAdded = true;
            await RunAsync("ip", ["netns", "exec", Namespace, "ip", "link", "add", Interface, "type", "veth", "peer", "name", "veth1"], token);
            await RunAsync("ip", ["netns", "exec", Namespace, "ip", "link", "set", "veth1", "up"], token);
            await StartDaemonAsync(token);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the daemon and completes when it has finished starting up (<c>nm-online -s</c>: every device it manages is
    /// settled, so veth0 is "disconnected" and its profiles are loaded), or, with <paramref name="untilStarted"/> false,
    /// as soon as it owns its name on the bus (an activation it resumes keeps its start-up going).
    /// </summary>
    public async Task StartDaemonAsync(CancellationToken cancellationToken, bool untilStarted = true)
    {
        using var name = await NameOwnerWatch.StartAsync(BusAddress, NmNames.Service, cancellationToken);
        var folder = _folder!.FullName;
        // ip netns exec gives the command a mount namespace of its own (its mounts never reach the machine's): there /sys
        // becomes read-only, and /run and /var/lib/NetworkManager become the fixture's folders.
        var script = "mount -o remount,ro /sys && mount --bind \"$1/run\" /run && mount --bind \"$1/lib\" /var/lib/NetworkManager && exec \"$2\" " +
            "--no-daemon --debug --config=\"$1/NetworkManager.conf\" --config-dir=\"$1/conf.d\" --system-config-dir=\"$1/conf.d\" " +
            "--intern-config=\"$1/lib/intern.conf\" --state-file=\"$1/lib/state\" --pid-file=\"$1/run/NetworkManager.pid\"";
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "netns", "exec", Namespace, "sh", "-c", script, "sh", folder, Daemon })
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["DBUS_SYSTEM_BUS_ADDRESS"] = BusAddress;
        var daemon = Process.Start(info) ?? throw new InvalidOperationException("NetworkManager did not start.");
        daemon.ErrorDataReceived += (_, e) => Append(e.Data);
        daemon.OutputDataReceived += (_, e) => Append(e.Data);
        daemon.BeginErrorReadLine();
        daemon.BeginOutputReadLine();
        _daemon = daemon;
        var online = untilStarted ? RunAsync("nm-online", ["-s", "-q", "--timeout=30"], cancellationToken) : name.OwnedAsync(cancellationToken);
        var exited = daemon.WaitForExitAsync(cancellationToken);
        if (await Task.WhenAny(online, exited).WaitAsync(TimeSpan.FromSeconds(40), cancellationToken) == exited)
        {
            throw new InvalidOperationException($"NetworkManager exited with {daemon.ExitCode}:\n{Log}");
        }
        await online;
    }

    /// <summary>Stops the daemon (SIGTERM, as systemd does) and completes when it has left the bus and exited.</summary>
    public async Task StopDaemonAsync(CancellationToken cancellationToken)
    {
        if (_daemon is not { } daemon)
        {
            return;
        }
        using var name = await NameOwnerWatch.StartAsync(BusAddress, NmNames.Service, cancellationToken);
        if (!daemon.HasExited)
        {
            await RunAsync("kill", ["-TERM", daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken);
            await daemon.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            await name.ReleasedAsync(cancellationToken);
        }
        daemon.Dispose();
        _daemon = null;
    }

    /// <summary>Stops and starts the daemon: object paths are numbered anew.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopDaemonAsync(cancellationToken);
        await StartDaemonAsync(cancellationToken);
    }

    /// <summary>Runs nmcli on the fixture's bus (terse output) and returns what it printed; a failure throws with its message.</summary>
    public Task<string> NmcliAsync(params string[] arguments) => RunAsync("nmcli", arguments, TestContext.Current.CancellationToken);

    /// <summary>Runs a command inside the namespace, e.g. <c>ip link add …</c>.</summary>
    public Task<string> InNamespaceAsync(params string[] arguments) =>
        RunAsync("ip", ["netns", "exec", Namespace, .. arguments], TestContext.Current.CancellationToken);

    /// <summary>What the daemon logged (for a failure's message).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_daemon is { } daemon)
        {
            try
            {
                if (!daemon.HasExited)
                {
                    daemon.Kill(entireProcessTree: true);
                    await daemon.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
            catch (InvalidOperationException)
            {
                // It has exited already.
            }
            daemon.Dispose();
            _daemon = null;
        }
        if (_namespaceAdded)
        {
            await RemoveNamespaceAsync(Namespace, CancellationToken.None);
            _namespaceAdded = false;
        }
        if (_bus is not null)
        {
            await _bus.DisposeAsync();
            _bus = null;
        }
        if (_folder is { Exists: true })
        {
            _folder.Delete(recursive: true);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            if (_log.Length < 200_000)
            {
                _log.AppendLine(line);
            }
        }
    }

    /// <summary>Removes namespaces (and their processes) left by a test process of ours that no longer runs.</summary>
    private static async Task RemoveLeftoversAsync(CancellationToken cancellationToken)
    {
        var list = await RunAsync("ip", ["netns", "list"], cancellationToken);
        foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = line.Split(' ')[0];
            if (!name.StartsWith(NamespacePrefix, StringComparison.Ordinal) ||
                !int.TryParse(name.AsSpan(NamespacePrefix.Length, Math.Max(0, name.IndexOf('-', NamespacePrefix.Length) - NamespacePrefix.Length)), out var pid) ||
                Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }
            await RemoveNamespaceAsync(name, cancellationToken);
        }
    }

    /// <summary>Kills what still runs in the namespace (by PID: <c>ip netns pids</c>), then deletes it with its veth pair.</summary>
    private static async Task RemoveNamespaceAsync(string name, CancellationToken cancellationToken)
    {
        var pids = await RunAsync("ip", ["netns", "pids", name], cancellationToken, check: false);
        foreach (var pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await RunAsync("kill", ["-KILL", pid], cancellationToken, check: false);
        }
        await RunAsync("ip", ["netns", "del", name], cancellationToken, check: false);
    }

    private async Task<string> RunAsync(string file, string[] arguments, CancellationToken cancellationToken) =>
        await RunAsync(file, arguments, cancellationToken, check: true, busAddress: _bus?.Address);

    /// <summary>Runs a command to its end (thirty seconds at most) and returns its output; a non-zero exit throws with its error.</summary>
    private static async Task<string> RunAsync(string file, string[] arguments, CancellationToken cancellationToken, bool check = true, string? busAddress = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        if (busAddress is not null)
        {
            info.Environment["DBUS_SYSTEM_BUS_ADDRESS"] = busAddress;
        }
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{file} is missing: install Debian's network-manager and iproute2 (test.sh does).", e);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            if (check && process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {(await error).Trim()}");
            }
            return await output;
        }
    }
}
