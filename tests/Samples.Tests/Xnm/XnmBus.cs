using Drivers.NetworkManager.Simulation;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.Xnm;

/// <summary>A private dbus-daemon for one test class, and xnm run against it.</summary>
public sealed class XnmBus : IAsyncLifetime
{
    private PrivateBus? _bus;

    public string Address => _bus?.Address ?? throw new InvalidOperationException("The bus is not started.");

    public static string Xnm { get; } = Repository.SampleDll("Xnm", "xnm");

    public async ValueTask InitializeAsync() => _bus = await PrivateBus.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.DisposeAsync();
        }
    }

    /// <summary>Runs <c>xnm --bus ADDRESS args...</c>.</summary>
    internal Task<SampleResult> RunAsync(params string[] arguments) =>
        SampleProcess.RunAsync(Xnm, ["--bus", Address, .. arguments], cancellationToken: TestContext.Current.CancellationToken);

    internal Task<SampleResult> RunWithInputAsync(string standardInput, params string[] arguments) =>
        SampleProcess.RunAsync(Xnm, ["--bus", Address, .. arguments], standardInput, cancellationToken: TestContext.Current.CancellationToken);
}
