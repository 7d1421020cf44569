using System.Diagnostics;
using System.Text.Json;
using Drivers.NetworkManager.Simulation;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.Xnm;

/// <summary>xnm as a process against the simulated NetworkManager hosted by the test on a private bus.</summary>
public sealed class XnmSimulatorTests(XnmBus bus) : IClassFixture<XnmBus>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<SimulatedNetworkManager> StartSimulatorAsync()
    {
        var simulator = await SimulatedNetworkManager.StartAsync(bus.Address, cancellationToken: Token);
        simulator.AddSampleNetworks();
        return simulator;
    }

    private static void AssertOneSentence(SampleResult result)
    {
        Assert.Single(result.StandardError.TrimEnd().Split('\n'));
        Assert.StartsWith("xnm: ", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Devices_as_json_list_interface_type_and_state()
    {
        await using var simulator = await StartSimulatorAsync();

        var result = await bus.RunAsync("devices", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var devices = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(["wlan0", "cdc-wdm0", "eth0"], devices.Select(d => d.GetProperty("interface").GetString()));
        Assert.Equal(["wifi", "modem", "ethernet"], devices.Select(d => d.GetProperty("type").GetString()));
        Assert.All(devices, d => Assert.Equal("disconnected", d.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Wifi_list_as_json_has_the_contract_fields()
    {
        await using var simulator = await StartSimulatorAsync();
        simulator.AddWifiProfile("CafeOpen", null);

        var result = await bus.RunAsync("wifi", "list", "--ifname", "wlan0", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var home = json.RootElement.EnumerateArray().Single(a => a.GetProperty("ssid").GetString() == "HomeWPA2");
        Assert.Equal("00:11:22:33:44:02", home.GetProperty("bssid").GetString());
        Assert.Equal(67, home.GetProperty("strength").GetInt32());
        Assert.Equal(5180, home.GetProperty("frequency").GetInt32());
        Assert.Equal("WPA2", home.GetProperty("security").GetString());
        Assert.False(home.GetProperty("saved").GetBoolean());
        Assert.False(home.GetProperty("active").GetBoolean());
        var cafe = json.RootElement.EnumerateArray().Single(a => a.GetProperty("ssid").GetString() == "CafeOpen");
        Assert.Equal("open", cafe.GetProperty("security").GetString());
        Assert.True(cafe.GetProperty("saved").GetBoolean());
    }

    [Fact]
    public async Task Wifi_list_as_text_marks_the_active_network()
    {
        await using var simulator = await StartSimulatorAsync();
        Assert.Equal(0, (await bus.RunAsync("wifi", "connect", "CafeOpen")).ExitCode);

        var result = await bus.RunAsync("wifi", "list", "--rescan");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"(?m)^\*\s+CafeOpen\s", result.StandardOutput);
    }

    [Fact]
    public async Task A_wrong_password_exits_3_with_one_sentence_and_no_password_in_it()
    {
        await using var simulator = await StartSimulatorAsync();

        var result = await bus.RunAsync("wifi", "connect", "HomeWPA2", "--password", "wrong horse");

        Assert.Equal(3, result.ExitCode);
        AssertOneSentence(result);
        Assert.DoesNotContain("wrong horse", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_password_exits_3()
    {
        await using var simulator = await StartSimulatorAsync();

        var result = await bus.RunAsync("wifi", "connect", "HomeWPA2");

        Assert.Equal(3, result.ExitCode);
        AssertOneSentence(result);
    }

    [Fact]
    public async Task Ask_reads_the_password_from_standard_input_and_connects()
    {
        await using var simulator = await StartSimulatorAsync();

        var result = await bus.RunWithInputAsync("correct horse\n", "wifi", "connect", "HomeWPA2", "--ask");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Connected to 'HomeWPA2'", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hidden_network_joins_with_hidden()
    {
        await using var simulator = await StartSimulatorAsync();

        Assert.Equal(4, (await bus.RunAsync("wifi", "connect", "Attic", "--password", "hidden attic")).ExitCode);
        var result = await bus.RunAsync("wifi", "connect", "Attic", "--password", "hidden attic", "--hidden");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task An_unknown_ssid_or_device_exits_4()
    {
        await using var simulator = await StartSimulatorAsync();

        var ssid = await bus.RunAsync("wifi", "connect", "Nowhere", "--password", "12345678");
        var device = await bus.RunAsync("disconnect", "wlan9");

        Assert.Equal(4, ssid.ExitCode);
        AssertOneSentence(ssid);
        Assert.Equal(4, device.ExitCode);
        AssertOneSentence(device);
    }

    [Fact]
    public async Task Disconnect_works_once_and_then_is_a_NetworkManager_error()
    {
        await using var simulator = await StartSimulatorAsync();
        Assert.Equal(0, (await bus.RunAsync("wifi", "connect", "CafeOpen")).ExitCode);

        Assert.Equal(0, (await bus.RunAsync("disconnect", "wlan0")).ExitCode);
        var again = await bus.RunAsync("disconnect", "wlan0");

        Assert.Equal(1, again.ExitCode);
        AssertOneSentence(again);
        Assert.Contains("org.freedesktop.NetworkManager.Device.NotActive", again.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Radios_are_shown_and_switched()
    {
        await using var simulator = await StartSimulatorAsync();

        Assert.Equal("on", (await bus.RunAsync("radio", "wifi")).StandardOutput.Trim());
        Assert.Equal("off", (await bus.RunAsync("radio", "wifi", "off")).StandardOutput.Trim());
        var json = await bus.RunAsync("radio", "wwan", "--json");

        Assert.Equal("""{"wifi":false,"wifiHardware":true,"wwan":true,"wwanHardware":true}""", json.StandardOutput.Trim());
    }

    [Fact]
    public async Task The_modem_connects_and_disconnects()
    {
        await using var simulator = await StartSimulatorAsync();

        var up = await bus.RunAsync("modem", "connect");
        var devices = await bus.RunAsync("devices");
        var down = await bus.RunAsync("modem", "disconnect", "--ifname", "cdc-wdm0");

        Assert.Equal(0, up.ExitCode);
        Assert.Matches(@"(?m)^cdc-wdm0\s+modem\s+activated\s+Mobile broadband", devices.StandardOutput);
        Assert.Equal(0, down.ExitCode);
    }

    [Fact]
    public async Task The_system_bus_address_comes_from_DBUS_SYSTEM_BUS_ADDRESS()
    {
        await using var simulator = await StartSimulatorAsync();

        var result = await SampleProcess.RunAsync(XnmBus.Xnm, ["devices"],
            environment: new Dictionary<string, string> { ["DBUS_SYSTEM_BUS_ADDRESS"] = bus.Address }, cancellationToken: Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("wlan0", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_runs_against_a_built_in_simulator_on_its_own_bus()
    {
        var result = await SampleProcess.RunAsync(XnmBus.Xnm, ["--simulate", "wifi", "list", "--json"], cancellationToken: Token);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Contains(json.RootElement.EnumerateArray(), a => a.GetProperty("ssid").GetString() == "HomeWPA2");
    }

    [Fact]
    public async Task No_NetworkManager_on_the_bus_exits_1()
    {
        var result = await bus.RunAsync("devices");

        Assert.Equal(1, result.ExitCode);
        AssertOneSentence(result);
        Assert.Contains("not running", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_errors_exit_2_in_one_sentence()
    {
        var unknown = await bus.RunAsync("frobnicate");
        var radio = await bus.RunAsync("radio", "bluetooth");
        var both = await bus.RunAsync("wifi", "connect", "X", "--password", "12345678", "--ask");
        var menu = await bus.RunAsync();

        foreach (var result in new[] { unknown, radio, both, menu })
        {
            Assert.Equal(2, result.ExitCode);
            AssertOneSentence(result);
        }
    }

    [Fact]
    public async Task Monitor_prints_one_json_object_per_change()
    {
        await using var simulator = await StartSimulatorAsync();
        // The monitor subscribes to NetworkManager's signals after it starts; a change is made once it has.
        using var subscription = await MatchRuleWatch.StartAsync(bus.Address, "/org/freedesktop/NetworkManager", Token);
        using var process = Process.Start(SampleProcess.Start(XnmBus.Xnm, ["--bus", bus.Address, "monitor", "--json"]))!;
        try
        {
            await subscription.AddedAsync(Token);
            simulator.AddAccessPoint("wlan0", new SimulatedAccessPoint { Ssid = "Pop-up", Bssid = "00:11:22:33:55:01" });
            var line = await process.StandardOutput.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(60), Token);

            using var json = JsonDocument.Parse(line!);
            Assert.Equal("access-point-added", json.RootElement.GetProperty("event").GetString());
            Assert.StartsWith("/org/freedesktop/NetworkManager/AccessPoint/", json.RootElement.GetProperty("accessPoint").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Token);
        }
    }

    [Fact]
    public async Task Status_prints_disconnected_and_the_modem_state_when_nothing_is_up()
    {
        await using var simulator = await StartSimulatorAsync();

        var result = await bus.RunAsync("status");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("disconnected, modem disconnected\n", result.StandardOutput);
    }

    [Fact]
    public async Task Status_prints_the_ssid_and_its_strength_once_wifi_is_up()
    {
        await using var simulator = await StartSimulatorAsync();
        Assert.Equal(0, (await bus.RunAsync("wifi", "connect", "HomeWPA2", "--password", "correct horse")).ExitCode);

        var line = await bus.RunAsync("status");
        var custom = await bus.RunAsync("status", "--format", "{type} {device} {state} [{strength}%]");

        Assert.Equal("HomeWPA2 67%, modem disconnected\n", line.StandardOutput);
        Assert.Equal("wifi wlan0 connected-global 67%\n", custom.StandardOutput);
    }

    [Fact]
    public async Task Status_leaves_out_a_part_whose_placeholder_is_empty()
    {
        await using var simulator = await StartSimulatorAsync();
        Assert.Equal(0, (await bus.RunAsync("modem", "connect")).ExitCode);

        var result = await bus.RunAsync("status", "--format", "{name}[ {strength}%] ({type}, modem {modem})");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Mobile broadband (modem, modem activated)\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_status_format_with_an_unknown_placeholder_exits_2_in_one_sentence()
    {
        var result = await bus.RunAsync("status", "--format", "{ssid}");

        Assert.Equal(2, result.ExitCode);
        AssertOneSentence(result);
        Assert.Contains("{ssid} is not a placeholder", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_ends_the_monitor_with_exit_code_130_in_one_sentence()
    {
        await using var simulator = await StartSimulatorAsync();
        using var subscription = await MatchRuleWatch.StartAsync(bus.Address, "/org/freedesktop/NetworkManager", Token);
        using var process = Process.Start(SampleProcess.Start(XnmBus.Xnm, ["--bus", bus.Address, "monitor"]))!;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(Token);
            await subscription.AddedAsync(Token);

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(Token);
            }
            await process.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(60), Token);

            Assert.Equal(130, process.ExitCode);
            Assert.Equal("xnm: interrupted.\n", await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
