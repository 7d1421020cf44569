using Drivers.Em73xx;

namespace Xsms;

/// <summary>Runs two streams of the modem side by side, as <c>watch</c> prints messages and delivery reports.</summary>
internal static class Watching
{
    /// <summary>
    /// Hands each item of both streams to its action until either ends; the first to end says why (a vanished port, Ctrl-C,
    /// a reader gone) and stops the other. A modem that refuses to route reports still has its messages watched.
    /// </summary>
    public static async Task BothAsync<TFirst, TSecond>(
        IAsyncEnumerable<TFirst> first, Action<TFirst> onFirst, IAsyncEnumerable<TSecond> second, Action<TSecond> onSecond, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] both = [DrainAsync(first, onFirst, optional: false, stop.Token), DrainAsync(second, onSecond, optional: true, stop.Token)];
        var ended = await Task.WhenAny(both);
        await stop.CancelAsync();
        await Task.WhenAll(both.Select(t => t.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)));
        await ended;
    }

    private static async Task DrainAsync<T>(IAsyncEnumerable<T> stream, Action<T> action, bool optional, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in stream.WithCancellation(cancellationToken))
            {
                action(item);
            }
        }
        catch (ModemErrorException) when (optional)
        {
            // Refused (AT+CNMI without reports): the other stream carries on alone.
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
    }
}
