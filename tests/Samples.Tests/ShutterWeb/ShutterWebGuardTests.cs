using System.Net;
using System.Text;
using System.Text.Json;

namespace Samples.Tests.ShutterWeb;

/// <summary>Other web sites cannot drive the API through a visitor's browser (cross-site requests, DNS rebinding).</summary>
public sealed class ShutterWebGuardTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<bool> RunningAsync(ShutterWebServer server) =>
        JsonDocument.Parse(await server.Client.GetStringAsync("/api/status", Token)).RootElement.GetProperty("running").GetBoolean();

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "intervalSeconds=1")]
    [InlineData("text/plain", """{"intervalSeconds":1}""")]
    [InlineData("multipart/form-data; boundary=x", "--x--")]
    public async Task A_body_a_cross_site_form_could_send_gets_415_and_starts_nothing(string contentType, string body)
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await server.Client.PostAsync("/api/intervalometer/start", content, Token);
        using var shot = await server.Client.PostAsync("/api/shots", null, Token);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, shot.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(await RunningAsync(server));
        Assert.DoesNotContain("closed", server.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    [InlineData("http://127.0.0.1")]
    public async Task A_request_from_a_foreign_origin_gets_403_and_starts_nothing(string origin)
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/intervalometer/start")
        {
            Content = new StringContent("""{"intervalSeconds":1}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", origin);

        using var response = await server.Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("other web sites", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.False(await RunningAsync(server));
    }

    [Fact]
    public async Task The_servers_own_origin_with_a_json_body_is_accepted()
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/shots") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", $"http://127.0.0.1:{server.Address.Port}");

        using var response = await server.Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("127.0.0.1.evil.example")]
    public async Task A_host_name_the_server_was_not_bound_to_gets_400_even_for_the_page(string host)
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);

        foreach (var path in new[] { "/", "/api/status" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = $"{host}:{server.Address.Port}";
            using var response = await server.Client.SendAsync(request, Token);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("answers only to", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    public async Task Loopback_names_are_served(string host)
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/status");
        request.Headers.Host = $"{host}:{server.Address.Port}";

        using var response = await server.Client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
