using System.Text.Json;
using Microsoft.Playwright;

namespace Samples.Tests.Cube;

/// <summary>Debian's headless Chromium (installed by test.sh) through Playwright, and a page on cube that records every error and every request.</summary>
internal sealed class CubeBrowser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private readonly IPlaywright _playwright;

    private CubeBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>JavaScript errors and console errors of the pages opened with <see cref="OpenAsync"/>.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Requests to anywhere but the cube server.</summary>
    public List<string> Outside { get; } = [];

    public static async Task<CubeBrowser> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (test.sh does).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Timeout = 30_000,
            // WebGL is drawn by the CPU (SwiftShader) with the GPU off.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new CubeBrowser(playwright, browser);
    }

    /// <summary>Opens the cube page and waits until it has drawn its first frame.</summary>
    public async Task<IPage> OpenAsync(CubeServer server)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 540 } });
        page.SetDefaultTimeout(30_000);
        page.PageError += (_, error) => { lock (Errors) { Errors.Add(error); } };
        page.Console += (_, message) => { if (message.Type == "error") { lock (Errors) { Errors.Add(message.Text); } } };
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(server.Address.ToString(), StringComparison.Ordinal))
            {
                lock (Outside)
                {
                    Outside.Add(request.Url);
                }
            }
        };
        await page.GotoAsync(server.Address.ToString());
        await page.WaitForFunctionAsync("() => window.cube && window.cube.drawnFrames > 0");
        return page;
    }

    /// <summary>
    /// Screenshots the cube's canvas and measures the picture (decoded by the browser in a blank page of its own, so
    /// the page under test is not involved): the cube is every pixel that differs from the corner's background.
    /// </summary>
    public async Task<Picture> ScreenshotCubeAsync(IPage page)
    {
        var png = await page.Locator("#scene").ScreenshotAsync();
        var blank = await Browser.NewPageAsync();
        try
        {
            var json = await blank.EvaluateAsync<string>(
                """
                async (base64) => {
                  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
                  const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
                  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
                  const context = canvas.getContext("2d");
                  context.drawImage(bitmap, 0, 0);
                  const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
                  const differs = (i) => Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]) > 60;
                  let n = 0, sx = 0, sy = 0, r = 0, g = 0, b = 0, top = height;
                  for (let y = 0; y < height; y++)
                    for (let x = 0; x < width; x++) {
                      const i = (y * width + x) * 4;
                      if (!differs(i)) continue;
                      n++; sx += x; sy += y; r += data[i]; g += data[i + 1]; b += data[i + 2];
                      if (y < top) top = y;
                    }
                  let tn = 0, tx = 0;
                  for (let y = top; y < Math.min(height, top + 4); y++)
                    for (let x = 0; x < width; x++) if (differs((y * width + x) * 4)) { tn++; tx += x; }
                  return JSON.stringify({ width, height, pixels: n, centerX: sx / n, centerY: sy / n, topX: tx / tn, topY: top, red: r / n, green: g / n, blue: b / n });
                }
                """,
                Convert.ToBase64String(png));
            return JsonSerializer.Deserialize<Picture>(json, Web)!;
        }
        finally
        {
            await blank.CloseAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>What a screenshot of the cube shows: its size in pixels, its center, its highest point, its mean color.</summary>
internal sealed record Picture(int Width, int Height, int Pixels, double CenterX, double CenterY, double TopX, double TopY, double Red, double Green, double Blue)
{
    /// <summary>How far right of the cube's center its highest point is, as a share of the picture's width (negative: left).</summary>
    public double TopLean => (TopX - CenterX) / Width;
}
