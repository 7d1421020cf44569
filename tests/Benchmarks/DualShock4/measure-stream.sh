#!/usr/bin/env bash
# A 1000 Hz report stream through the full Controller API, with the pacing in another process: a fake sysfs tree names
# /dev/hidraw0 a USB DualShock 4, a FIFO in packet mode stands in for the node (one report per read, as hidraw), and
# Python writes one 64-byte USB report per millisecond into it. Prints the controller process's CPU share and memory,
# then the same for a C program doing only the reads (the floor on this machine), when a C compiler is there.
# Usage: tests/Benchmarks/DualShock4/measure-stream.sh [SECONDS] [BATCH_MS]   (defaults 60 and 4, the library's default)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
seconds=${1:-60}
batch=${2:-4}
# tmpfs, as /dev is: a FIFO on a disk file system writes its inode's access time on every read.
work=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

mkdir -p "$work/sys/class/hidraw/hidraw0/device" "$work/dev"
printf 'HID_ID=0003:0000054C:000009CC\nHID_NAME=Sony Interactive Entertainment Wireless Controller\n' \
  > "$work/sys/class/hidraw/hidraw0/device/uevent"

pace() { # FIFO SECONDS
  /usr/bin/python3 "$repo/tests/Benchmarks/DualShock4/pace.py" "$1" "$2" &
}

cat > "$work/measure.cs" <<CS
#:project $repo/src/DualShock4/DualShock4.csproj
#:property Configuration=Release
#:property TreatWarningsAsErrors=false
using System.Diagnostics;
using DualShock4;
var seconds = int.Parse(args[0]);
await using var pad = await Controller.OpenFirstAsync(new ControllerOptions
{
    SysfsRoot = args[1], DevRoot = args[2], BatchInterval = TimeSpan.FromMilliseconds(double.Parse(args[3])),
});
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 1));
var me = Process.GetCurrentProcess();
long states = 0, memAt10 = 0, setAt10 = 0;
double cpuStart = 0, cpuAt10 = 0;
var clock = Stopwatch.StartNew();
try
{
    await foreach (var state in pad.ReadStatesAsync(stop.Token))
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
Console.WriteLine(\$"{states} states in {wall / 1000:F1} s ({states * 1000 / wall:F0} Hz), {pad.ReportsDropped} dropped, batch interval {args[3]} ms");
Console.WriteLine(\$"controller process CPU: {cpu:F0} ms = {100 * cpu / wall:F2} % of one core (after the first 10 s: {100 * (me.TotalProcessorTime.TotalMilliseconds - cpuAt10) / (wall - 10000):F2} %)");
CS

dotnet build "$work/measure.cs" --verbosity quiet > /dev/null # build first, so the stream starts when the controller opens
mkfifo "$work/dev/hidraw0"
exec 3<>"$work/dev/hidraw0" # held open, so neither side blocks in open() or sees end of file
pace "$work/dev/hidraw0" "$((seconds + 5))"
dotnet run --no-build "$work/measure.cs" -- "$seconds" "$work/sys" "$work/dev" "$batch"
kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true

if command -v cc > /dev/null; then
  cc -O2 -o "$work/read-floor" "$repo/tests/Benchmarks/DualShock4/read-floor.c"
  mkfifo "$work/floor"
  exec 4<>"$work/floor"
  pace "$work/floor" "$((seconds + 5))"
  "$work/read-floor" "$work/floor" "$seconds" "$batch"
fi
