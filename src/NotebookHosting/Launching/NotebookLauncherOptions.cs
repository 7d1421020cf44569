namespace Drivers.NotebookHosting.Launching;

/// <summary>Optional knobs of <see cref="NotebookLauncher"/>, checked by its constructor.</summary>
public sealed class NotebookLauncherOptions
{
    /// <summary>
    /// How long Jupyter gets to stop after the shutdown is forwarded before its process tree is killed;
    /// more than zero, at most 10 minutes. Default: 20 s, below the 30 s <c>shutdownTimeLimit</c> the generated
    /// web.config gives ANCM.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The clock for <see cref="ShutdownTimeout"/>. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where environment variables are read from. Default: the process environment.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first property out of range.</summary>
    internal void Validate()
    {
        OptionCheck.That<NotebookLauncherOptions>(ShutdownTimeout > TimeSpan.Zero && ShutdownTimeout <= TimeSpan.FromMinutes(10), nameof(ShutdownTimeout), "must be more than zero and at most 10 minutes", ShutdownTimeout);
        OptionCheck.That<NotebookLauncherOptions>(TimeProvider is not null, nameof(TimeProvider), "must not be null", null);
        OptionCheck.That<NotebookLauncherOptions>(GetEnvironmentVariable is not null, nameof(GetEnvironmentVariable), "must not be null", null);
    }
}
