using Drivers.Em73xx.Simulation;

namespace Drivers.Em73xx.Tests.Device;

/// <summary>What the message and report tests against the simulator share: the guard on every wait, and a command's wait.</summary>
internal static class SimulatorWaits
{
    /// <summary>The longest any wait may take before the test fails instead of hanging.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Completes once the simulator has handled and answered <paramref name="command"/>, exactly that line.</summary>
    public static Task HandledAsync(SimulatedModem simulator, string command)
    {
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        simulator.CommandHandled += (_, line) =>
        {
            if (line == command)
            {
                handled.TrySetResult();
            }
        };
        return handled.Task;
    }
}
