namespace Drivers.NotebookHosting.Launching;

/// <summary>Optional knobs of <see cref="NotebookLauncher"/>.</summary>
public sealed class NotebookLauncherOptions
{
    /// <summary>
    /// How long Jupyter gets to stop after the shutdown is forwarded before its process tree is killed;
    /// 20 s by default, below the 30 s <c>shutdownTimeLimit</c> the generated web.config gives ANCM.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The clock for <see cref="ShutdownTimeout"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where environment variables are read from; the process environment by default.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}
