using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Drivers.NetworkManager.Protocol;
using Microsoft.Extensions.Logging;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Transport;

/// <summary>
/// The signals under /org/freedesktop/NetworkManager that one reader wants, in a bounded queue of its own.
/// The match names NetworkManager's well-known name as sender: dbus-daemon resolves it to the name's current owner
/// (D-Bus specification, "Match Rules"), so a restarted NetworkManager keeps being heard and any other peer emitting
/// signals on NetworkManager's paths (dbus-send) is not. The subscription also follows the owner's unique name
/// (GetNameOwner, NameOwnerChanged) and drops any signal from another sender. The connection's receive loop never waits for the reader:
/// when the queue is full the oldest signal is dropped, counted and logged once per burst.
/// </summary>
internal sealed class SignalSubscription : IAsyncDisposable
{
    private readonly Channel<NmSignal> _channel;
    private readonly Func<NmSignal, bool>? _filter;
    private readonly ILogger _logger;
    private readonly int _capacity;
    private readonly Action? _dropped;
    private IDisposable? _match;
    private IDisposable? _ownerMatch;
    private string? _owner;
    private int _ownerChanges;
    private readonly Lock _ownerGate = new();
    private int _behind;

    /// <summary>
    /// The member of the signal a reader gets when NetworkManager's name changes owner (it left: <see cref="NmSignal.ChangedInterface"/>
    /// is empty; it came back: its new unique name).
    /// </summary>
    public const string OwnerChangedMember = "NameOwnerChanged";

