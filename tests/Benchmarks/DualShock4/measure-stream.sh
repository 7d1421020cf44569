#!/usr/bin/env bash
# A 1000 Hz report stream through the full Controller API, with the pacing in another process: a fake sysfs tree names
# /dev/hidraw0 a USB DualShock 4, a FIFO in packet mode stands in for the node (one report per read, as hidraw), and
# Python writes one 64-byte USB report per millisecond (or RATE_HZ) into it. Prints the controller process's CPU share
# and memory.
# At the same time, on streams of their own, two programs do only the same reads and sleeps: one in C (read-floor.c,
# when a C compiler is there), the floor on this machine, and the same loop in C#, the floor under any .NET reader.
# They run side by side because this VM's figures drift by tens of percent from one run to the next.
# Usage: tests/Benchmarks/DualShock4/measure-stream.sh [SECONDS] [BATCH_MS] [RATE_HZ] [READERS]
#   (defaults 60, 4 as the library's default, and 1000; 250 is a pad's own rate over USB and by default over Bluetooth;
#   READERS is "pool", the default, or "thread" for ControllerOptions.RunReadersOnReadThread)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
seconds=${1:-60}
batch=${2:-4}
rate=${3:-1000}
readers=${4:-pool}
# tmpfs, as /dev is: a FIFO on a disk file system writes its inode's access time on every read.
work=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

mkdir -p "$work/sys/class/hidraw/hidraw0/device" "$work/dev"
printf 'HID_ID=0003:0000054C:000009CC\nHID_NAME=Sony Interactive Entertainment Wireless Controller\n' \
  > "$work/sys/class/hidraw/hidraw0/device/uevent"

pace() { # FIFO SECONDS
  /usr/bin/python3 "$repo/tests/Benchmarks/DualShock4/pace.py" "$1" "$2" "$rate" &
}

cat > "$work/measure.cs" <<CS
#:project $repo/src/DualShock4/DualShock4.csproj
#:property TreatWarningsAsErrors=false
using System.Diagnostics;
using Drivers.DualShock4;
var seconds = int.Parse(args[0]);
await using var pad = Controller.OpenFirst(new ControllerOptions
{
    SysfsRoot = args[1], DevRoot = args[2], BatchInterval = TimeSpan.FromMilliseconds(double.Parse(args[3])),
    RunReadersOnReadThread = args[4] == "thread",
});
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 1));
var me = Process.GetCurrentProcess();
long states = 0, memAt10 = 0, setAt10 = 0;
double cpuStart = 0, cpuAt10 = 0;
var clock = Stopwatch.StartNew();
try
{
    await foreach (var state in pad.WatchStatesAsync(stop.Token))
    {
        if (++states == 1) { me.Refresh(); cpuStart = me.TotalProcessorTime.TotalMilliseconds; clock.Restart(); }
        if (memAt10 == 0 && clock.Elapsed.TotalSeconds >= 10)
        {
            memAt10 = GC.GetTotalMemory(true); me.Refresh(); cpuAt10 = me.TotalProcessorTime.TotalMilliseconds; setAt10 = me.WorkingSet64;
        }
        if (clock.Elapsed.TotalSeconds >= seconds) break;
    }
}
catch (OperationCanceledException) { }
me.Refresh();
var cpu = me.TotalProcessorTime.TotalMilliseconds - cpuStart;
var wall = clock.Elapsed.TotalMilliseconds;
var memAtEnd = GC.GetTotalMemory(true); // before anything is printed: the console's own buffers are not the controller's
Console.WriteLine(\$"managed heap at 10 s {memAt10 / 1024} KB, at the end {memAtEnd / 1024} KB; working set {setAt10 / 1024} KB, {me.WorkingSet64 / 1024} KB");
Console.WriteLine(\$"{states} states in {wall / 1000:F1} s ({states * 1000 / wall:F0} Hz), {pad.ReportsDropped} dropped, batch interval {args[3]} ms, readers on the {(args[4] == "thread" ? "read thread" : "thread pool")}");
Console.WriteLine(\$"controller process CPU: {cpu:F0} ms = {100 * cpu / wall:F2} % of one core (after the first 10 s: {100 * (me.TotalProcessorTime.TotalMilliseconds - cpuAt10) / (wall - 10000):F2} %)");
CS

