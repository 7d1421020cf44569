using System.Threading.Channels;
using Drivers.NetworkManager.Protocol;
using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Transport;

/// <summary>
/// Every signal under /org/freedesktop/NetworkManager, queued. The match names no sender, so signals of a
/// restarted NetworkManager (a new unique name) keep arriving; only NetworkManager owns that path namespace.
/// </summary>
internal sealed class SignalSubscription : IAsyncDisposable
{
    private readonly Channel<NmSignal> _channel = Channel.CreateUnbounded<NmSignal>(new UnboundedChannelOptions { SingleReader = true });
    private IDisposable? _match;

    public ChannelReader<NmSignal> Reader => _channel.Reader;

    public static async Task<SignalSubscription> StartAsync(DBusConnection connection)
    {
        var subscription = new SignalSubscription();
        var rule = new MatchRule { Type = MessageType.Signal, PathNamespace = NmNames.RootPath };
        subscription._match = await connection.AddMatchAsync(
            rule,
            static (message, _) => NmSignal.TryRead(message),
            (Notification<NmSignal?> notification) =>
            {
                // Never throw here: an exception in a handler disconnects the connection.
                if (notification.HasValue && notification.Value is { } signal)
                {
                    subscription._channel.Writer.TryWrite(signal);
                }
                else if (notification.IsCompletion)
                {
                    subscription._channel.Writer.TryComplete();
                }
            },
            emitOnCapturedContext: false,
            ObserverFlags.None,
            null).ConfigureAwait(false);
        return subscription;
    }

    public ValueTask DisposeAsync()
    {
        _match?.Dispose();
        _channel.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
