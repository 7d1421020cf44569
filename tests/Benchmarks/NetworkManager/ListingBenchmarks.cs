using BenchmarkDotNet.Attributes;
using Drivers.NetworkManager.Simulation;
using Drivers.NetworkManager.Wifi;

namespace Benchmarks.NetworkManager;

/// <summary>
/// Listing over a real dbus-daemon: devices, and 50 access points with all their properties (plus the saved
/// profiles that give the "saved" mark), against the simulated NetworkManager in the same process. Target: under 10 ms warm.
/// </summary>
[MemoryDiagnoser]
public class ListingBenchmarks
{
    private PrivateBus? _bus;
    private SimulatedNetworkManager? _simulator;
    private global::Drivers.NetworkManager.NetworkManagerClient? _client;

    [GlobalSetup]
    public void Setup()
    {
        _bus = PrivateBus.StartAsync().GetAwaiter().GetResult();
        _simulator = SimulatedNetworkManager.StartAsync(_bus.Address).GetAwaiter().GetResult();
        _simulator.AddWifiDevice("wlan0");
        _simulator.AddModem("cdc-wdm0");
        _simulator.AddEthernetDevice("eth0");
        for (var i = 0; i < 50; i++)
        {
            _simulator.AddAccessPoint("wlan0", new SimulatedAccessPoint
            {
                Ssid = $"Network {i}",
                Bssid = $"00:11:22:33:{i / 256:x2}:{i % 256:x2}",
                StrengthPercent = (byte)(i * 2),
                FrequencyMhz = i % 2 == 0 ? 2412u : 5180u,
                Security = (i % 4) switch { 0 => WifiSecurity.Open, 1 => WifiSecurity.Wpa2, 2 => WifiSecurity.Wpa2 | WifiSecurity.Wpa3, _ => WifiSecurity.Wpa3 },
                Password = "password",
            });
        }
        for (var i = 0; i < 5; i++)
        {
            _simulator.AddWifiProfile($"Network {i}", "password");
        }
        _client = global::Drivers.NetworkManager.NetworkManagerClient.OpenAsync(_bus.Address).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _simulator?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _bus?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<int> ListDevices() => (await _client!.GetDevicesAsync()).Count;

    [Benchmark]
    public async Task<int> ListFiftyAccessPoints() => (await _client!.GetAccessPointsAsync()).Count;
}
