using System.Runtime.Versioning;

namespace Drivers.Em73xx.Simulation;

/// <summary>
/// A <see cref="SimulatedModem"/> exposed on a Linux pseudo-terminal, so that a real <c>SerialPort</c> (or any serial
/// program) opens it by <see cref="Path"/>. After a reboot the port vanishes and comes back at the same path.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class SimulatedModemTerminal : IAsyncDisposable
{
    private readonly SimulatedModem _modem;
    private readonly TimeSpan _rebootDuration;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _folder;
    private readonly Task _serving;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal SimulatedModemTerminal(SimulatedModem modem, TimeSpan rebootDuration)
    {
        _modem = modem;
        _rebootDuration = rebootDuration;
        _folder = Directory.CreateTempSubdirectory("em73xx-sim-").FullName;
        Path = System.IO.Path.Combine(_folder, "ttyACM0");
        _serving = Task.Run(ServeAsync);
        _ready.Task.GetAwaiter().GetResult();
    }

    /// <summary>The stable path to open (a link to the current <c>/dev/pts/N</c>), like <c>/dev/ttyACM0</c>.</summary>
    public string Path { get; }

    /// <summary>Closes the pseudo-terminal: clients see the port vanish.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _serving.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped while rebooting.
        }
        Directory.Delete(_folder, recursive: true);
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var terminal = PseudoTerminal.Open();
                File.Delete(Path);
                File.CreateSymbolicLink(Path, terminal.SlavePath);
                _ready.TrySetResult();
                await _modem.ServeAsync(terminal.Stream, _stop.Token).ConfigureAwait(false);
                if (_stop.IsCancellationRequested)
                {
                    break;
                }
                // A reboot (or Faults.Disconnect): the port is gone for a while, then back at the same path.
                File.Delete(Path);
                await Task.Delay(_rebootDuration, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _ready.TrySetException(e);
        }
    }
}
