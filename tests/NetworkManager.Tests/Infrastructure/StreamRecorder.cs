using Drivers.NetworkManager.Changes;

namespace Drivers.NetworkManager.Tests.Infrastructure;

/// <summary>Reads a client's change stream in the background while a test acts, until what was seen is enough.</summary>
internal static class StreamRecorder
{
    /// <summary>
    /// Subscribes, waits until the subscription is on the bus, runs <paramref name="act"/>, and reads until
    /// <paramref name="until"/> holds for what was seen (thirty seconds at most: a guard, not a timing assertion).
    /// </summary>
    public static async Task<List<NetworkChange>> CollectAsync(NetworkManagerClient client, Func<List<NetworkChange>, bool> until, Func<Task> act)
    {
        var token = TestContext.Current.CancellationToken;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var seen = new List<NetworkChange>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            await using var changes = client.WatchChangesAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
            var next = changes.MoveNextAsync();
            started.SetResult();
            while (await next)
            {
                lock (seen)
                {
                    seen.Add(changes.Current);
                    if (until(seen))
                    {
                        return;
                    }
                }
                next = changes.MoveNextAsync();
            }
        }, timeout.Token);
        await started.Task.WaitAsync(timeout.Token);
        await TestBus.ListeningAsync(client);
        await act();
        try
        {
            await reader;
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            lock (seen)
            {
                Assert.Fail($"The stream did not deliver what the test waited for within 30 s; it saw: {string.Join(", ", seen.Select(Describe))}");
            }
        }
        lock (seen)
        {
            return [.. seen];
        }
    }

    public static string Describe(NetworkChange change) => change switch
    {
        DeviceStateChange d => $"{d.InterfaceName} {d.OldState}->{d.NewState} ({d.Reason})",
        ActiveConnectionChange a => $"{a.Path} {a.State} ({a.Reason})",
        RadioChange r => $"{r.Radio} {(r.Hardware ? "hw" : "sw")} {r.Enabled}",
        _ => $"{change.GetType().Name} {change.Path}",
    };
}
