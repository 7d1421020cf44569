using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Xsms;

/// <summary>
/// Serves NMEA 0183 sentences to up to <see cref="MaxClients"/> TCP clients (gpsd <c>tcp://HOST:PORT</c>, or any NMEA reader). Each
/// client has its own small queue of fixes and its own sender: a client that reads slowly or not at all loses its
/// oldest fixes (the newest wins) and never delays the others. Clients come and go; what they send is read and dropped.
/// </summary>
/// <remarks>
/// <para>
/// A client that does not read keeps a slot only while its socket still takes bytes: one that has had a fix waiting
/// for <see cref="StallTimeout"/> is dropped at the next fix, and when all slots are taken a newcomer takes the slot of
/// the client that has had a fix waiting the longest, if that is <see cref="StalledAfter"/> or more (a client that reads
/// takes a fix in well under a millisecond). The send buffer is fixed at 32 KiB, but the client's own receive buffer
/// (about 128 KiB on Linux, larger if the client asks) also fills first: a client that never reads holds its slot for
/// minutes of fixes.
/// </para>
/// <para>
/// That cannot be told sooner from this side: TCP acknowledges bytes once they are in the peer's receive buffer, not
/// once its program has read them (RFC 9293 3.8.6), so the bytes still queued here (SIOCOUTQ, tcp(7)) grow only after
/// that buffer is full, when the stall clock starts anyway. So one host must not hold every slot for those minutes: at
/// most <see cref="MaxClientsPerHost"/> clients are served from one host: an IPv4 address or an IPv6 /64 (a host picks any
/// address of its /64 at will, RFC 8981); one more from there takes the slot of that host's client with a fix waiting
/// the longest, if for <see cref="StalledAfter"/> or more, and is disconnected as soon as it is accepted otherwise.
/// Programs on this machine that reach the server at 127.0.0.1 all come from 127.0.0.1, so they share one host's slots.
/// </para>
/// </remarks>
internal sealed class GpsNmeaServer : IAsyncDisposable
{
    /// <summary>The port NMEA 0183 over TCP is registered for at IANA ("nmea-0183", 10110).</summary>
    public const int DefaultPort = 10110;

    /// <summary>Clients served at once; one more is disconnected as soon as it is accepted.</summary>
    internal const int MaxClients = 32;

    /// <summary>Clients served at once from one host (see <see cref="HostOf"/>).</summary>
    internal const int MaxClientsPerHost = 4;

    /// <summary>How long a fix may wait for a client's socket to take it before the client is dropped.</summary>
    internal static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a fix has waited when its client gives up its slot to a newcomer on a full server.</summary>
    internal static readonly TimeSpan StalledAfter = TimeSpan.FromSeconds(2);

    private const int QueuedFixes = 4;

    // Fixed (socket(7) SO_SNDBUF turns the kernel's growing of it off): some dozens of fixes, a few seconds of a burst.
    private const int SendBuffer = 32 * 1024;

    private readonly TcpListener _listener;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _sync = new();
    private readonly List<Client> _clients = [];
    private readonly Task _accepting;

    private GpsNmeaServer(TcpListener listener, TimeProvider time)
    {
        _listener = listener;
        _time = time;
        _accepting = AcceptAsync();
    }

