using Microsoft.Playwright;

namespace Samples.Tests.ShutterWeb;

/// <summary>The page in a real headless Chromium (Debian's, installed by test.sh): start a run, watch the counter, stop.</summary>
public sealed class ShutterWebPageTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_the_page_a_run_is_started_its_counter_moves_and_it_is_stopped()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (test.sh does).");
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var outside = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(server.Address.ToString(), StringComparison.Ordinal))
            {
                outside.Add(request.Url);
            }
        };

        await page.GotoAsync(server.Address.ToString());
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("idle");
        await page.FillAsync("#interval", "0.3");
        await page.FillAsync("#count", "");
        await page.ClickAsync("#start");
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("running");
        await page.WaitForFunctionAsync("() => Number(document.getElementById('taken').textContent) >= 3", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#shots li").First).ToContainTextAsync("ms late");
        await page.ClickAsync("#stop");
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("idle");

        var status = await server.Client.GetStringAsync("/api/status", Token);
        Assert.Contains("\"running\":false", status, StringComparison.Ordinal);
        Assert.Empty(outside);
    }

    [Fact]
    public async Task A_bad_interval_on_the_page_shows_the_servers_reason()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (test.sh does).");
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();

        await page.GotoAsync(server.Address.ToString());
        await page.FillAsync("#interval", "0.05");
        await page.ClickAsync("#start");

        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("intervalSeconds must be longer than a shot");
        await Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("idle");
    }
}
