using Drivers.DualShock4;
using Drivers.DualShock4.Simulation;

namespace Ds4;

/// <summary>An open controller and, with --simulate, the simulated pad behind it.</summary>
internal sealed class Session(Controller controller, SimulatedController? simulator) : IAsyncDisposable
{
    public Controller Controller { get; } = controller;

    public SimulatedController? Simulator { get; } = simulator;

    public async ValueTask DisposeAsync()
    {
        await Controller.DisposeAsync();
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }
    }
}