    private SignalSubscription(int capacity, Func<NmSignal, bool>? filter, ILogger logger, Action? dropped)
    {
        _capacity = capacity;
        _filter = filter;
        _logger = logger;
        _dropped = dropped;
        _channel = Channel.CreateBounded<NmSignal>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            OnDropped);
    }

    /// <summary>Subscribes; once this returns, the bus sends every matching signal.</summary>
    /// <param name="connection">The client's connection.</param>
    /// <param name="capacity">How many signals wait for the reader before the oldest is dropped.</param>
    /// <param name="filter">Which signals the reader wants (null: all); the others never take a place in the queue.</param>
    /// <param name="logger">Where a drop is reported.</param>
    /// <param name="dropped">Called for every dropped signal (the client's counter).</param>
    /// <exception cref="NetworkManagerErrorException">The bus went away while subscribing (<c>org.freedesktop.DBus.Error.NoServer</c>).</exception>
    public static async Task<SignalSubscription> StartAsync(DBusConnection connection, int capacity, Func<NmSignal, bool>? filter, ILogger logger, Action? dropped = null)
    {
        try
        {
            return await SubscribeAsync(connection, capacity, filter, logger, dropped).ConfigureAwait(false);
        }
        catch (DBusConnectionClosedException e)
        {
            // The sender-bound match asks the bus for NetworkManager's owner first, so a bus that dies now fails here.
            throw new NetworkManagerErrorException(NmNames.NoServerError, $"The D-Bus connection to NetworkManager closed: {e.Message}", e);
        }
    }

    private static async Task<SignalSubscription> SubscribeAsync(DBusConnection connection, int capacity, Func<NmSignal, bool>? filter, ILogger logger, Action? dropped)
    {
        var subscription = new SignalSubscription(capacity, filter, logger, dropped);
        // Follow the owner first, then ask for it: a change in between is not missed.
        var ownerRule = new MatchRule
        {
            Type = MessageType.Signal,
            Sender = "org.freedesktop.DBus",
            Path = "/org/freedesktop/DBus",
            Interface = "org.freedesktop.DBus",
            Member = "NameOwnerChanged",
            Arg0 = NmNames.Service,
        };
        subscription._ownerMatch = await connection.AddMatchAsync(
            ownerRule,
            static (message, _) =>
            {
                var reader = message.GetBodyReader();
                reader.ReadString();
                reader.ReadString();
                return reader.ReadString();
            },
            (Notification<string> notification) =>
            {
                if (notification.HasValue)
                {
                    lock (subscription._ownerGate)
                    {
                        Volatile.Write(ref subscription._owner, notification.Value.Length == 0 ? null : notification.Value);
                        subscription._ownerChanges++;
                    }
                    // NetworkManager left or came back: readers hear it in order with its signals (the bus sends
                    // NameOwnerChanged itself; no other peer can forge its sender, org.freedesktop.DBus).
                    var change = new NmSignal(NmNames.RootPath, "org.freedesktop.DBus", OwnerChangedMember, [], null, notification.Value, null) { Sender = "org.freedesktop.DBus" };
                    if (subscription._filter is null || subscription._filter(change))
                    {
                        subscription._channel.Writer.TryWrite(change);
                    }
                }
            },
            emitOnCapturedContext: false).ConfigureAwait(false);
        int changes;
        lock (subscription._ownerGate)
        {
            changes = subscription._ownerChanges;
        }
        try
        {
            var owner = await GetNameOwnerAsync(connection).ConfigureAwait(false);
            lock (subscription._ownerGate)
            {
                if (subscription._ownerChanges == changes)
                {
                    Volatile.Write(ref subscription._owner, owner); // a NameOwnerChanged handled meanwhile is newer
                }
            }
        }
        catch (DBusErrorReplyException)
        {
            // NetworkManager is not running now; NameOwnerChanged says when it is.
        }
        var rule = new MatchRule { Type = MessageType.Signal, Sender = NmNames.Service, PathNamespace = NmNames.RootPath };
        subscription._match = await connection.AddMatchAsync(
            rule,
            static (message, _) => NmSignal.TryRead(message),
            (Notification<NmSignal?> notification) =>
            {
                // Never throw here: an exception in a handler disconnects the connection.
                if (notification.HasValue && notification.Value is { } signal
                    && signal.Sender == Volatile.Read(ref subscription._owner)
                    && (subscription._filter is null || subscription._filter(signal)))
                {
                    subscription._channel.Writer.TryWrite(signal);
                }
                else if (notification.IsCompletion)
                {
                    var reason = notification.CompletionReason;
                    if (notification.Type == NotificationType.ConnectionClosed)
                    {
                        subscription._channel.Writer.TryComplete(); // the client was disposed: the caller ended it
                    }
                    else
                    {
                        // The bus went away: the reader sees an error, not a normal end.
                        subscription._channel.Writer.TryComplete(new NetworkManagerErrorException(
                            NmNames.NoServerError, $"The D-Bus connection to NetworkManager closed: {reason.Message}", reason));
                    }
                }
            },
            emitOnCapturedContext: false,
            ObserverFlags.EmitOnConnectionClosed | ObserverFlags.EmitOnConnectionFailed,
            null).ConfigureAwait(false);
        return subscription;
    }

    private static Task<string> GetNameOwnerAsync(DBusConnection connection)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetNameOwner", "s");
        writer.WriteString(NmNames.Service);
        return connection.CallMethodAsync(writer.CreateMessage(), static (m, _) => m.GetBodyReader().ReadString(), null);
    }

    /// <summary>The queued signals, then each as it arrives, until the subscription ends or <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<NmSignal> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var signal in _channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Volatile.Read(ref _behind) == 1 && _channel.Reader.Count == 0)
            {
                // Caught up: the next drop starts a new burst and is logged again.
                Volatile.Write(ref _behind, 0);
            }
            yield return signal;
        }
    }

    public ValueTask DisposeAsync()
    {
        _match?.Dispose();
        _ownerMatch?.Dispose();
        _channel.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    private void OnDropped(NmSignal signal)
    {
        _dropped?.Invoke();
        if (Interlocked.Exchange(ref _behind, 1) == 0)
        {
            Log.SubscriberFellBehind(_logger, _capacity, signal.Member);
        }
    }
}
