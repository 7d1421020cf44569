using System.Text.Json;
using Microsoft.Playwright;

namespace Samples.Tests.Cube;

/// <summary>The cube page in a real headless Chromium while a recording plays into the simulated pad.</summary>
public sealed class CubePageTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_loads_with_no_script_error_and_asks_nothing_of_anyone_but_the_app()
    {
        await using var server = await CubeServer.StartAsync(["--simulate"], cancellationToken: Token);
        await using var browser = await CubeBrowser.LaunchAsync();
        var page = await browser.OpenAsync(server);

        await page.WaitForFunctionAsync("() => window.cube.drawnFrames >= 30 && window.cube.status && window.cube.status.reportRate > 0");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connected");
        await Assertions.Expect(page.Locator("#device")).ToContainTextAsync("simulated (usb, simulated)");
        await Assertions.Expect(page.Locator("#battery")).ToHaveTextAsync("100%, on cable");
        await Assertions.Expect(page.Locator("#rate")).ToContainTextAsync("per second");
        await Assertions.Expect(page.Locator("#nogl")).ToBeHiddenAsync();

        Assert.Empty(browser.Errors);
        Assert.Empty(browser.Outside);
    }

    [Fact]
    public async Task The_cube_turns_the_way_the_recorded_tilt_says_and_takes_the_colors_of_the_recorded_presses_and_so_does_the_lightbar()
    {
        using var folder = new TempFolder();
        var path = folder.Save(TestRecordings.TiltAndPress, "tilt-and-press.ds4rec");
        await using var server = await CubeServer.StartAsync(["--replay", path], cancellationToken: Token);
        await using var browser = await CubeBrowser.LaunchAsync();
        var page = await browser.OpenAsync(server);

        // Rolled right side up with Circle pressed: a red cube whose highest point is right of its center.
        var right = await SettledAsync(browser, page, TestRecordings.Red, "roll > 0.45");
        Assert.True(right.TopLean > 0.03, $"The cube rolled right side up should peak right of its center: {right}");
        Assert.True(right.Red > 2 * right.Green && right.Red > 2 * right.Blue, $"The cube should be red after Circle: {right}");

        // Rolled left side up with Cross pressed: a blue cube peaking left of its center.
        var left = await SettledAsync(browser, page, TestRecordings.Blue, "roll < -0.45");
        Assert.True(left.TopLean < -0.03, $"The cube rolled left side up should peak left of its center: {left}");
        Assert.True(left.Blue > 2 * left.Red && left.Blue > 1.5 * left.Green, $"The cube should be blue after Cross: {left}");

        // The lightbar was sent the same colors, in the same order: white at the start, then red, then blue.
        var lightbar = await server.LightbarAsync(Token);
        Assert.Equal("#ffffff", lightbar[0]);
        var red = lightbar.IndexOf(TestRecordings.Red);
        Assert.True(red > 0, $"The lightbar never turned red: {string.Join(' ', lightbar)}");
        Assert.True(lightbar.IndexOf(TestRecordings.Blue, red) > red, $"The lightbar did not turn blue after red: {string.Join(' ', lightbar)}");
        Assert.All(lightbar, color => Assert.Contains(color, new[] { "#ffffff", TestRecordings.Red, TestRecordings.Blue }));

        Assert.Empty(browser.Errors);
        Assert.Empty(browser.Outside);
    }

    [Fact]
    public async Task The_page_shows_the_controller_unplugged_and_back_again()
    {
        await using var server = await CubeServer.StartAsync(["--simulate"], cancellationToken: Token);
        await using var browser = await CubeBrowser.LaunchAsync();
        var page = await browser.OpenAsync(server);
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connected");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, await server.PostAsync("/api/diagnostics/unplug", cancellationToken: Token));
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("unplugged");
        var framesWhileUnplugged = await page.EvaluateAsync<int>("() => window.cube.frames");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, await server.PostAsync("/api/diagnostics/replug", cancellationToken: Token));
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("connected");
        await page.WaitForFunctionAsync("n => window.cube.frames > n + 20", framesWhileUnplugged);

        // The pad plugged back in is given the cube's color at once.
        var lightbar = await server.LightbarAsync(Token);
        Assert.True(lightbar.Count >= 2, $"The replugged pad was not given the cube's color: {string.Join(' ', lightbar)}");
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task A_color_chosen_on_the_page_colors_the_cube_and_the_lightbar()
    {
        using var folder = new TempFolder();
        // A pad lying still, no button pressed: only the page changes the color.
        var path = folder.Save(new Drivers.DualShock4.Simulation.Recording(TestRecordings.TiltAndPress.Reports.Take(100)), "still.ds4rec");
        await using var server = await CubeServer.StartAsync(["--replay", path], cancellationToken: Token);
        await using var browser = await CubeBrowser.LaunchAsync();
        var page = await browser.OpenAsync(server);

        await page.ClickAsync("button[title=Triangle]");
        await page.WaitForFunctionAsync("() => window.cube.drawn.color === '#00dc50'");
        var lightbar = await server.LightbarAsync(Token);
        Assert.Equal("#00dc50", lightbar[^1]);
        Assert.Empty(browser.Errors);
    }

    [Fact]
    public async Task Closing_the_page_releases_its_subscription()
    {
        await using var server = await CubeServer.StartAsync(["--simulate"], cancellationToken: Token);
        var before = await server.DiagnosticsAsync(open: 0, cancellationToken: Token);
        var opened = before.GetProperty("opened").GetInt64();
        await using var browser = await CubeBrowser.LaunchAsync();
        var page = await browser.OpenAsync(server);
        var open = await server.DiagnosticsAsync(opened: opened + 1, open: 1, cancellationToken: Token);
        Assert.Equal(1, open.GetProperty("open").GetInt64());

        await page.CloseAsync();

        var after = await server.DiagnosticsAsync(opened: opened + 1, open: 0, cancellationToken: Token);
        Assert.Equal(0, after.GetProperty("open").GetInt64());
    }

    /// <summary>
    /// Waits until the page has drawn <paramref name="color"/> with <paramref name="roll"/> (a condition on the drawn
    /// frame's roll), lets the filter settle, and screenshots the cube; retries when the recording moved on meanwhile.
    /// </summary>
    private static async Task<Picture> SettledAsync(CubeBrowser browser, IPage page, string color, string roll)
    {
        var condition = $"() => {{ const d = window.cube.drawn; return d && d.color === '{color}' && d.{roll}; }}";
        for (var attempt = 0; ; attempt++)
        {
            await page.WaitForFunctionAsync(condition, null, new PageWaitForFunctionOptions { Timeout = 60_000 });
            var picture = await browser.ScreenshotCubeAsync(page).WaitAsync(Guard, Token);
            if (await page.EvaluateAsync<bool>(condition) || attempt == 3)
            {
                var drawn = await page.EvaluateAsync<JsonElement>("() => window.cube.drawn");
                Assert.Equal(color, drawn.GetProperty("color").GetString());
                return picture;
            }
        }
    }
}
