using System.Globalization;
using Microsoft.Playwright;

namespace Samples.Tests.ShutterWeb;

/// <summary>The page's ramp, start time and preview in a real headless Chromium (Debian's, installed by test.sh).</summary>
public sealed class ShutterWebRampPageTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The page, with every request that leaves the server and every script error collected.</summary>
    private sealed class Browser : IAsyncDisposable
    {
        private readonly IPlaywright _playwright;
        private readonly IBrowser _browser;

        private Browser(IPlaywright playwright, IBrowser browser, IPage page)
        {
            _playwright = playwright;
            _browser = browser;
            Page = page;
        }

        public IPage Page { get; }

        public List<string> Outside { get; } = [];

        public List<string> Errors { get; } = [];

        public static async Task<Browser> OpenAsync(ShutterWebServer server)
        {
            Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (test.sh does).");
            var playwright = await Playwright.CreateAsync();
            var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            var page = await chromium.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
            var browser = new Browser(playwright, chromium, page);
            page.Request += (_, request) =>
            {
                if (!request.Url.StartsWith(server.Address.ToString(), StringComparison.Ordinal))
                {
                    browser.Outside.Add(request.Url);
                }
            };
            page.PageError += (_, error) => browser.Errors.Add(error);
            page.Console += (_, message) =>
            {
                // A 400 answer is logged by Chromium as "Failed to load resource"; the page handles it, so it is not a script error.
                if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                {
                    browser.Errors.Add(message.Text);
                }
            };
            await page.GotoAsync(server.Address.ToString());
            await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("idle");
            return browser;
        }

        public async ValueTask DisposeAsync()
        {
            await _browser.DisposeAsync();
            _playwright.Dispose();
        }
    }

    [Fact]
    public async Task On_the_page_a_ramp_is_previewed_and_each_frames_exposure_appears_live()
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        await using var browser = await Browser.OpenAsync(server);
        var page = browser.Page;

        await page.FillAsync("#interval", "1");
        await page.ClickAsync("#ramp summary");
        await page.FillAsync("#ramp-start", "0.05");
        await page.FillAsync("#ramp-end", "0.2");
        // A long ramp is summarised: a line, the chart, the first and last five rows of a page, and the next page on demand.
        await page.FillAsync("#count", "5000");
        await page.FillAsync("#ramp-frames", "5000");
        await page.ClickAsync("#preview");
        await Assertions.Expect(page.Locator("#preview-summary")).ToContainTextAsync("Frames 1 to 1000 of 5000");
        await Assertions.Expect(page.Locator("#preview-table tbody tr")).ToHaveCountAsync(11);
        await page.ClickAsync("#preview-more");
        await Assertions.Expect(page.Locator("#preview-summary")).ToContainTextAsync("Frames 1001 to 2000 of 5000");

        await page.FillAsync("#count", "3");
        await page.FillAsync("#ramp-frames", "3");
        await page.ClickAsync("#preview");
        await Assertions.Expect(page.Locator("#preview-summary")).ToContainTextAsync("Frames 1 to 3 of 3");
        await Assertions.Expect(page.Locator("#preview-summary")).ToContainTextAsync("exposure 0.050 s to 0.200 s");
        await Assertions.Expect(page.Locator("#preview-table tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#preview-table tbody tr").Nth(1)).ToContainTextAsync("0.100 s");
        await Assertions.Expect(page.Locator("#preview-chart polyline")).ToHaveCountAsync(1);
        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("#shots li")).ToHaveCountAsync(3, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("idle", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });

        // Every frame shot shows the exposure actually held (a frame reached too late on a busy VM is shown skipped).
        var lines = await page.Locator("#shots li").AllTextContentsAsync();
        Assert.Contains(lines, line => line.Contains("exposure 0.", StringComparison.Ordinal));
        Assert.All(lines.Where(line => !line.Contains("skipped", StringComparison.Ordinal)), line => Assert.Matches(@"exposure 0\.\d{3} s$", line));
        Assert.Empty(browser.Errors);
        Assert.Empty(browser.Outside);
    }

    [Fact]
    public async Task A_bad_ramp_shows_the_servers_sentence_and_a_start_time_shows_a_scheduled_run_that_can_be_stopped()
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        await using var browser = await Browser.OpenAsync(server);
        var page = browser.Page;

        await page.ClickAsync("#ramp summary");
        await page.FillAsync("#ramp-start", "1");
        await page.FillAsync("#ramp-end", "2");
        await page.FillAsync("#ramp-frames", "1");
        await page.ClickAsync("#preview");
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("A ramp takes at least 2 frames.");
        await Assertions.Expect(page.Locator("#preview-box")).ToBeHiddenAsync();
        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("#message")).ToHaveTextAsync("A ramp takes at least 2 frames.");
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("idle");

        await page.FillAsync("#ramp-frames", "");
        await page.FillAsync("#ramp-start", "");
        await page.FillAsync("#ramp-end", "");
        var inAnHour = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        await page.FillAsync("#start-at", inAnHour);
        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("scheduled");
        await Assertions.Expect(page.Locator("#zone")).ToHaveTextAsync("UTC");
        await Assertions.Expect(page.Locator("#message")).ToBeEmptyAsync();
        await page.ClickAsync("#stop");
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("idle");

        Assert.DoesNotContain("closed", server.Output, StringComparison.Ordinal);
        Assert.Empty(browser.Errors);
        Assert.Empty(browser.Outside);
    }
}
