using Tmds.DBus.Protocol;

namespace Samples.Tests.Xnm;

/// <summary>
/// A monitor on the bus (org.freedesktop.DBus.Monitoring.BecomeMonitor) that sees a client subscribe: an AddMatch
/// call whose rule names a given path namespace. The bus has installed the rule by the time a monitor gets the copy, so a
/// signal sent after that reaches the subscriber.
/// </summary>
internal sealed class MatchRuleWatch : IDisposable
{
    private readonly DBusConnection _connection;
    private readonly TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _seen = [];

    private readonly string _pathNamespace;

    private MatchRuleWatch(DBusConnection connection, string pathNamespace)
    {
        _connection = connection;
        _pathNamespace = pathNamespace;
    }

    /// <summary>Starts monitoring; once this returns, every AddMatch on the bus is seen.</summary>
    public static async Task<MatchRuleWatch> StartAsync(string busAddress, string pathNamespace, CancellationToken cancellationToken)
    {
        var connection = new DBusConnection(busAddress);
        var watch = new MatchRuleWatch(connection, pathNamespace);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(cancellationToken);
            var addMatch = new MatchRule { Type = MessageType.MethodCall, Destination = "org.freedesktop.DBus", Interface = "org.freedesktop.DBus", Member = "AddMatch" };
            await connection.BecomeMonitorAsync(
                (error, message) =>
                {
                    using (message)
                    {
                        if (error is not null || message.Message.SignatureAsString != "s")
                        {
                            return;
                        }
                        var rule = message.Message.GetBodyReader().ReadString();
                        lock (watch._seen)
                        {
                            watch._seen.Add(rule);
                        }
                        // A rule's values may be quoted or not: path_namespace='/a/b' or path_namespace=/a/b.
                        if (rule.Split(',').Any(term => term.Replace("'", "", StringComparison.Ordinal) == "path_namespace=" + pathNamespace))
                        {
                            watch._added.TrySetResult();
                        }
                    }
                },
                [addMatch]).WaitAsync(cancellationToken);
            return watch;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Completes once a client has added a matching rule; fails after a generous 30 s.</summary>
    public async Task AddedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _added.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (TimeoutException)
        {
            lock (_seen)
            {
                Assert.Fail($"No client added a match rule for path_namespace={_pathNamespace} within 30 s; rules added: {string.Join("; ", _seen)}");
            }
        }
    }

    public void Dispose() => _connection.Dispose();
}
