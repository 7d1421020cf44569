using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text.Json;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.Xsms;

/// <summary>
/// Debian's real gpsd (3.22, from test.sh's package list) reads <c>xsms --simulate gps --follow --nmea-server</c>: every
/// position it reports, the first one included, has a time and is one xsms printed, north-east and south-west, same
/// latitude, longitude, altitude and time.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class GpsdEndToEndTests
{
    private const string Gpsd = "/usr/sbin/gpsd";

    private static readonly string Xsms = Repository.SampleDll("Xsms", "xsms");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gpsd_reports_the_simulators_fixes_north_east_and_south_west_as_xsms_printed_them()
    {
        Assert.True(File.Exists(Gpsd), $"{Gpsd} is missing: install Debian's gpsd (test.sh does).");
        var folder = Directory.CreateTempSubdirectory("gpsd-e2e-");
        using var xsms = new Process { StartInfo = SampleProcess.Start(Xsms, ["--simulate", "gps", "--follow", "--json", "--nmea-server", "0"]) };
        using var gpsd = new Process();
        try
        {
            xsms.Start();
            var xsmsErrors = xsms.StandardError.ReadToEndAsync(Token);
            using var serving = JsonDocument.Parse((await ReadLineAsync(xsms.StandardOutput))!);
            var server = serving.RootElement.GetProperty("nmeaServer").GetString();
            var printed = new Dictionary<DateTimeOffset, JsonElement>();
            var printing = ReadFixesAsync(xsms.StandardOutput, printed);

            var port = FreePort();
            gpsd.StartInfo = new ProcessStartInfo(Gpsd)
            {
                // Foreground (-N), reading the source before any client asks (-n), at debug level 3 for its "listening" line.
                ArgumentList = { "-N", "-n", "-D", "3", "-S", port.ToString(CultureInfo.InvariantCulture), "-F", Path.Combine(folder.FullName, "gpsd.sock"), $"tcp://{server}" },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            gpsd.ErrorDataReceived += (_, e) =>
            {
                if (e.Data?.Contains("listening on port", StringComparison.Ordinal) == true)
                {
                    listening.TrySetResult();
                }
            };
            gpsd.Start();
            gpsd.BeginErrorReadLine();
            gpsd.BeginOutputReadLine();
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);

            // gpsd's JSON protocol (gpsd_json(5)): ?WATCH turns on reports, one object per line; TPV holds a position.
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, Token);
            using var reader = new StreamReader(client.GetStream());
            await client.GetStream().WriteAsync("?WATCH={\"enable\":true,\"json\":true};\n"u8.ToArray(), Token);
            var matched = new List<(double Latitude, double Longitude)>();
            while (!(matched.Any(m => m.Latitude > 0 && m.Longitude > 0) && matched.Any(m => m.Latitude < 0 && m.Longitude < 0)))
            {
                var line = (await ReadLineAsync(reader))!;
                using var report = JsonDocument.Parse(line);
                var tpv = report.RootElement;
                if (tpv.GetProperty("class").GetString() != "TPV" || !tpv.TryGetProperty("lat", out var latitude))
                {
                    continue;
                }
                // Every position, the first one too, carries its time: gpsd takes a GGA's time only once a ZDA or an
                // RMC has given the date (gpsd's driver_nmea0183.c, processGGA), so each epoch starts with ZDA.
                Assert.True(tpv.TryGetProperty("time", out var reported), $"gpsd reported a position with no time: {line}");
                var time = DateTimeOffset.Parse(reported.GetString()!, CultureInfo.InvariantCulture);
                var fix = await PrintedAsync(printed, time, printing);
                Assert.Equal(fix.GetProperty("latitude").GetDouble(), latitude.GetDouble(), 6);
                Assert.Equal(fix.GetProperty("longitude").GetDouble(), tpv.GetProperty("lon").GetDouble(), 6);
                // GGA carries the altitude above mean sea level in tenths of a meter (gpsd: altMSL).
                Assert.True(tpv.TryGetProperty("altMSL", out var altitude), $"gpsd reported a position with no altitude: {line}");
                Assert.Equal(fix.GetProperty("altitude").GetDouble(), altitude.GetDouble(), 0.05);
                matched.Add((latitude.GetDouble(), tpv.GetProperty("lon").GetDouble()));
            }

            using (var term = Process.Start("kill", ["-TERM", xsms.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(Token);
            }
            await xsms.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
            Assert.Equal(0, xsms.ExitCode);
            Assert.Equal("", await xsmsErrors);
        }
        finally
        {
            // By PID, even when an assertion failed: neither gpsd nor xsms outlives the test.
            foreach (var process in new[] { gpsd, xsms })
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                        await process.WaitForExitAsync(Token);
                    }
                }
                catch (InvalidOperationException)
                {
                    // Never started.
                }
            }
            folder.Delete(recursive: true);
        }
    }

    private static async Task ReadFixesAsync(StreamReader output, Dictionary<DateTimeOffset, JsonElement> printed)
    {
        while (await output.ReadLineAsync(Token) is { } line)
        {
            var fix = JsonDocument.Parse(line).RootElement.Clone();
            var time = DateTimeOffset.Parse(fix.GetProperty("timeUtc").GetString()!, CultureInfo.InvariantCulture);
            lock (printed)
            {
                printed[time] = fix;
                Monitor.PulseAll(printed);
            }
        }
    }

    // The fix xsms printed with this time; gpsd may report it before the test has read xsms's line.
    private static async Task<JsonElement> PrintedAsync(Dictionary<DateTimeOffset, JsonElement> printed, DateTimeOffset time, Task printing)
    {
        return await Task.Run(() =>
        {
            lock (printed)
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (!printed.ContainsKey(time))
                {
                    Assert.False(printing.IsCompleted, $"xsms ended without printing the fix gpsd reported at {time:O}.");
                    Assert.True(Monitor.Wait(printed, deadline - DateTime.UtcNow), $"gpsd reported a fix at {time:O} that xsms never printed.");
                }
                return printed[time];
            }
        }, Token).WaitAsync(TimeSpan.FromSeconds(60), Token);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static Task<string?> ReadLineAsync(StreamReader reader) =>
        reader.ReadLineAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token);
}
