using System.Net;
using System.Text;
using System.Text.Json;

namespace Samples.Tests.ShutterWeb;

/// <summary>
/// A settings request and a start that arrive together: the server's test-only hold (SHUTTER_WEB_DIAGNOSTICS) stops
/// the settings request between its checks and its change until the start has finished or waits for it, which is
/// the moment where, unguarded, a bulb run would start timed for the old focus and then get the new one.
/// </summary>
public sealed class ShutterWebSettingsRaceTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_bulb_run_starting_while_the_focus_rises_is_planned_with_the_new_focus_and_refused()
    {
        await using var server = await ShutterWebServer.StartAsync(focusPin: 23, cancellationToken: Token);
        using (var arm = await server.Client.PostAsync("/api/diagnostics/settings-hold", Json("{}"), Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, arm.StatusCode);
        }

        // 0.5 s of bulb fits a 1 s interval without focus, not with the 0.6 s of focus the settings bring.
        var settings = server.Client.PutAsync("/api/settings", Json("""{"focusMilliseconds":600}"""), Token);
        using (var held = await server.Client.GetAsync("/api/diagnostics/settings-hold", Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, held.StatusCode);
        }
        using var start = await server.Client.PostAsync("/api/intervalometer/start", Json("""{"intervalSeconds":1,"count":3,"bulbSeconds":0.5}"""), Token);
        using var set = await settings.WaitAsync(TimeSpan.FromSeconds(30), Token);
        var status = JsonDocument.Parse(await server.Client.GetStringAsync("/api/status", Token)).RootElement;

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, start.StatusCode);
        Assert.Contains("bulbSeconds (0.5) must be shorter than intervalSeconds (1), less the 600 ms of focus", await start.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.False(status.GetProperty("running").GetBoolean());
    }
}