cat > "$work/floor.cs" <<CS
#:property AllowUnsafeBlocks=true
// read-floor.c in C#: the reads and sleeps alone, through the runtime's P/Invoke.
using System.Diagnostics;
using System.Runtime.InteropServices;
unsafe
{
    var fd = Native.open(args[0], 0x800 /* O_NONBLOCK */);
    double duration = double.Parse(args[1]), batchMs = double.Parse(args[2]);
    var report = stackalloc byte[1024];
    var pause = new Native.TimeSpec { Seconds = 0, Nanoseconds = (long)(batchMs * 1e6) };
    var wait = new Native.PollFd { Fd = fd, Events = 1 /* POLLIN */ };
    var me = Process.GetCurrentProcess();
    long reports = 0;
    double cpu = 0;
    var clock = new Stopwatch();
    while (true)
    {
        while (Native.read(fd, report, 1024) > 0)
        {
            if (reports++ == 0) { clock.Start(); me.Refresh(); cpu = me.TotalProcessorTime.TotalMilliseconds; }
        }
        if (reports > 0 && clock.Elapsed.TotalSeconds >= duration) break;
        if (batchMs > 0) Native.nanosleep(&pause, null); else Native.poll(&wait, 1, -1);
    }
    me.Refresh();
    var used = me.TotalProcessorTime.TotalMilliseconds - cpu;
    Console.WriteLine(\$"C# floor, batch {args[2]} ms: {reports} reports in {clock.Elapsed.TotalSeconds:F1} s, {used:F0} ms CPU = {100 * used / clock.Elapsed.TotalMilliseconds:F2} % of one core");
}
static unsafe class Native
{
    public struct TimeSpec { public long Seconds, Nanoseconds; }
    public struct PollFd { public int Fd; public short Events, Returned; }
    [DllImport("libc")] public static extern int open(string path, int flags);
    [DllImport("libc")] public static extern nint read(int fd, byte* buffer, nint count);
    [DllImport("libc")] public static extern int nanosleep(TimeSpec* duration, TimeSpec* remaining);
    [DllImport("libc")] public static extern int poll(PollFd* fds, nuint count, int timeout);
}
CS

# Release on the command line: a #:property would not reach the referenced library, which would then be built Debug.
# Built first, so each stream starts when its reader is ready.
dotnet build -c Release "$work/measure.cs" --verbosity quiet > /dev/null
dotnet build -c Release "$work/floor.cs" --verbosity quiet > /dev/null
mkfifo "$work/dev/hidraw0" "$work/floor-cs" "$work/floor-c"
exec 3<>"$work/dev/hidraw0" 4<>"$work/floor-cs" 5<>"$work/floor-c" # held open: neither side blocks in open() or sees EOF
floors=()
pace "$work/floor-cs" "$((seconds + 5))"
dotnet run -c Release --no-build "$work/floor.cs" -- "$work/floor-cs" "$seconds" "$batch" > "$work/floor-cs.out" &
floors+=($!)
if command -v cc > /dev/null; then
  cc -O2 -o "$work/read-floor" "$repo/tests/Benchmarks/DualShock4/read-floor.c"
  pace "$work/floor-c" "$((seconds + 5))"
  "$work/read-floor" "$work/floor-c" "$seconds" "$batch" > "$work/floor-c.out" &
  floors+=($!)
fi
pace "$work/dev/hidraw0" "$((seconds + 5))"
dotnet run -c Release --no-build "$work/measure.cs" -- "$seconds" "$work/sys" "$work/dev" "$batch" "$readers"
wait "${floors[@]}"
cat "$work"/floor-*.out
