using System.Diagnostics;
using System.Runtime.Versioning;
using Drivers.Em73xx.Simulation;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.Xsms;

/// <summary>
/// What an xsms test class runs against: the simulated EM7345 on a real pseudo-terminal and a private state folder
/// (<see cref="XsmsState"/>); disposing it ends both and removes the folder.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class SimulatedXsms : IAsyncDisposable
{
    public static readonly string Dll = Repository.SampleDll("Xsms", "xsms");

    private SimulatedModemTerminal _terminal;

    public SimulatedXsms(SimulatedModemOptions? options = null)
    {
        Modem = new SimulatedModem(options ?? new SimulatedModemOptions());
        _terminal = Modem.OpenPseudoTerminal();
    }

    public SimulatedModem Modem { get; private set; }

    public XsmsState State { get; } = new();

    /// <summary>The pseudo-terminal's path, as <c>--device</c> takes it.</summary>
    public string Device => _terminal.Path;

    /// <summary>Runs <c>xsms --device DEVICE arguments...</c> to its end, with <paramref name="input"/> on its standard input.</summary>
    public Task<SampleResult> RunAsync(string? input, params string[] arguments) =>
        SampleProcess.RunAsync(Dll, ["--device", Device, .. arguments], standardInput: input, environment: State.Environment,
            cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Starts <c>xsms --device DEVICE arguments...</c>; the caller ends and disposes it.</summary>
    public Process Start(params string[] arguments)
    {
        var process = new Process { StartInfo = SampleProcess.Start(Dll, ["--device", Device, .. arguments], State.Environment) };
        process.Start();
        return process;
    }

    /// <summary>Replaces the simulator with one made with <paramref name="options"/>, on a new pseudo-terminal.</summary>
    public async Task ReplaceModemAsync(SimulatedModemOptions options)
    {
        await _terminal.DisposeAsync();
        await Modem.DisposeAsync();
        Modem = new SimulatedModem(options);
        _terminal = Modem.OpenPseudoTerminal();
    }

    public async ValueTask DisposeAsync()
    {
        await _terminal.DisposeAsync();
        await Modem.DisposeAsync();
        State.Dispose();
    }
}
