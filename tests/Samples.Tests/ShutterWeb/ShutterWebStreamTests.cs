using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Samples.Tests.ShutterWeb;

public sealed class ShutterWebStreamTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Sends GET /api/events on a raw connection; the caller decides when to drop it.</summary>
    private static async Task<TcpClient> OpenEventStreamAsync(Uri address)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, address.Port, Token);
        var request = Encoding.ASCII.GetBytes($"GET /api/events HTTP/1.1\r\nHost: {address.Authority}\r\nAccept: text/event-stream\r\n\r\n");
        await client.GetStream().WriteAsync(request, Token);
        return client;
    }

    private static async Task<JsonElement> DiagnosticsAsync(ShutterWebServer server, long opened, long open) =>
        JsonDocument.Parse(await server.Client.GetStringAsync($"/api/diagnostics?opened={opened}&open={open}", Token)).RootElement;

    [Fact]
    public async Task Clients_that_drop_before_the_first_event_leave_no_reader_behind()
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        const int Clients = 100;

        for (var i = 0; i < Clients; i++)
        {
            using var client = await OpenEventStreamAsync(server.Address);
            if (i % 2 == 0)
            {
                // Half read the first bytes of the answer, half are gone before the server writes anything.
                var buffer = new byte[1];
                await client.GetStream().ReadExactlyAsync(buffer, Token);
            }
        }
        var counts = await DiagnosticsAsync(server, opened: Clients, open: 0);

        Assert.Equal(Clients, counts.GetProperty("opened").GetInt64());
        Assert.Equal(0, counts.GetProperty("open").GetInt64());
    }

    [Fact]
    public async Task The_count_of_open_streams_sees_a_client_that_stays()
    {
        await using var server = await ShutterWebServer.StartAsync(cancellationToken: Token);
        using var client = await OpenEventStreamAsync(server.Address);
        var buffer = new byte[1];
        await client.GetStream().ReadExactlyAsync(buffer, Token);

        var counts = await DiagnosticsAsync(server, opened: 1, open: 1);

        Assert.Equal(1, counts.GetProperty("open").GetInt64());
    }
}
