using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Samples.Tests;

/// <summary>What a program wrote to its terminal, and how it ended.</summary>
internal sealed record TerminalResult(int ExitCode, string Transcript);

/// <summary>One step of a terminal session: wait until <see cref="Expect"/> appears (after the previous step's text), then type <see cref="Send"/> or hang up.</summary>
internal sealed record TerminalStep(string Expect, string? Send = null, bool HangUp = false);

/// <summary>
/// Runs a program on a pseudo-terminal, as a user at a real terminal would, with Python's pty module: the program
/// sees a terminal (so menus and the cursor are live), gets typed keys, and hangs up (SIGHUP) when the terminal closes.
/// </summary>
internal static class Terminal
{
    // The driver: forks the program on a new pty, plays the steps, drains the output, and prints the outcome as JSON.
    // Closing the master side is what closing a terminal window does: the kernel sends SIGHUP to the session.
    private const string Driver = """
        import base64, json, os, pty, select, signal, sys, time
        spec = json.loads(sys.argv[1])
        pid, fd = pty.fork()
        if pid == 0:
            os.environ.update(spec["env"])
            os.execvp(spec["argv"][0], spec["argv"])
        out = b""
        seen = 0
        deadline = time.time() + spec["timeout"]
        def pump(wait):
            global out
            r, _, _ = select.select([fd], [], [], wait)
            if not r:
                return True
            try:
                data = os.read(fd, 65536)
            except OSError:
                return False
            out += data
            return len(data) > 0
        status = None
        hung_up = False
        for step in spec["steps"]:
            want = step["expect"].encode()
            while out.find(want, seen) < 0:
                if time.time() > deadline or not pump(0.1):
                    print(json.dumps({"exit": -1, "out": base64.b64encode(out).decode(), "missing": step["expect"]}))
                    os.kill(pid, signal.SIGKILL)
                    sys.exit(0)
            seen = out.find(want, seen) + len(want)
            if step.get("send"):
                os.write(fd, step["send"].encode())
            if step.get("hangUp"):
                os.close(fd)
                hung_up = True
                break
        while status is None:
            if not hung_up and not pump(0.1):
                hung_up = True
            if hung_up:
                time.sleep(0.05)
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = st
            elif time.time() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                status = -1
        while not hung_up and pump(0.1):
            pass
        code = os.waitstatus_to_exitcode(status) if status != -1 else -1
        print(json.dumps({"exit": code, "out": base64.b64encode(out).decode()}))
        """;

    /// <summary>Runs <paramref name="argv"/> on a new terminal and plays <paramref name="steps"/>; fails if a step's text never comes.</summary>
    public static async Task<TerminalResult> RunAsync(
        IReadOnlyList<string> argv, IReadOnlyList<TerminalStep> steps, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var spec = JsonSerializer.Serialize(new
        {
            argv,
            steps = steps.Select(s => new { expect = s.Expect, send = s.Send, hangUp = s.HangUp }),
            env = new Dictionary<string, string>(environment) { ["TERM"] = "xterm-256color", ["DOTNET_NOLOGO"] = "1" },
            timeout = 60,
        });
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Driver);
        info.ArgumentList.Add(spec);
        using var python = Process.Start(info)!;
        var stdout = python.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = python.StandardError.ReadToEndAsync(cancellationToken);
        await python.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(90), cancellationToken);
        var report = await stdout;
        Assert.True(python.ExitCode == 0 && report.Length > 0, $"the terminal driver failed: {await stderr}");
        using var json = JsonDocument.Parse(report);
        var transcript = Encoding.UTF8.GetString(Convert.FromBase64String(json.RootElement.GetProperty("out").GetString()!));
        if (json.RootElement.TryGetProperty("missing", out var missing))
        {
            Assert.Fail($"'{missing.GetString()}' never appeared on the terminal:\n{transcript}");
        }
        return new TerminalResult(json.RootElement.GetProperty("exit").GetInt32(), transcript);
    }
}
