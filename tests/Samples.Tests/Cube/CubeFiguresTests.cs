using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Samples.Tests.ShutterWeb;

namespace Samples.Tests.Cube;

/// <summary>
/// The figures in samples/Cube/README.md: a 1,000 Hz replay streamed to one page, beside the same replay with no page
/// and an idle ASP.NET process (shutter-web, doing nothing), all three running at once so that they share the same
/// load. Latency is measured by the page itself (window.cube.latencies); CPU from /proc/PID/stat; memory from
/// /proc/PID/status and the managed heap after a full collection. <c>CUBE_FIGURES_SECONDS</c> sets the length
/// (default 30 s); <c>CUBE_SCREENSHOT=FILE.png</c> saves the page at the end.
/// </summary>
public sealed class CubeFiguresTests(ITestOutputHelper output)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_1000_Hz_replay_reaches_the_page_within_milliseconds_with_little_cpu_and_flat_memory()
    {
        var seconds = int.Parse(Environment.GetEnvironmentVariable("CUBE_FIGURES_SECONDS") ?? "30", CultureInfo.InvariantCulture);
        using var folder = new TempFolder();
        var path = folder.Save(TestRecordings.Demo1000Hz, "demo-1000hz.ds4rec");

        await using var withPage = await CubeServer.StartAsync(["--replay", path], cancellationToken: Token);
        await using var withoutPage = await CubeServer.StartAsync(["--replay", path], cancellationToken: Token);
        await using var idle = await ShutterWebServer.StartAsync(cancellationToken: Token);
        await using var browser = await CubeBrowser.LaunchAsync();
        var page = await browser.OpenAsync(withPage);
        // Warm-up: the clocks matched and a few hundred frames drawn (a second or two on a quiet machine).
        await page.WaitForFunctionAsync("() => window.cube.clockOffset !== null && window.cube.frames > 300", null, new PageWaitForFunctionOptions { Timeout = 120_000 });
        await page.EvaluateAsync("() => window.cube.latencies.splice(0)"); // warm-up over: start counting

        var managedBefore = (await withPage.DiagnosticsAsync(cancellationToken: Token)).GetProperty("managedBytes").GetInt64();
        var framesBefore = await page.EvaluateAsync<long>("() => window.cube.frames");
        var cpuBefore = new[] { Cpu(withPage.Process.Id), Cpu(withoutPage.Process.Id), Cpu(idle.Process.Id) };
        var rss = new List<long> { Rss(withPage.Process.Id) };
        var latencies = new List<double>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(5));
        while (started.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            await tick.WaitForNextTickAsync(Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token);
            latencies.AddRange(await page.EvaluateAsync<double[]>("() => window.cube.latencies.splice(0)"));
            rss.Add(Rss(withPage.Process.Id));
        }
        var elapsed = started.Elapsed.TotalSeconds;
        var cpuAfter = new[] { Cpu(withPage.Process.Id), Cpu(withoutPage.Process.Id), Cpu(idle.Process.Id) };
        var framesPerSecond = (await page.EvaluateAsync<long>("() => window.cube.frames") - framesBefore) / elapsed;
        if (Environment.GetEnvironmentVariable("CUBE_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            // The panel's latency is of the frames since the last count was taken: wait for a thousand and the next
            // status (which refreshes the panel), before the diagnostics' full collection holds up a few frames.
            await page.WaitForFunctionAsync("() => window.cube.latencies.length >= 1000", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
            await page.EvaluateAsync("() => window.shotAfter = window.cube.status");
            await page.WaitForFunctionAsync("() => window.cube.status !== window.shotAfter", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot });
        }
        var diagnostics = await withPage.DiagnosticsAsync(cancellationToken: Token);
        var managedAfter = diagnostics.GetProperty("managedBytes").GetInt64();
        var status = await page.EvaluateAsync<JsonElement>("() => window.cube.status");
        var roundTrip = await page.EvaluateAsync<double>("() => window.cube.clockRoundTrip");


        latencies.Sort();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))];
        double Percent(int i) => (cpuAfter[i] - cpuBefore[i]) / 100.0 / elapsed * 100; // clock ticks are 1/100 s (USER_HZ)
        output.WriteLine($"{elapsed:0} s; report rate {status.GetProperty("reportRate").GetDouble():0} /s; page received {framesPerSecond:0} frames/s ({diagnostics.GetProperty("skippedFrames").GetInt64()} coalesced)");
        output.WriteLine($"latency report-in to page: median {Percentile(0.5):0.00} ms, p99 {Percentile(0.99):0.00} ms, max {latencies[^1]:0.00} ms over {latencies.Count} frames (clocks matched to ±{roundTrip / 2:0.00} ms)");
        output.WriteLine($"CPU of one core: with page {Percent(0):0.0}%, same replay without page {Percent(1):0.0}%, idle ASP.NET (shutter-web) {Percent(2):0.0}%");
        output.WriteLine($"memory: RSS {rss[0] / 1024} KiB -> {rss[^1] / 1024} KiB (min {rss.Min() / 1024}, max {rss.Max() / 1024}); managed heap after full GC {managedBefore / 1024} KiB -> {managedAfter / 1024} KiB");
        output.WriteLine($"RSS every 5 s (KiB): {string.Join(' ', rss.Select(r => r / 1024))}");

        // Loose bounds, so that the test holds on a machine loaded with other tests; the README has the figures.
        Assert.True(latencies.Count > seconds * 10, $"Only {latencies.Count} frames were measured.");
        Assert.True(Percentile(0.5) < 250, $"Median latency {Percentile(0.5):0.00} ms");
        Assert.True(managedAfter - managedBefore < 8 * 1024 * 1024, $"The managed heap grew from {managedBefore} to {managedAfter} bytes.");
        Assert.Empty(browser.Errors);
    }

    /// <summary>User plus system time of a process, in clock ticks (proc(5), /proc/PID/stat fields 14 and 15).</summary>
    private static long Cpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // the name may hold spaces; field 3 follows ") "
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>Resident set size in bytes (proc(5), VmRSS in /proc/PID/status).</summary>
    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
