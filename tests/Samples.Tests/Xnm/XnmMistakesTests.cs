using System.Diagnostics;
using System.Globalization;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.Xnm;

/// <summary>The mistakes a user makes with xnm, each answered with its documented exit code and one sentence, and the menu at a real terminal.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class XnmMistakesTests
{
    private const int NetworkManagerError = 1; // samples/Xnm/README.md, "Exit codes"
    private const int Usage = 2;
    private const int WrongPassword = 3;
    private const int NotFound = 4;
    private const int HungUp = 129;
    private const int Interrupted = 130;

    private const string ShowCursor = "\u001b[?25h";
    private const string HideCursor = "\u001b[?25l";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The command line (words split on '|'; <c>{dir}</c> is an empty folder of the test's own), the exit code and a
    /// fragment of the one sentence on stderr. The system bus is pointed at <c>{dir}/no-bus</c>, where nothing listens.
    /// </summary>
    public static TheoryData<string, int, string> Mistakes { get; } = new()
    {
        // The command line.
        { "devics", Usage, "'devics' is not a command of 'xnm' (did you mean 'devices'?)" },
        { "wifi|conect|x", Usage, "'conect' is not a command of 'xnm wifi' (did you mean 'connect'?)" },
        { "wifi", Usage, "'xnm wifi' needs a command: list or connect" },
        { "wifi|list|--jsn", Usage, "'--jsn' is not an option of 'xnm wifi list' (did you mean '--json'?)" },
        { "devices|extra", Usage, "'extra' is one word too many for 'xnm devices'" },
        { "disconnect", Usage, "'xnm disconnect' needs IFNAME" },
        { "radio", Usage, "'xnm radio' needs RADIO" },
        { "radio|wifi|of", Usage, "STATE is on or off, not 'of'" },
        { "radio|bluetooth", Usage, "RADIO is wifi or wwan, not 'bluetooth'" },
        { "modem|up", Usage, "ACTION is connect or disconnect, not 'up'" },
        { "--bus", Usage, "--bus takes a D-Bus address" },
        { "status|--format", Usage, "--format takes a format such as" },
        { "status|--format|{ssid}", Usage, "{ssid} is not a placeholder" },
        { "status|--format|{a\u001b[2Jb}", Usage, "{a\\x1b[2Jb} is not a placeholder" },
        { "status|--format|{" + new string('x', 300) + "}", Usage, "{xxxxxxxxxxxxxxxxxxxx…} is not a placeholder" },
        { "status|--format|[{name}", Usage, "a [ has no ] after it" },
        { "wifi|connect|a|--password|x|--ask", Usage, "--password and --ask cannot be used together" },
        { "wifi|connect||--simulate", Usage, "the SSID is empty; give the network's name" },
        { "wifi|connect|" + new string('n', 33) + "|--simulate", Usage, "is longer than 32 bytes" },
        { "", Usage, "the interactive menu needs a terminal" },

        // No NetworkManager.
        { "devices", NetworkManagerError, "no NetworkManager bus was found at 'unix:path={dir}/no-bus' (DBUS_SYSTEM_BUS_ADDRESS); give its address with --bus ADDRESS, or try --simulate" },
        { "status|--bus|unix:path={dir}/other", NetworkManagerError, "no NetworkManager bus was found at 'unix:path={dir}/other'" },

        // Wi-Fi, in the user's terms.
        { "wifi|connect|HomeWPA2|--password|wrongpassword|--simulate", WrongPassword, "the network 'HomeWPA2' did not accept the password; check it and try again." },
        { "wifi|connect|HomeWPA2|--simulate", WrongPassword, "the network 'HomeWPA2' needs a password; give it with --password or --ask." },
        { "wifi|connect|HomeWPA2|--password|short|--simulate", WrongPassword, "a WPA password is 8 to 63 characters (or 64 hexadecimal digits)" },
        { "wifi|connect|eduroam|--password|whatever12|--simulate", NetworkManagerError, "this network uses enterprise (802.1X) login" },
        { "wifi|connect|Nowhere|--simulate", NotFound, "No Wi-Fi network named 'Nowhere' is in range of wlan0" },
        { "wifi|list|--ifname|eth0|--simulate", NotFound, "There is no Wi-Fi device named 'eth0'" },
        { "disconnect|wlan9|--simulate", NotFound, "There is no network device named 'wlan9'" },
        { "disconnect|wlan0|--simulate", NetworkManagerError, "This device is not active" },
        { "modem|connect|--ifname|wlan0|--simulate", NotFound, "There is no modem device named 'wlan0'" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Each_mistake_exits_with_its_documented_code_and_one_sentence_naming_it(string commandLine, int exitCode, string sentence)
    {
        var dir = Directory.CreateTempSubdirectory("xnm-mistakes-").FullName;
        var marker = Guid.NewGuid().ToString("N");
        try
        {
            var arguments = commandLine.Length == 0 ? [] : commandLine.Replace("{dir}", dir, StringComparison.Ordinal).Split('|');

            var result = await SampleProcess.RunAsync(XnmBus.Xnm, arguments, environment: Environment(dir, marker), timeout: TimeSpan.FromSeconds(60), cancellationToken: Ct);

            Assert.Equal(exitCode, result.ExitCode);
            var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.StartsWith("xnm: ", line, StringComparison.Ordinal);
            Assert.Contains(sentence.Replace("{dir}", dir, StringComparison.Ordinal), line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", result.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", result.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', line);
            Assert.Empty(Leftovers.Processes(marker));
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir)); // the simulator's bus folder is gone
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Monitor_says_what_it_watches_before_anything_changes()
    {
        var dir = Directory.CreateTempSubdirectory("xnm-mistakes-").FullName;
        try
        {
            var result = await Terminal.RunAsync(
                ["dotnet", XnmBus.Xnm, "monitor", "--simulate"],
                [new("device states, access points, connections and radios; Ctrl-C to stop.", Send: "\u0003")],
                Environment(dir, Guid.NewGuid().ToString("N")), Ct);

            Assert.Equal(Interrupted, result.ExitCode);
            Assert.Contains("Watching NetworkManager on unix:path=", result.Transcript, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("q", 0)]
    [InlineData("Q", 0)]
    [InlineData("\u001b", 0)]
    [InlineData("\u0003", Interrupted)] // Ctrl-C: the terminal sends SIGINT
    public async Task Leaving_the_menu_by_key_restores_the_cursor_and_leaves_nothing_running(string key, int exitCode)
    {
        var dir = Directory.CreateTempSubdirectory("xnm-mistakes-").FullName;
        var marker = Guid.NewGuid().ToString("N");
        try
        {
            var result = await Terminal.RunAsync(["dotnet", XnmBus.Xnm, "--simulate"], [new("Esc or q to leave", Send: key)], Environment(dir, marker), Ct);

            Assert.Equal(exitCode, result.ExitCode);
            Assert.Contains(HideCursor, result.Transcript, StringComparison.Ordinal);
            Assert.True(
                result.Transcript.LastIndexOf(ShowCursor, StringComparison.Ordinal) > result.Transcript.LastIndexOf(HideCursor, StringComparison.Ordinal),
                "the cursor is still hidden when xnm ends");
            Assert.DoesNotContain("   at ", result.Transcript, StringComparison.Ordinal);
            Assert.Empty(Leftovers.Processes(marker));
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Closing_the_terminal_stops_the_simulator_and_removes_its_folder()
    {
        var dir = Directory.CreateTempSubdirectory("xnm-mistakes-").FullName;
        var marker = Guid.NewGuid().ToString("N");
        try
        {
            var result = await Terminal.RunAsync(["dotnet", XnmBus.Xnm, "--simulate"], [new("Esc or q to leave", HangUp: true)], Environment(dir, marker), Ct);

            Assert.Equal(HungUp, result.ExitCode);
            Assert.Empty(Leftovers.Processes(marker)); // the private dbus-daemon ignores SIGHUP (it reloads); xnm must end it
            Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Choosing_the_connected_network_asks_before_disconnecting()
    {
        var dir = Directory.CreateTempSubdirectory("xnm-mistakes-").FullName;
        try
        {
            // CafeOpen is open and the strongest, so it is the first item; Enter joins it, Enter again picks it connected.
            var result = await Terminal.RunAsync(
                ["dotnet", XnmBus.Xnm, "--simulate"],
                [
                    new("Esc or q to leave", Send: "\r"),
                    new("Connected to CafeOpen."),
                    new("(connected: choose to disconnect)", Send: "\r"),
                    new("Disconnect from CafeOpen?", Send: "n\r"),
                    new("Still connected to CafeOpen."),
                    new("Esc or q to leave", Send: "q"),
                ],
                Environment(dir, Guid.NewGuid().ToString("N")), Ct);

            Assert.Equal(0, result.ExitCode);
            Assert.DoesNotContain("Disconnected from", result.Transcript, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // The system bus is nowhere, temporary folders go into the test's own folder, and a marker finds what xnm started.
    [Fact]
    public async Task Killing_xnm_outright_still_stops_its_simulator_and_removes_its_folder()
    {
        var dir = Directory.CreateTempSubdirectory("xnm-mistakes-").FullName;
        var marker = Guid.NewGuid().ToString("N");
        using var xnm = Process.Start(SampleProcess.Start(XnmBus.Xnm, ["monitor", "--simulate"], Environment(dir, marker)))!;
        try
        {
            // Watching starts once the private bus and the simulator are up.
            while (await xnm.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(60), Ct) is { } line
                && !line.StartsWith("Watching NetworkManager", StringComparison.Ordinal))
            {
            }
            var started = Leftovers.Processes(marker).Where(p => !p.StartsWith($"{xnm.Id} ", StringComparison.Ordinal)).ToList();
            Assert.Contains(started, p => p.EndsWith("dbus-daemon", StringComparison.Ordinal));
            // The daemon's watchdog shell stops the daemon when xnm's end of its pipe closes, removes the folder and
            // only then ends: once it, its watcher and the daemon have all ended, nothing of xnm's may be left.
            using var exits = ProcessExits.Watch(started.Select(p => int.Parse(p.Split(' ')[0], CultureInfo.InvariantCulture)));

            xnm.Kill(); // SIGKILL: no handler, no finally, no dispose runs in xnm

            await xnm.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
            Assert.True(await exits.WaitAsync(TimeSpan.FromSeconds(30)).WaitAsync(TimeSpan.FromSeconds(40), Ct), $"Still running 30 s after xnm was killed: {string.Join(", ", Leftovers.Processes(marker))}");
            Assert.Empty(Leftovers.Processes(marker));
            // (The runtime's own diagnostic pipes stay in TMPDIR after a SIGKILL: they are not xnm's to remove.)
            Assert.Empty(Directory.EnumerateDirectories(dir, "nm-bus-*"));
        }
        finally
        {
            if (!xnm.HasExited)
            {
                xnm.Kill(entireProcessTree: true);
            }
            foreach (var left in Leftovers.Processes(marker))
            {
                Process.GetProcessById(int.Parse(left.Split(' ')[0], CultureInfo.InvariantCulture)).Kill();
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Dictionary<string, string> Environment(string dir, string marker) => new()
    {
        ["DBUS_SYSTEM_BUS_ADDRESS"] = $"unix:path={dir}/no-bus",
        ["TMPDIR"] = dir,
        ["XNM_TEST_RUN"] = marker,
    };
}
