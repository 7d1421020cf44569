using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Drivers.DualShock4;
using Drivers.DualShock4.Simulation;

namespace Benchmarks.DualShock4;

/// <summary>
/// The full API: reports from the simulated pad through the controller's read thread, parser and state stream to
/// an <c>await foreach</c> reader. One operation is 1000 reports, i.e. one second of a 1000 Hz stream.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet calls [GlobalCleanup], which disposes them.")]
public class DualShock4StreamBenchmarks
{
    private SimulatedController _pad = null!;
    private Controller _controller = null!;
    private Task _reader = null!;
    private CancellationTokenSource _stop = null!;
    private byte[][] _reports = null!;
    private long _consumed;

    /// <summary>The reader on the thread pool (the default) or on the read thread (the opt-in).</summary>
    [Params(false, true)]
    public bool RunReadersOnReadThread { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pad = new SimulatedController(new SimulatedControllerOptions { QueueCapacity = 2048 });
        _controller = _pad.Open(new ControllerOptions { StreamCapacity = 1_000_000, RunReadersOnReadThread = RunReadersOnReadThread });
        _reports = [.. Recording.FromMotion(Motion.Demo, TimeSpan.FromMilliseconds(999), TimeSpan.FromMilliseconds(1)).Reports.Select(r => r.Report.ToArray())];
        _stop = new CancellationTokenSource();
        var states = _controller.WatchStatesAsync(_stop.Token).GetAsyncEnumerator(_stop.Token);
        var first = states.MoveNextAsync(); // subscribes now, before the first report is sent
        _reader = Consume(first, states);
    }

    private async Task Consume(ValueTask<bool> first, IAsyncEnumerator<ControllerState> states)
    {
        await using (states.ConfigureAwait(false))
        {
            for (var more = await first.ConfigureAwait(false); more; more = await states.MoveNextAsync().ConfigureAwait(false))
            {
                Interlocked.Increment(ref _consumed);
            }
        }
    }

    /// <summary>1000 reports as fast as the pipeline takes them: the CPU cost of one second at 1000 Hz.</summary>
    [Benchmark]
    public void Stream1000Reports()
    {
        var target = Interlocked.Read(ref _consumed) + _reports.Length;
        foreach (var report in _reports)
        {
            while (!_pad.SendReport(report))
            {
                Thread.SpinWait(20);
            }
        }
        var spin = new SpinWait();
        while (Interlocked.Read(ref _consumed) < target)
        {
            spin.SpinOnce();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop.Cancel();
        _controller.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _pad.DisposeAsync().AsTask().GetAwaiter().GetResult();
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
