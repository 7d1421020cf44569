using System.Net;
using System.Net.Sockets;
using System.Text;
using CsCheck;
using Xsms;

namespace Samples.Tests.Xsms;

/// <summary>The NMEA server of <c>xsms gps --follow --nmea-server</c>, as a class, with real sockets on the loopback.</summary>
public sealed class GpsNmeaServerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stuck_client_never_delays_another_and_loses_its_oldest_fixes()
    {
        await using var server = GpsNmeaServer.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var two = ClientsAsync(server, 2);
        using var stuck = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stuck.ConnectAsync(server.LocalEndPoint, Token); // and never reads
        using var reader = new TcpClient();
        await reader.ConnectAsync(server.LocalEndPoint, Token);
        await two;
        var fix = Encoding.ASCII.GetBytes(new string('x', 1021) + "\r\n");
        var received = ReadUntilAsync(reader.GetStream(), "$END\r\n");

        // 8 MiB for each client: far more than the stuck client's socket buffers hold.
        for (var i = 0; i < 8192; i++)
        {
            server.Publish(fix);
        }
        server.Publish(Encoding.ASCII.GetBytes("$END\r\n"));

        var text = await received.WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.EndsWith("$END\r\n", text, StringComparison.Ordinal); // the newest fix reached the reading client
        Assert.True(server.DroppedFixes > 0);
        Assert.Equal(2, server.ClientCount); // the stuck one is kept: it may read again
    }

    [Fact]
    public async Task Clients_come_and_go_and_each_one_present_gets_the_next_fix()
    {
        await using var server = GpsNmeaServer.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var one = ClientsAsync(server, 1);
        var first = new TcpClient();
        await first.ConnectAsync(server.LocalEndPoint, Token);
        await one;
        var zero = ClientsAsync(server, 0);
        first.Dispose();
        await zero;

        var two = ClientsAsync(server, 2);
        using var second = new TcpClient();
        using var third = new TcpClient();
        await second.ConnectAsync(server.LocalEndPoint, Token);
        await third.ConnectAsync(server.LocalEndPoint, Token);
        await two;
        server.Publish(Encoding.ASCII.GetBytes("$GPGGA,fix*00\r\n"));

        Assert.Equal("$GPGGA,fix*00\r\n", await ReadUntilAsync(second.GetStream(), "\r\n").WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.Equal("$GPGGA,fix*00\r\n", await ReadUntilAsync(third.GetStream(), "\r\n").WaitAsync(TimeSpan.FromSeconds(30), Token));
    }

    [Fact]
    public async Task Disposing_the_server_disconnects_its_clients()
    {
        var server = GpsNmeaServer.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var one = ClientsAsync(server, 1);
        using var client = new TcpClient();
        await client.ConnectAsync(server.LocalEndPoint, Token);
        await one;

        await server.DisposeAsync();

        var buffer = new byte[16];
        Assert.Equal(0, await client.GetStream().ReadAsync(buffer, Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));
    }

    [Fact]
    public async Task A_client_beyond_the_most_served_at_once_is_disconnected_and_the_others_are_served()
    {
        await using var server = GpsNmeaServer.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var full = ClientsAsync(server, GpsNmeaServer.MaxClients);
        var clients = new List<TcpClient>();
        try
        {
            for (var i = 0; i < GpsNmeaServer.MaxClients; i++)
            {
                clients.Add(await ReaderAsync(server, SpreadHost(i)));
            }
            await full;
            using var extra = await ReaderAsync(server, Loopback(200)); // a host with no client yet

            Assert.Equal(0, await extra.GetStream().ReadAsync(new byte[16], Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));
            server.Publish(Encoding.ASCII.GetBytes("$GPGGA,fix*00\r\n"));
            Assert.Equal("$GPGGA,fix*00\r\n", await ReadUntilAsync(clients[^1].GetStream(), "\r\n").WaitAsync(TimeSpan.FromSeconds(30), Token));
            Assert.Equal(GpsNmeaServer.MaxClients, server.ClientCount);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_client_whose_socket_takes_no_fix_for_the_stall_timeout_is_dropped_at_the_next_fix()
    {
        var clock = new ManualClock();
        await using var server = GpsNmeaServer.Start(new IPEndPoint(IPAddress.Loopback, 0), clock);
        var one = ClientsAsync(server, 1);
        using var stuck = await NonReaderAsync(server);
        await one;
        server.Publish(new byte[4 << 20]); // more than its socket buffers ever take: this fix waits

        clock.Advance(GpsNmeaServer.StallTimeout - TimeSpan.FromTicks(1));
        server.Publish(Fix);
        Assert.Equal(1, server.ClientCount); // not yet
        var zero = ClientsAsync(server, 0);
        clock.Advance(TimeSpan.FromTicks(1));
        server.Publish(Fix);

        await zero;
    }

    [Fact]
    public async Task A_client_that_reads_is_kept_however_long_no_fix_comes()
    {
        var clock = new ManualClock();
        await using var server = GpsNmeaServer.Start(new IPEndPoint(IPAddress.Loopback, 0), clock);
        var one = ClientsAsync(server, 1);
        using var reader = new TcpClient();
        await reader.ConnectAsync(server.LocalEndPoint, Token);
        await one;

        clock.Advance(GpsNmeaServer.StallTimeout * 10); // a GPS that lost its fix for five minutes
        server.Publish(Fix);

        Assert.Equal("$GPGGA,fix*00\r\n", await ReadUntilAsync(reader.GetStream(), "\r\n").WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.Equal(1, server.ClientCount);
    }

    [Fact]
    public async Task A_newcomer_on_a_full_server_takes_the_slot_of_a_client_that_stopped_taking_fixes()
    {
        var clock = new ManualClock();
        await using var server = GpsNmeaServer.Start(new IPEndPoint(IPAddress.Loopback, 0), clock);
        var full = ClientsAsync(server, GpsNmeaServer.MaxClients);
        var stuck = new List<Socket>();
        try
        {
            for (var i = 0; i < GpsNmeaServer.MaxClients; i++)
            {
                stuck.Add(await NonReaderAsync(server, SpreadHost(i)));
            }
            await full;
            server.Publish(new byte[4 << 20]); // every one of them leaves this fix waiting
            clock.Advance(GpsNmeaServer.StalledAfter);
            var admitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            server.ClientsChanged += (_, _) => admitted.TrySetResult();
            using var newcomer = await ReaderAsync(server, Loopback(200));
            await admitted.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);

            server.Publish(Fix);

            Assert.Equal("$GPGGA,fix*00\r\n", await ReadUntilAsync(newcomer.GetStream(), "\r\n").WaitAsync(TimeSpan.FromSeconds(30), Token));
            Assert.Equal(GpsNmeaServer.MaxClients, server.ClientCount);
        }
        finally
        {
            stuck.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task A_client_beyond_the_most_served_from_one_host_is_disconnected_while_another_host_is_served()
    {
        await using var server = GpsNmeaServer.Start(new IPEndPoint(IPAddress.Loopback, 0));
        var capped = ClientsAsync(server, GpsNmeaServer.MaxClientsPerHost);
        var clients = new List<TcpClient>();
        try
        {
            for (var i = 0; i < GpsNmeaServer.MaxClientsPerHost; i++)
            {
                clients.Add(await ReaderAsync(server, IPAddress.Loopback));
            }
            await capped;
            using var extra = await ReaderAsync(server, IPAddress.Loopback);

            Assert.Equal(0, await extra.GetStream().ReadAsync(new byte[16], Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));
            var more = ClientsAsync(server, GpsNmeaServer.MaxClientsPerHost + 1);
            using var other = await ReaderAsync(server, Loopback(2));
            await more;
            server.Publish(Fix);
            Assert.Equal("$GPGGA,fix*00\r\n", await ReadUntilAsync(other.GetStream(), "\r\n").WaitAsync(TimeSpan.FromSeconds(30), Token));
            Assert.Equal("$GPGGA,fix*00\r\n", await ReadUntilAsync(clients[^1].GetStream(), "\r\n").WaitAsync(TimeSpan.FromSeconds(30), Token));
            Assert.Equal(GpsNmeaServer.MaxClientsPerHost + 1, server.ClientCount);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_newcomer_from_a_host_at_its_cap_takes_the_slot_of_that_hosts_client_that_stopped_taking_fixes()
    {
        var clock = new ManualClock();
        await using var server = GpsNmeaServer.Start(new IPEndPoint(IPAddress.Loopback, 0), clock);
        var one = ClientsAsync(server, 1);
        using var otherHost = await NonReaderAsync(server, Loopback(2));
        await one;
        server.Publish(new byte[4 << 20]); // more than its socket buffers ever take: this fix waits
        clock.Advance(GpsNmeaServer.StalledAfter); // the other host's client has stalled the longest: not this host's to take
        var capped = ClientsAsync(server, GpsNmeaServer.MaxClientsPerHost + 1);
        var stuck = new List<Socket>();
        try
        {
            for (var i = 0; i < GpsNmeaServer.MaxClientsPerHost; i++)
            {
                stuck.Add(await NonReaderAsync(server, IPAddress.Loopback));
            }
            await capped;
            server.Publish(new byte[4 << 20]); // every one of them leaves this fix waiting
            clock.Advance(GpsNmeaServer.StalledAfter);
            var replaced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            server.ClientsChanged += (_, count) =>
            {
                if (count == GpsNmeaServer.MaxClientsPerHost + 1)
                {
                    replaced.TrySetResult();
                }
            };
            using var newcomer = await ReaderAsync(server, IPAddress.Loopback);
            await replaced.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);

            server.Publish(Fix);

            Assert.Equal("$GPGGA,fix*00\r\n", await ReadUntilAsync(newcomer.GetStream(), "\r\n").WaitAsync(TimeSpan.FromSeconds(30), Token));
            var otherHostGone = ClientsAsync(server, GpsNmeaServer.MaxClientsPerHost);
            otherHost.Dispose();
            await otherHostGone; // it was still served: the newcomer took the slot of a client of its own host
        }
        finally
        {
            stuck.ForEach(s => s.Dispose());
        }
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("192.168.1.5", "192.168.1.5")]
    [InlineData("::ffff:192.168.1.5", "192.168.1.5")]
    [InlineData("::1", "::")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::")]
    [InlineData("fe80::1%2", "fe80::1")]
    [InlineData("fe80::aaaa:bbbb:cccc:dddd%2", "fe80::aaaa:bbbb:cccc:dddd")]
    public void A_client_counts_against_its_IPv4_address_its_IPv6_slash_64_or_its_whole_link_local_address(string address, string host)
    {
        Assert.Equal(IPAddress.Parse(host), GpsNmeaServer.HostOf(new IPEndPoint(IPAddress.Parse(address), 5000)));
    }

    [Fact]
    public void A_port_in_use_is_a_socket_error_of_its_own()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();

        var error = Assert.Throws<SocketException>(() => GpsNmeaServer.Start((IPEndPoint)taken.LocalEndpoint));

        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }

    [Theory]
    [InlineData("10110", "127.0.0.1:10110")]
    [InlineData("0", "127.0.0.1:0")]
    [InlineData("0.0.0.0:2947", "0.0.0.0:2947")]
    [InlineData("192.168.1.5:65535", "192.168.1.5:65535")]
    [InlineData("[::1]:10110", "[::1]:10110")]
    public void Address_and_port_are_read_with_the_loopback_by_default(string text, string expected)
    {
        Assert.True(GpsNmeaServer.TryParseEndPoint(text, out var endPoint));
        Assert.Equal(expected, endPoint.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("+80")]
    [InlineData("localhost:10110")]
    [InlineData("1.2.3.4.5:10")]
    [InlineData("::1:10110")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:x")]
    [InlineData(" 10110")]
    public void A_bad_address_or_port_is_refused(string text)
    {
        Assert.False(GpsNmeaServer.TryParseEndPoint(text, out _));
    }

    [Fact]
    public void Any_text_is_refused_or_read_as_a_port_within_range()
    {
        Gen.String.Sample(text =>
        {
            if (GpsNmeaServer.TryParseEndPoint(text, out var endPoint))
            {
                Assert.InRange(endPoint.Port, 0, 65535);
                Assert.EndsWith(endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
            }
        });
    }

    private static ReadOnlyMemory<byte> Fix => Encoding.ASCII.GetBytes("$GPGGA,fix*00\r\n");

    // A client with a small receive buffer that never reads; from `from` (127.0.0.0/8 is all on the loopback, RFC 1122 3.2.1.3).
    private static async Task<Socket> NonReaderAsync(GpsNmeaServer server, IPAddress? from = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        socket.Bind(new IPEndPoint(from ?? IPAddress.Loopback, 0));
        await socket.ConnectAsync(server.LocalEndPoint, Token);
        return socket;
    }

    private static async Task<TcpClient> ReaderAsync(GpsNmeaServer server, IPAddress from)
    {
        var client = new TcpClient(new IPEndPoint(from, 0));
        await client.ConnectAsync(server.LocalEndPoint, Token);
        return client;
    }

    private static IPAddress Loopback(int last) => new([127, 0, 0, (byte)last]);

    // The host of the i-th of many clients, each host with as many as it may have.
    private static IPAddress SpreadHost(int i) => Loopback(10 + (i / GpsNmeaServer.MaxClientsPerHost));

    private static Task ClientsAsync(GpsNmeaServer server, int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.ClientsChanged += (_, now) =>
        {
            if (now == count)
            {
                reached.TrySetResult();
            }
        };
        if (server.ClientCount == count)
        {
            reached.TrySetResult();
        }
        return reached.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
    }

    // Reads until the text ends with `end`; returns what was read, or, past 64 KiB, only the last 64 KiB of it.
    private static async Task<string> ReadUntilAsync(Stream stream, string end)
    {
        var text = new StringBuilder();
        var buffer = new byte[65536];
        while (true)
        {
            var count = await stream.ReadAsync(buffer, Token);
            if (count == 0)
            {
                return text.ToString();
            }
            text.Append(Encoding.ASCII.GetString(buffer, 0, count));
            if (text.Length > 65536)
            {
                text.Remove(0, text.Length - 65536);
            }
            if (text.Length >= end.Length && text.ToString(text.Length - end.Length, end.Length) == end)
            {
                return text.ToString();
            }
        }
    }
}
