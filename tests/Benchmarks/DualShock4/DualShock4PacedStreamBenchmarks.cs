using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Drivers.DualShock4;

namespace Benchmarks.DualShock4;

/// <summary>
/// A 1000 Hz stream through the full API, paced by another process as a pad would be: a fake sysfs tree names a FIFO
/// a USB DualShock 4, and <c>pace.py</c> writes one 64-byte report per millisecond into it in packet mode, so each
/// read returns one report as hidraw does. One operation is 1000 states through <c>WatchStatesAsync</c> (about one
/// second). What matters is the CPU this process used meanwhile (CLOCK_PROCESS_CPUTIME_ID), printed at the end as a
/// share of one core, and the allocations per operation (MemoryDiagnoser), which bound memory growth.
/// </summary>
[MemoryDiagnoser]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet calls [GlobalCleanup], which disposes them.")]
public partial class DualShock4PacedStreamBenchmarks
{
    private const int StatesPerOperation = 1000;

    private string _root = null!;
    private FileStream _keepOpen = null!;
    private Process _pacer = null!;
    private Controller _controller = null!;
    private Task _reader = null!;
    private CancellationTokenSource _stop = null!;
    private TaskCompletionSource _done = null!;
    private long _states;
    private long _target;
    private long _cpu;
    private long _cpuAtStart;
    private TimeSpan _wall;
    private long _wallAtStart;

    /// <summary>0 wakes the read thread for every report; 4 is the default batching.</summary>
    [Params(0, 4)]
    public int BatchIntervalMs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // On tmpfs when there is one, as /dev is: a FIFO on a disk file system writes its inode's access time on every read.
        var parent = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _root = Directory.CreateDirectory(Path.Combine(parent, $"ds4-paced-{Environment.ProcessId}-{BatchIntervalMs}")).FullName;
        var device = Path.Combine(_root, "sys", "class", "hidraw", "hidraw0", "device");
        Directory.CreateDirectory(device);
        File.WriteAllText(Path.Combine(device, "uevent"), "HID_ID=0003:0000054C:000009CC\nHID_NAME=Sony Interactive Entertainment Wireless Controller\n");
        var node = Path.Combine(_root, "dev", "hidraw0");
        Directory.CreateDirectory(Path.GetDirectoryName(node)!);
        if (MkFifo(node, 0x180) != 0)
        {
            throw new IOException($"mkfifo {node} failed.");
        }
        // Held open read-write so that neither side blocks in open() and the reader never sees end of file.
        _keepOpen = new FileStream(node, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        _controller = Controller.OpenFirst(new ControllerOptions
        {
            SysfsRoot = Path.Combine(_root, "sys"),
            DevRoot = Path.Combine(_root, "dev"),
            BatchInterval = TimeSpan.FromMilliseconds(BatchIntervalMs),
        });
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stop = new CancellationTokenSource();
        _reader = Task.Run(async () =>
        {
            await foreach (var state in _controller.WatchStatesAsync(_stop.Token))
            {
                if (++_states == Volatile.Read(ref _target))
                {
                    _cpu += ProcessCpuNanoseconds() - _cpuAtStart;
                    _wall += Stopwatch.GetElapsedTime(_wallAtStart);
                    _done.TrySetResult();
                }
            }
        });
        var pacer = Path.Combine(AppContext.BaseDirectory, "DualShock4", "pace.py");
        _pacer = Process.Start(new ProcessStartInfo("/usr/bin/python3", [pacer, node]))
            ?? throw new InvalidOperationException("Could not start /usr/bin/python3 as the pacer.");
        // Two seconds of stream first, so the figures leave out the JIT compiling the read path.
        Read1000StatesAt1000Hz().Wait();
        Read1000StatesAt1000Hz().Wait();
        (_cpu, _wall) = (0, TimeSpan.Zero);
    }

    /// <summary>Waits for the next 1000 states of the paced stream; the clocks run from here to the last of them.</summary>
    [Benchmark]
    public Task Read1000StatesAt1000Hz()
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _cpuAtStart = ProcessCpuNanoseconds();
        _wallAtStart = Stopwatch.GetTimestamp();
        Volatile.Write(ref _target, Interlocked.Read(ref _states) + StatesPerOperation);
        return _done.Task;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var share = 100.0 * _cpu / (_wall.TotalMilliseconds * 1e6);
        Console.WriteLine($"// DualShock4 paced 1000 Hz stream, batch interval {BatchIntervalMs} ms: {_cpu / 1e6:F0} ms CPU in {_wall.TotalMilliseconds:F0} ms = {share:F2}% of one core, {_controller.ReportsDropped} dropped");
        _pacer.Kill();
        _pacer.WaitForExit();
        _pacer.Dispose();
        _stop.Cancel();
        try
        {
            _reader.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }
        _controller.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _keepOpen.Dispose();
        _stop.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static unsafe long ProcessCpuNanoseconds()
    {
        var time = stackalloc nint[2];
        return ClockGetTime(ClockProcessCpuTimeId, time) == 0 ? ((long)time[0] * 1_000_000_000) + time[1] : 0;
    }

    private const int ClockProcessCpuTimeId = 2; // CLOCK_PROCESS_CPUTIME_ID: every thread's CPU, to the nanosecond

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static unsafe partial int ClockGetTime(int clock, nint* time);

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkFifo(string path, uint mode);
}
