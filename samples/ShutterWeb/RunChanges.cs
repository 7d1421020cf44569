namespace ShutterWeb;

/// <summary>
/// One at a time: the check-and-set of PUT /api/settings and the plan-and-start of POST /api/intervalometer/start.
/// A start times a bulb or ramp run's frames for the focus of that moment, and the settings refuse a longer focus only
/// once they see the run; interleaved, the settings could check before the start and change after it, and the run
/// would shoot with a focus longer than its frames were timed for.
/// </summary>
internal sealed class RunChanges : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Raised when a request has to wait for another (where tests release a held one: <see cref="SettingsHold"/>).</summary>
    public event Action? Waiting;

    /// <summary>Waits for the other request, if any; disposing the result lets the next one in.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (!_one.Wait(0, cancellationToken))
        {
            Waiting?.Invoke();
            await _one.WaitAsync(cancellationToken);
        }
        return new Exit(_one);
    }

    public void Dispose() => _one.Dispose();

    private sealed class Exit(SemaphoreSlim one) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                one.Release();
            }
        }
    }
}
