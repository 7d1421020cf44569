using Drivers.Em73xx.Simulation;

namespace Drivers.Em73xx.Tests.Device;

/// <summary>What the message, report and USSD tests against the simulator share: the guard on every wait, and a command's wait.</summary>
internal static class SimulatorWaits
{
    /// <summary>The longest any wait may take before the test fails instead of hanging.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Completes once the simulator has handled and answered <paramref name="command"/>, exactly that line.</summary>
    public static Task HandledAsync(SimulatedModem simulator, string command) => HandledAsync(simulator, line => line == command);

    /// <summary>Completes once the simulator has handled and answered a line starting with <paramref name="prefix"/>.</summary>
    public static Task HandledStartingWithAsync(SimulatedModem simulator, string prefix) =>
        HandledAsync(simulator, line => line.StartsWith(prefix, StringComparison.Ordinal));

    private static Task HandledAsync(SimulatedModem simulator, Func<string, bool> matches)
    {
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        simulator.CommandHandled += (_, line) =>
        {
            if (matches(line))
            {
                handled.TrySetResult();
            }
        };
        return handled.Task;
    }
}
