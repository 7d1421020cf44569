using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Sms;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.Xsms;

/// <summary>xsms as a process against the simulated EM7345 on a real pseudo-terminal hosted by this test process.</summary>
[SupportedOSPlatform("linux")]
public sealed class XsmsTests : IAsyncDisposable
{
    private static readonly string Xsms = SimulatedXsms.Dll;
    private readonly SimulatedXsms _xsms = new(new SimulatedModemOptions { PinLocked = false });

    public XsmsTests()
    {
        _xsms.Modem.StoreMessage(SmsStatus.Unread, "+420775123456", "Ahoj\nOK\nbye", new DateTimeOffset(2016, 5, 10, 18, 38, 22, TimeSpan.FromHours(2)));
        _xsms.Modem.StoreMessage(SmsStatus.Sent, "+420775123457", "stored");
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string Device => _xsms.Device;

    public ValueTask DisposeAsync() => _xsms.DisposeAsync();

    private Task<SampleResult> RunAsync(params string[] arguments) => _xsms.RunAsync(null, arguments);

    [Fact]
    public async Task Count_run_twice_as_two_processes_prints_the_same_number_until_list_shows_the_message()
    {
        var first = await RunAsync("count");
        var second = await RunAsync("count");

        Assert.Equal((0, "1\n"), (first.ExitCode, first.StandardOutput));
        Assert.Equal((0, "1\n"), (second.ExitCode, second.StandardOutput));
        Assert.Equal(SmsStatus.Read, _xsms.Modem.StoredMessages[0].Status); // the SIM itself marked it read at the first count

        var listed = await RunAsync("list");
        var after = await RunAsync("count");

        Assert.StartsWith("#1 unread ", listed.StandardOutput, StringComparison.Ordinal);
        Assert.Equal((0, "0\n"), (after.ExitCode, after.StandardOutput));
        Assert.Single(Directory.GetFiles(Path.Combine(_xsms.State.Directory, "xsms"))); // in $XDG_STATE_HOME/xsms
    }

    [Fact]
    public async Task Read_marks_the_message_seen_for_count()
    {
        Assert.Equal("1\n", (await RunAsync("count")).StandardOutput);

        Assert.Equal(0, (await RunAsync("read", "1")).ExitCode);

        Assert.Equal("0\n", (await RunAsync("count")).StandardOutput);
    }

    [Fact]
    public async Task Count_prints_one_line_with_the_unread_count_for_a_status_bar()
    {
        var result = await RunAsync("count", "--unread-format", "SMS: {0}", "--read-format", "no SMS");

        Assert.Equal((0, "SMS: 1\n", ""), (result.ExitCode, result.StandardOutput, result.StandardError));
    }

    [Fact]
    public async Task List_json_is_the_contract_shape_with_zone_and_multi_line_text()
    {
        var result = await RunAsync("list", "--json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.StandardOutput);
        var first = document.RootElement[0];
        Assert.Equal(1, first.GetProperty("index").GetInt32());
        Assert.Equal("unread", first.GetProperty("status").GetString());
        Assert.Equal("+420775123456", first.GetProperty("address").GetString());
        Assert.Equal("2016-05-10T18:38:22+02:00", first.GetProperty("timestamp").GetString());
        Assert.Equal("Ahoj\nOK\nbye", first.GetProperty("text").GetString());
        Assert.Equal("sent", document.RootElement[1].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, document.RootElement[1].GetProperty("timestamp").ValueKind);
    }

    [Fact]
    public async Task Send_prints_the_reference_and_the_simulator_got_the_text()
    {
        var result = await RunAsync("send", "+420775123456", "hello from xsms", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches("""^\{"references":\[\d+\]\}\n$""", result.StandardOutput);
        Assert.Contains(("+420775123456", "hello from xsms"), _xsms.Modem.SentMessages);
    }

    private const string Czech = "Příliš žluťoučký kůň úpěl ďábelské ódy 🐴🎉 ";

    private static readonly string Long400 = string.Concat(Enumerable.Repeat(Czech, 10))[..400];

    [Fact]
    public async Task A_400_character_czech_and_emoji_message_is_sent_and_received_whole()
    {
        var sent = await RunAsync("send", "+420775123456", Long400);

        Assert.Equal(0, sent.ExitCode);
        var references = sent.StandardOutput.TrimEnd('\n').Split('\n');
        Assert.True(references.Length > 1);
        Assert.All(references, r => Assert.True(int.TryParse(r, CultureInfo.InvariantCulture, out _)));
        Assert.Contains(("+420775123456", Long400), _xsms.Modem.SentMessages);

        var first = _xsms.Modem.DeliverParts("+420775999999", Long400, [.. Enumerable.Range(1, references.Length).Reverse()]);
        var listed = await RunAsync("list", "--json");

        Assert.Equal(0, listed.ExitCode);
        using var document = JsonDocument.Parse(listed.StandardOutput);
        var message = document.RootElement.EnumerateArray().Single(m => m.GetProperty("address").GetString() == "+420775999999");
        Assert.Equal(Long400, message.GetProperty("text").GetString());
        Assert.Equal(first.Order(), message.GetProperty("parts").EnumerateArray().Select(p => p.GetInt32()).Order());
        Assert.False(message.TryGetProperty("missingParts", out _));
    }

    [Fact]
    public async Task List_json_names_the_parts_that_have_not_arrived()
    {
        _xsms.Modem.DeliverParts("+420775999999", Long400, [1, 3]);

        var listed = await RunAsync("list", "--json");

        using var document = JsonDocument.Parse(listed.StandardOutput);
        var message = document.RootElement.EnumerateArray().Single(m => m.GetProperty("address").GetString() == "+420775999999");
        var missing = message.GetProperty("missingParts").EnumerateArray().Select(p => p.GetInt32()).ToList();
        Assert.Equal(2, missing[0]);
        Assert.DoesNotContain(1, missing);
        Assert.DoesNotContain(3, missing);
        Assert.True(missing.Count >= 2);
        Assert.Equal(2, message.GetProperty("parts").GetArrayLength());
    }

    [Fact]
    public async Task A_locked_sim_refusing_the_send_before_the_prompt_exits_3_at_once()
    {
        await using var locked = new SimulatedModem(new SimulatedModemOptions { PinLocked = true });
        await using var terminal = locked.OpenPseudoTerminal();

        var result = await SampleProcess.RunAsync(Xsms, ["--device", terminal.Path, "send", "+420775123456", "x"], environment: _xsms.State.Environment, cancellationToken: Token);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("--pin", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_send_exits_1_with_the_cms_error_in_one_sentence()
    {
        _xsms.Modem.Faults.FailNextSend(330);

        var result = await RunAsync("send", "+420775123456", "x");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("+CMS ERROR: 330, SMSC address unknown", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Gps_prints_the_fix_as_json_and_stops_the_session()
    {
        var result = await RunAsync("gps", "--timeout", "30", "--json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(49.195407, document.RootElement.GetProperty("latitude").GetDouble(), 6);
        Assert.Equal("2016-10-21T21:33:31Z", document.RootElement.GetProperty("timeUtc").GetString());
        Assert.Equal(6, document.RootElement.GetProperty("satellites").GetInt32());
        Assert.False(_xsms.Modem.GpsSessionActive);
        Assert.Contains("AT+XLSRSTOP", _xsms.Modem.ReceivedCommands);
    }

    [Fact]
    public async Task Delete_removes_one_and_read_of_an_empty_slot_exits_1()
    {
        var deleted = await RunAsync("delete", "2");
        Assert.Equal((0, "deleted #2 sent +420775123457: stored\n"), (deleted.ExitCode, deleted.StandardOutput));
        Assert.Single(_xsms.Modem.StoredMessages);

        var read = await RunAsync("read", "2");
        Assert.Equal(1, read.ExitCode);
        Assert.Equal("xsms: There is no message at index 2.\n", read.StandardError);
    }

    [Fact]
    public async Task Info_json_tells_the_sim_state_and_retries()
    {
        var result = await RunAsync("info", "--json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("ready", document.RootElement.GetProperty("simState").GetString());
        Assert.Equal(3, document.RootElement.GetProperty("pinRetriesLeft").GetInt32());
        Assert.Equal("013937006598898", document.RootElement.GetProperty("imei").GetString());
    }

    [Fact]
    public async Task A_missing_device_exits_1_in_one_sentence()
    {
        var result = await SampleProcess.RunAsync(Xsms, ["--device", "/dev/nonexistent-modem", "count"], cancellationToken: Token);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Single(result.StandardError.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Usage_errors_exit_2_in_one_sentence()
    {
        foreach (var arguments in new[] { new[] { "count" }, ["--device", Device, "--simulate", "count"], ["--device", Device, "delete"], ["--device", Device, "frobnicate"] })
        {
            var result = await SampleProcess.RunAsync(Xsms, arguments, cancellationToken: Token);

            Assert.Equal(2, result.ExitCode);
            Assert.Single(result.StandardError.TrimEnd().Split('\n'));
        }
    }

    [Fact]
    public async Task Watch_json_prints_each_new_message_as_one_object_per_line()
    {
        var indicationsOn = IndicationsOn();
        using var process = StartWatch();
        try
        {
            // The message that arrived before watch started comes first (the SIM store holds one unread message).
            var waiting = await process.StandardOutput.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token);
            using (var before = JsonDocument.Parse(waiting!))
            {
                Assert.Equal("Ahoj\nOK\nbye", before.RootElement.GetProperty("text").GetString());
            }
            await indicationsOn.WaitAsync(TimeSpan.FromSeconds(30), Token);
            _xsms.Modem.DeliverMessage("+420775123999", "fresh", new DateTimeOffset(2026, 11, 25, 21, 0, 0, TimeSpan.FromMinutes(60)));

            var line = await process.StandardOutput.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token);

            using var document = JsonDocument.Parse(line!);
            Assert.Equal("fresh", document.RootElement.GetProperty("text").GetString());
            Assert.Equal("+420775123999", document.RootElement.GetProperty("address").GetString());
            Assert.Equal("2026-11-25T21:00:00+01:00", document.RootElement.GetProperty("timestamp").GetString());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Token);
        }
    }

    [Fact]
    public async Task Watch_exits_1_in_one_sentence_when_the_modem_vanishes()
    {
        var indicationsOn = IndicationsOn();
        using var process = StartWatch();
        var stderr = process.StandardError.ReadToEndAsync(Token);
        try
        {
            await indicationsOn.WaitAsync(TimeSpan.FromSeconds(30), Token);

            _xsms.Modem.Faults.Disconnect();

            await process.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
            Assert.Equal(1, process.ExitCode);
            Assert.StartsWith("xsms: ", await stderr, StringComparison.Ordinal);
            Assert.Single((await stderr).TrimEnd().Split('\n'));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Ctrl_c_stops_watch_with_exit_130_and_nothing_on_stderr()
    {
        var indicationsOn = IndicationsOn();
        using var process = StartWatch();
        var stderr = process.StandardError.ReadToEndAsync(Token);
        try
        {
            await indicationsOn.WaitAsync(TimeSpan.FromSeconds(30), Token);

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(Token);
            }

            await process.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
            Assert.Equal(130, process.ExitCode);
            Assert.Equal("", await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Theory]
    [InlineData("--pin", "12", "count", "4 to 8 digits")]
    [InlineData("send", "not-a-number", "x", "is not a phone number")]
    [InlineData("count", "--unread-format", "{1", "is not valid")]
    public async Task Values_the_modem_would_refuse_are_usage_errors_in_our_words_before_the_modem_is_opened(string a, string b, string c, string expected)
    {
        var result = await RunAsync(a, b, c);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.TrimEnd().Split('\n'));
        Assert.Empty(_xsms.Modem.ReceivedCommands);
    }

    public static TheoryData<string[], int, string> Mistakes => new()
    {
        { ["--device", "/dev/nonexistent", "count"], 1, "/dev/nonexistent does not exist" },
        { ["--device", "/etc/passwd", "count"], 1, "/etc/passwd is not a serial device" },
        { ["--device", "/tmp", "count"], 1, "/tmp is a folder, not a serial device" },
        { ["--device", "/dev/null", "count"], 1, "/dev/null is not a serial device" },
        { ["--simulate", "read", "99999999999"], 2, "INDEX is a message's place on the SIM, a whole number from 0 to 2147483647, not '99999999999'" },
        { ["--simulate", "read", "abc"], 2, "not 'abc'" },
        { ["--simulate", "delete", "-1"], 2, "not '-1'" },
        { ["--simulate", "read", "5"], 1, "There is no message at index 5." },
        { ["--simulate", "delete", "7"], 1, "There is no message at index 7; nothing was deleted." },
        { ["--simulate", "cuont"], 2, "'cuont' is not a command of xsms (commands: count," },
        { ["--simulate", "count", "--jsn"], 2, "'--jsn' is not an option of xsms count" },
        { ["--simulate", "read", "1", "2"], 2, "'2' is not an argument of xsms read" },
        { ["--simulate"], 2, "Give a command: count," },
        { ["--simulate", "--timeout", "abc", "count"], 2, "--timeout takes a number of seconds, not 'abc'" },
        { ["--simulate", "--timeout", "0", "count"], 2, "--timeout takes 1 to 3600 seconds" },
        { ["--simulate", "--pin", "12ab", "count"], 2, "--pin takes the SIM PIN, 4 to 8 digits" },
        { ["count"], 2, "Give either --device PATH or --simulate" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task A_mistake_gets_its_documented_exit_code_and_one_sentence_in_words(string[] arguments, int exitCode, string expected)
    {
        var result = await SampleProcess.RunAsync(Xsms, arguments, environment: _xsms.State.Environment, cancellationToken: Token);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        var line = Assert.Single(result.StandardError.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("xsms: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command was not provided", line, StringComparison.Ordinal);
        if (exitCode == 1 && arguments[0] == "--device")
        {
            Assert.DoesNotContain("ModemManager", line, StringComparison.Ordinal); // kept for a port that is really busy
        }
    }

    [Fact]
    public async Task Watch_ends_with_0_when_its_reader_goes_away()
    {
        using var process = new Process { StartInfo = SampleProcess.Start(Xsms, ["--simulate", "watch"], _xsms.State.Environment) };
        process.Start();
        var stderr = process.StandardError.ReadToEndAsync(Token);
        try
        {
            var first = await process.StandardOutput.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token);
            Assert.StartsWith("#1 unread", first, StringComparison.Ordinal);

            process.StandardOutput.Close(); // as `| head -1` does after one line

            await process.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Equal("", await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Completes once xsms has turned on new-message indications (TS 27.005 3.4.1 AT+CNMI): only then is a message announced.</summary>
    private Task IndicationsOn()
    {
        var indicationsOn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _xsms.Modem.CommandHandled += (_, command) =>
        {
            if (command.StartsWith("AT+CNMI=2,1,", StringComparison.Ordinal)) // with or without delivery reports
            {
                indicationsOn.TrySetResult();
            }
        };
        return indicationsOn.Task;
    }

    private Process StartWatch()
    {
        var process = new Process { StartInfo = SampleProcess.Start(Xsms, ["--device", Device, "watch", "--json"], _xsms.State.Environment) };
        process.Start();
        return process;
    }

    [Fact]
    public async Task Reset_power_cycles_the_radio_and_reset_reboot_reboots_the_modem()
    {
        var radio = await RunAsync("reset");
        var reboot = await RunAsync("reset", "--reboot");

        Assert.Equal((0, "radio restarted\n"), (radio.ExitCode, radio.StandardOutput));
        Assert.Equal(0, reboot.ExitCode);
        Assert.Equal(["AT+CFUN=4", "AT+CFUN=1", "AT+CFUN=16"], _xsms.Modem.ReceivedCommands.Where(c => c.StartsWith("AT+CFUN", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Help_fits_a_screen_and_exits_0()
    {
        var result = await SampleProcess.RunAsync(Xsms, ["--help"], cancellationToken: Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("count", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(result.StandardOutput.Split('\n').Length < 40);
    }
}

/// <summary>The SIM-lock exit codes need a SIM of their own.</summary>
[SupportedOSPlatform("linux")]
public sealed class XsmsLockedSimTests : IDisposable
{
    private static readonly string Xsms = Repository.SampleDll("Xsms", "xsms");
    private readonly XsmsState _state = new();

    public void Dispose() => _state.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_wrong_pin_exits_3_and_the_next_run_does_not_try_it_again()
    {
        await using var modem = new SimulatedModem(new SimulatedModemOptions { PinLocked = true });
        await using var terminal = modem.OpenPseudoTerminal();

        var first = await SampleProcess.RunAsync(Xsms, ["--device", terminal.Path, "--pin", "0000", "count"], environment: _state.Environment, cancellationToken: Token);
        var second = await SampleProcess.RunAsync(Xsms, ["--device", terminal.Path, "--pin", "0000", "count"], environment: _state.Environment, cancellationToken: Token);

        Assert.Equal((3, 3), (first.ExitCode, second.ExitCode));
        Assert.Contains("refused the PIN", first.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, modem.PinAttemptsLeft);
        Assert.Single(modem.ReceivedCommands, c => c.StartsWith("AT+CPIN=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_right_pin_unlocks_and_counts()
    {
        await using var modem = new SimulatedModem(new SimulatedModemOptions { PinLocked = true });
        await using var terminal = modem.OpenPseudoTerminal();

        var result = await SampleProcess.RunAsync(Xsms, ["--device", terminal.Path, "--pin", "1234", "count"], environment: _state.Environment, cancellationToken: Token);

        Assert.Equal((0, "0\n"), (result.ExitCode, result.StandardOutput));
    }
}

/// <summary>A private $XDG_STATE_HOME for one test class, so that xsms never writes into the home of whoever runs the tests.</summary>
internal sealed class XsmsState : IDisposable
{
    public XsmsState()
    {
        Directory = Path.Combine(Path.GetTempPath(), "xsms-state-" + Guid.NewGuid().ToString("N"));
        Environment = new Dictionary<string, string> { ["XDG_STATE_HOME"] = Directory };
    }

    public string Directory { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