    /// <summary>Where the server listens (the port the system chose when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>How many clients are connected now.</summary>
    public int ClientCount
    {
        get
        {
            lock (_sync)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>Fixes not sent to a client because it was behind.</summary>
    public long DroppedFixes => Interlocked.Read(ref _dropped);

    private long _dropped;

    /// <summary>Raised with the client count after a client came or went.</summary>
    public event EventHandler<int>? ClientsChanged;

    /// <summary>Listens on <paramref name="endPoint"/>; throws the <see cref="SocketException"/> of a port in use or an address not on this machine.</summary>
    /// <param name="endPoint">Where to listen.</param>
    /// <param name="time">The clock stalled clients are timed on (default: the system's).</param>
    public static GpsNmeaServer Start(IPEndPoint endPoint, TimeProvider? time = null)
    {
        var listener = new TcpListener(endPoint);
        listener.Start();
        return new GpsNmeaServer(listener, time ?? TimeProvider.System);
    }

    /// <summary>
    /// Reads <c>[ADDRESS:]PORT</c>: an IPv4 address, an IPv6 one in brackets (<c>[::1]:10110</c>), or a port alone
    /// for the loopback address 127.0.0.1. Port 0 lets the system choose.
    /// </summary>
    public static bool TryParseEndPoint(string text, out IPEndPoint endPoint)
    {
        endPoint = null!;
        var colon = text.LastIndexOf(':');
        var portText = colon < 0 ? text : text[(colon + 1)..];
        var address = IPAddress.Loopback;
        if (colon >= 0)
        {
            var host = text[..colon];
            if (host.StartsWith('[') && host.EndsWith(']'))
            {
                host = host[1..^1];
            }
            else if (host.Contains(':', StringComparison.Ordinal))
            {
                return false; // an IPv6 address must be bracketed, or its last group would read as the port
            }
            if (!IPAddress.TryParse(host, out address!))
            {
                return false;
            }
        }
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            return false;
        }
        endPoint = new IPEndPoint(address, port);
        return true;
    }

    /// <summary>Queues one fix's sentences (ASCII, CR LF ended) for every client; never waits for one. Drops stalled clients first.</summary>
    public void Publish(ReadOnlyMemory<byte> sentences)
    {
        Client[] clients;
        lock (_sync)
        {
            clients = [.. _clients];
        }
        var now = _time.GetTimestamp();
        foreach (var client in clients)
        {
            if (client.Waited(now) >= StallTimeout)
            {
                client.Drop();
                continue;
            }
            client.Queue(sentences, now);
        }
    }

    /// <summary>Stops listening and disconnects every client.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The accept loop ends by cancellation.
        }
        Client[] clients;
        lock (_sync)
        {
            clients = [.. _clients];
        }
        foreach (var client in clients)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
                continue; // a client that reset before it was accepted
            }
            socket.NoDelay = true; // a fix is one burst of sentences: send it now, not after the next one
            socket.SendBufferSize = SendBuffer; // a client that does not read is noticed sooner, and pins less memory
            var client = new Client(this, socket, HostOf(socket.RemoteEndPoint));
            int count;
            Client? evicted = null;
            lock (_sync)
            {
                // A client costs a socket, two tasks and a queue: one opening connections without end must not take them all,
                // nor may one host; but one that does not read gives its slot up to a newcomer.
                var sameHost = _clients.Where(c => c.Host.Equals(client.Host)).ToList();
                var rivals = sameHost.Count >= MaxClientsPerHost ? sameHost : _clients.Count >= MaxClients ? _clients : null;
                if (rivals is not null)
                {
                    var now = _time.GetTimestamp();
                    evicted = rivals.MaxBy(c => c.Waited(now)) is { } longest && longest.Waited(now) >= StalledAfter ? longest : null;
                    if (evicted is not null)
                    {
                        _clients.Remove(evicted);
                        sameHost.Remove(evicted);
                    }
                }
                count = _clients.Count < MaxClients && sameHost.Count < MaxClientsPerHost ? _clients.Count + 1 : -1;
                if (count > 0)
                {
                    _clients.Add(client);
                }
            }
            evicted?.Drop();
            if (count < 0)
            {
                socket.Dispose();
                continue;
            }
            client.Start(_stop.Token);
            ClientsChanged?.Invoke(this, count);
        }
    }

    /// <summary>
    /// The host a client counts against: its IPv4 address (also when it comes as ::ffff:a.b.c.d to a dual-mode socket),
    /// or the /64 its IPv6 address is in (RFC 4291 2.5.1: the low 64 bits identify an interface on the link). A
    /// link-local address counts whole: every host of a link shares fe80::/64 (RFC 4291 2.5.6).
    /// </summary>
    internal static IPAddress HostOf(EndPoint? remote)
    {
        var address = (remote as IPEndPoint)?.Address ?? IPAddress.None;
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }
        var bytes = address.GetAddressBytes(); // without the scope ID, so one host on two interfaces counts once
        if (!address.IsIPv6LinkLocal)
        {
            bytes.AsSpan(8).Clear();
        }
        return new IPAddress(bytes);
    }

    private void Remove(Client client)
    {
        int count;
        lock (_sync)
        {
            if (!_clients.Remove(client))
            {
                return;
            }
            count = _clients.Count;
        }
        ClientsChanged?.Invoke(this, count);
    }

    private sealed class Client(GpsNmeaServer server, Socket socket, IPAddress host) : IAsyncDisposable
    {
        public IPAddress Host => host;

        private readonly Channel<ReadOnlyMemory<byte>> _queue = Channel.CreateBounded<ReadOnlyMemory<byte>>(
            new BoundedChannelOptions(QueuedFixes) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref server._dropped));

        private readonly CancellationTokenSource _gone = new();
        private readonly Lock _sync = new();
        private long? _waitingSince; // when the oldest fix its socket has not taken yet began to wait (under _sync)
        private Task _work = Task.CompletedTask;

        public void Queue(ReadOnlyMemory<byte> sentences, long now)
        {
            lock (_sync)
            {
                _waitingSince ??= now;
                _queue.Writer.TryWrite(sentences);
            }
        }

        /// <summary>How long a fix has waited for this client's socket to take it; zero when none waits.</summary>
        public TimeSpan Waited(long now)
        {
            lock (_sync)
            {
                return _waitingSince is { } since ? server._time.GetElapsedTime(since, now) : TimeSpan.Zero;
            }
        }

        /// <summary>Disconnects the client; its slot is freed once its tasks end.</summary>
        public void Drop()
        {
            try
            {
                _gone.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Disposed already.
            }
        }

        public void Start(CancellationToken stop)
        {
            var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, _gone.Token);
            _work = Task.WhenAll(SendAsync(linked.Token), DrainAsync(linked.Token)).ContinueWith(
                _ =>
                {
                    linked.Dispose();
                    server.Remove(this);
                    socket.Dispose();
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        public async ValueTask DisposeAsync()
        {
            await _gone.CancelAsync().ConfigureAwait(false);
            await _work.ConfigureAwait(false);
            _gone.Dispose();
        }

        private async Task SendAsync(CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var sentences in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    await socket.SendAsync(sentences, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    lock (_sync)
                    {
                        // The socket took a whole fix: the next one, if any, waits from now.
                        _waitingSince = _queue.Reader.Count > 0 ? server._time.GetTimestamp() : null;
                    }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The client went away, or the server stops.
            }
            finally
            {
                await _gone.CancelAsync().ConfigureAwait(false);
            }
        }

        // Reads what the client sends (gpsd sends nothing; a person with nc might) so that its end-of-stream is seen at once.
        private async Task DrainAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[256];
            try
            {
                while (await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false) > 0)
                {
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Gone or stopping.
            }
            finally
            {
                await _gone.CancelAsync().ConfigureAwait(false);
            }
        }
    }
}
