namespace ShutterWeb;

/// <summary>
/// For tests only (<c>SHUTTER_WEB_DIAGNOSTICS=1</c>, <c>/api/diagnostics/settings-hold</c>): holds the next PUT
/// /api/settings between its checks and its change until a start waits for it (<see cref="RunChanges.Waiting"/>; at
/// most 10 s), so that a test can make a settings request and a start meet at the worst moment. Unarmed, it costs a
/// lock and a flag.
/// </summary>
internal sealed class SettingsHold
{
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private bool _armed;
    private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SettingsHold(RunChanges changes) => changes.Waiting += Resume;

    /// <summary>Holds the next settings request.</summary>
    public void Arm()
    {
        lock (_lock)
        {
            _armed = true;
            _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Whether the request asked for by the last <see cref="Arm"/> is held, once it is (or after 10 s, when it is not).</summary>
    public async Task<bool> HeldAsync(CancellationToken cancellationToken)
    {
        Task held;
        lock (_lock)
        {
            held = _held.Task;
        }
        try
        {
            await held.WaitAsync(Longest, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>In the settings request: if armed, waits (at most 10 s) for <see cref="Resume"/>.</summary>
    public async Task HoldAsync(CancellationToken cancellationToken)
    {
        Task resume;
        lock (_lock)
        {
            if (!_armed)
            {
                return;
            }
            _armed = false;
            _held.TrySetResult();
            resume = _resume.Task;
        }
        try
        {
            await resume.WaitAsync(Longest, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Nothing came: the request goes on as it would have without the hold.
        }
    }

    /// <summary>Another request waits for the held one: lets it go on.</summary>
    private void Resume()
    {
        lock (_lock)
        {
            _resume.TrySetResult();
        }
    }
}
