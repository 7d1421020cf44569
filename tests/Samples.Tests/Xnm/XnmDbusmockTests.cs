using System.Text.Json;
using Drivers.NetworkManager.Tests.Infrastructure;

namespace Samples.Tests.Xnm;

/// <summary>xnm as a process against python-dbusmock's NetworkManager: listing, connect, disconnect, radios.</summary>
public sealed class XnmDbusmockTests(XnmBus bus) : IClassFixture<XnmBus>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Devices_and_access_points_are_listed()
    {
        await using var mock = await DbusmockNetworkManager.StartAsync(bus.Address, Token);

        var devices = await bus.RunAsync("devices", "--json");
        var aps = await bus.RunAsync("wifi", "list", "--json");

        Assert.Equal(0, devices.ExitCode);
        using var deviceJson = JsonDocument.Parse(devices.StandardOutput);
        Assert.Equal(["cdc-wdm0", "wlan0"], deviceJson.RootElement.EnumerateArray().Select(d => d.GetProperty("interface").GetString()).Order());
        Assert.Equal(0, aps.ExitCode);
        using var apJson = JsonDocument.Parse(aps.StandardOutput);
        Assert.Equal(["CafeOpen", "HomeWPA2"], apJson.RootElement.EnumerateArray().Select(a => a.GetProperty("ssid").GetString()));
    }

    [Fact]
    public async Task Connect_then_disconnect()
    {
        await using var mock = await DbusmockNetworkManager.StartAsync(bus.Address, Token);

        var connect = await bus.RunAsync("wifi", "connect", "HomeWPA2", "--password", "correct horse");
        var listed = await bus.RunAsync("wifi", "list");
        var disconnect = await bus.RunAsync("disconnect", "wlan0");

        Assert.Equal(0, connect.ExitCode);
        Assert.Matches(@"(?m)^\*\s+HomeWPA2\s", listed.StandardOutput);
        Assert.Equal(0, disconnect.ExitCode);
    }

    [Fact]
    public async Task Radios_are_switched()
    {
        await using var mock = await DbusmockNetworkManager.StartAsync(bus.Address, Token);

        Assert.Equal("off", (await bus.RunAsync("radio", "wwan")).StandardOutput.Trim());
        Assert.Equal("on", (await bus.RunAsync("radio", "wwan", "on")).StandardOutput.Trim());
        Assert.Equal("off", (await bus.RunAsync("radio", "wifi", "off")).StandardOutput.Trim());
    }
}
