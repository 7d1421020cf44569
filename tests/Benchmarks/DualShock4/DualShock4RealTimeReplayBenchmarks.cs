using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using DualShock4;
using DualShock4.Simulation;

namespace Benchmarks.DualShock4;

/// <summary>
/// A real-time replay: 1000 reports paced at 1000 Hz by the system clock through the full API. The operation lasts about
/// one second of wall time; what matters is the CPU it used, printed at the end as a share of one core, and the
/// allocations per second (MemoryDiagnoser), which bound memory growth over a long session.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet calls [GlobalCleanup], which disposes them.")]
public class DualShock4RealTimeReplayBenchmarks
{
    private SimulatedController _pad = null!;
    private Controller _controller = null!;
    private Task _reader = null!;
    private CancellationTokenSource _stop = null!;
    private Recording _second = null!;
    private TimeSpan _cpu;
    private TimeSpan _wall;
    private TimeSpan _cpuAtStart;
    private long _wallAtStart;

    [GlobalSetup]
    public void Setup()
    {
        _pad = new SimulatedController();
        _controller = _pad.OpenAsync().GetAwaiter().GetResult();
        _second = Recording.FromMotion(Motion.Demo, TimeSpan.FromMilliseconds(999), TimeSpan.FromMilliseconds(1));
        _stop = new CancellationTokenSource();
        _reader = Task.Run(async () =>
        {
            await foreach (var state in _controller.ReadStatesAsync(_stop.Token))
            {
            }
        });
    }

    [IterationSetup]
    public void StartClock()
    {
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _wallAtStart = Stopwatch.GetTimestamp();
    }

    [Benchmark]
    public Task ReplayOneSecondAt1000Hz() => _pad.ReplayAsync(_second);

    [IterationCleanup]
    public void StopClock()
    {
        _cpu += Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        _wall += Stopwatch.GetElapsedTime(_wallAtStart);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// DualShock4 real-time replay: {_cpu.TotalMilliseconds:F0} ms CPU in {_wall.TotalMilliseconds:F0} ms = {100 * _cpu / _wall:F2}% of one core");
        _stop.Cancel();
        _controller.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _pad.Dispose();
        try
        {
            _reader.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
