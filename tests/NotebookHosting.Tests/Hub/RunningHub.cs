using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Drivers.NotebookHosting.Tests.Hub;

/// <summary>
/// Debian's real JupyterHub started as the generated unit would start it: ExecStart, WorkingDirectory and the
/// Environment= lines of the unit, a clean environment as systemd gives, and (with <c>User=</c> other than root)
/// the unit's account through setpriv(1). Stopped with SIGTERM; the hub, its proxy and every server it spawned are
/// then killed by process id, even when the hub did not stop them.
/// </summary>
internal sealed class RunningHub : IAsyncDisposable
{
    private readonly Process _hub;
    private readonly List<string> _log = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];

    private RunningHub(Process hub) => _hub = hub;

    public int ProcessId => _hub.Id;

    /// <summary>Everything the hub and its children wrote so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <summary>A TCP port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static RunningHub Start(string unitText, TestAccount? serviceAccount = null)
    {
        var lines = unitText.Split('\n');
        string Value(string key) => lines.Single(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
        var command = Value("ExecStart").Split(' ');
        var user = Value("User");
        Assert.True(user == "root" || serviceAccount is not null, $"The unit runs as {user}: give the test account standing in for it.");
        var asAccount = user != "root" && Environment.UserName == "root";

        var start = new ProcessStartInfo(asAccount ? "/usr/bin/setpriv" : command[0])
        {
            WorkingDirectory = Value("WorkingDirectory"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (asAccount)
        {
            foreach (var argument in new[] { $"--reuid={serviceAccount!.UserId}", $"--regid={serviceAccount.GroupId}", "--init-groups", "--", command[0] })
            {
                start.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"; // systemd's default
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["HOME"] = asAccount || user != "root" ? Value("WorkingDirectory") : "/root";
        start.Environment["USER"] = start.Environment["LOGNAME"] = asAccount ? serviceAccount!.Name : Environment.UserName;
        foreach (var line in lines.Where(l => l.StartsWith("Environment=", StringComparison.Ordinal)))
        {
            var (name, value) = (line["Environment=".Length..].Split('=', 2)[0], line["Environment=".Length..].Split('=', 2)[1]);
            start.Environment[name] = value;
        }

        return Start(start);
    }

    /// <summary>Starts the hub with exactly <paramref name="start"/> (output redirected and collected here).</summary>
    public static RunningHub Start(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = start.RedirectStandardError = start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        var hub = new RunningHub(new Process { StartInfo = start, EnableRaisingEvents = true });
        hub._hub.OutputDataReceived += (_, e) => hub.Heard(e.Data);
        hub._hub.ErrorDataReceived += (_, e) => hub.Heard(e.Data);
        hub._hub.Exited += (_, _) => hub.Ended();
        hub._hub.Start();
        hub._hub.StandardInput.Close();
        hub._hub.BeginOutputReadLine();
        hub._hub.BeginErrorReadLine();
        return hub;
    }

    /// <summary>Waits until a line of the log matches (one already written counts); fails if the hub ends first.</summary>
    public Task<string> WaitForLogAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_log)
        {
            if (_log.FirstOrDefault(match) is { } line)
            {
                return Task.FromResult(line);
            }
            if (_hub.HasExited)
            {
                return Task.FromException<string>(new InvalidOperationException($"The hub ended (exit {_hub.ExitCode}):\n{string.Join('\n', _log)}"));
            }
            _waiters.Add((match, seen));
        }
        return seen.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        var family = Descendants(_hub.Id);
        if (!_hub.HasExited)
        {
            // systemctl stop: SIGTERM to the hub, which stops the users' servers and the proxy itself (KillMode=mixed).
            using (var term = Process.Start("/bin/kill", ["-TERM", _hub.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
            try
            {
                await _hub.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                _hub.Kill(entireProcessTree: true);
            }
        }
        // Then whatever of its family is left (a server or kernel the hub did not stop), by process id.
        foreach (var id in family)
        {
            try
            {
                using var survivor = Process.GetProcessById(id);
                survivor.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // already gone
            }
        }
        await _hub.WaitForExitAsync();
        _hub.Dispose();
    }

    private void Heard(string? line)
    {
        if (line is null)
        {
            return;
        }
        List<TaskCompletionSource<string>> met = [];
        lock (_log)
        {
            _log.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                _waiters.Remove(waiter);
                met.Add(waiter.Seen);
            }
        }
        met.ForEach(m => m.TrySetResult(line));
    }

    private void Ended()
    {
        List<TaskCompletionSource<string>> waiting;
        lock (_log)
        {
            waiting = _waiters.Select(w => w.Seen).ToList();
            _waiters.Clear();
        }
        waiting.ForEach(w => w.TrySetException(new InvalidOperationException($"The hub ended:\n{Log}")));
    }

    // Every process below the hub now: the proxy, each user's server and its kernels (all in sessions of their own).
    private static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                try
                {
                    // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so read after the last ')'.
                    var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    parents[id] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // ended meanwhile
                }
            }
        }
        var family = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var parent))
        {
            foreach (var child in parents.Where(p => p.Value == parent).Select(p => p.Key))
            {
                family.Add(child);
                queue.Enqueue(child);
            }
        }
        return family;
    }
}
