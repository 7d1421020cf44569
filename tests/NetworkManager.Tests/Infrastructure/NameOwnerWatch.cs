using Tmds.DBus.Protocol;

namespace Drivers.NetworkManager.Tests.Infrastructure;

/// <summary>
/// Watches a well-known name on a bus (the bus's NameOwnerChanged signal), so that a test can wait until its
/// owner has left instead of asking again and again.
/// </summary>
internal sealed class NameOwnerWatch : IDisposable
{
    private readonly DBusConnection _connection;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _owned = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NameOwnerWatch(DBusConnection connection) => _connection = connection;

    /// <summary>Starts watching <paramref name="name"/>; once this returns, the bus reports every change of its owner.</summary>
    public static async Task<NameOwnerWatch> StartAsync(string busAddress, string name, CancellationToken cancellationToken)
    {
        var connection = new DBusConnection(busAddress);
        var watch = new NameOwnerWatch(connection);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken);
            var rule = new MatchRule
            {
                Type = MessageType.Signal,
                Sender = "org.freedesktop.DBus",
                Interface = "org.freedesktop.DBus",
                Member = "NameOwnerChanged",
                Arg0 = name,
            };
            // The reply to AddMatch comes after the bus has installed the rule.
            await connection.AddMatchAsync(
                rule,
                static (message, _) => NewOwner(message),
                (Notification<string> notification) =>
                {
                    if (notification.HasValue && notification.Value.Length > 0)
                    {
                        watch._owned.TrySetResult();
                    }
                    if (notification.HasValue && notification.Value.Length == 0)
                    {
                        watch._released.TrySetResult();
                    }
                },
                emitOnCapturedContext: false,
                ObserverFlags.None,
                null).AsTask().WaitAsync(cancellationToken);
            return watch;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Completes once the name has lost its owner (NameOwnerChanged with an empty new owner); fails after a generous 30 s.</summary>
    public Task ReleasedAsync(CancellationToken cancellationToken) => _released.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>Completes once the name has a new owner; fails after a generous 30 s.</summary>
    public Task OwnedAsync(CancellationToken cancellationToken) => _owned.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

    public void Dispose() => _connection.Dispose();

    // NameOwnerChanged(s name, s old_owner, s new_owner)
    private static string NewOwner(Message message)
    {
        var reader = message.GetBodyReader();
        reader.ReadString();
        reader.ReadString();
        return reader.ReadString();
    }
}
