#!/usr/bin/env bash
# A 1000 Hz report stream through the full Controller API for 60 s, with the pacing in another process:
# a fake sysfs tree names /dev/hidraw0 a USB DualShock 4, a FIFO stands in for the node, and Python writes
# one 64-byte USB report per millisecond into it. Prints the controller process's CPU share and memory.
# Usage: tests/Benchmarks/DualShock4/measure-stream.sh [SECONDS]   (Release build of src/DualShock4)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
seconds=${1:-60}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

mkdir -p "$work/sys/class/hidraw/hidraw0/device" "$work/dev"
printf 'HID_ID=0003:0000054C:000009CC\nHID_NAME=Sony Interactive Entertainment Wireless Controller\n' \
  > "$work/sys/class/hidraw/hidraw0/device/uevent"
mkfifo "$work/dev/hidraw0"

cat > "$work/measure.cs" <<CS
#:project $repo/src/DualShock4/DualShock4.csproj
#:property Configuration=Release
#:property TreatWarningsAsErrors=false
using System.Diagnostics;
using DualShock4;
var seconds = int.Parse(args[0]);
await using var pad = await Controller.OpenFirstAsync(new ControllerOptions { SysfsRoot = args[1], DevRoot = args[2] });
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
var me = Process.GetCurrentProcess();
long states = 0, cpuStart = 0, memAt10 = 0, cpuAt10 = 0;
var clock = Stopwatch.StartNew();
try
{
    await foreach (var state in pad.ReadStatesAsync(stop.Token))
    {
        if (++states == 1) { me.Refresh(); cpuStart = (long)me.TotalProcessorTime.TotalMilliseconds; clock.Restart(); }
        if (memAt10 == 0 && clock.Elapsed.TotalSeconds >= 10)
        {
            GC.Collect(); me.Refresh(); memAt10 = GC.GetTotalMemory(true); cpuAt10 = (long)me.TotalProcessorTime.TotalMilliseconds;
            Console.WriteLine(\$"at 10 s: managed heap {memAt10 / 1024} KB, working set {me.WorkingSet64 / 1024} KB");
        }
    }
}
catch (OperationCanceledException) { }
me.Refresh();
var cpu = me.TotalProcessorTime.TotalMilliseconds - cpuStart;
var wall = clock.Elapsed.TotalMilliseconds;
GC.Collect();
Console.WriteLine(\$"at end: managed heap {GC.GetTotalMemory(true) / 1024} KB, working set {me.WorkingSet64 / 1024} KB");
Console.WriteLine(\$"{states} states in {wall / 1000:F1} s ({states * 1000 / wall:F0} Hz), {pad.ReportsDropped} dropped");
Console.WriteLine(\$"controller process CPU: {cpu:F0} ms = {100 * cpu / wall:F2} % of one core (after the first 10 s: {100 * (me.TotalProcessorTime.TotalMilliseconds - cpuAt10) / (wall - 10000):F2} %)");
CS

/usr/bin/python3 - "$work/dev/hidraw0" "$((seconds + 15))" <<'PY' &
import os, sys, time
path, seconds = sys.argv[1], float(sys.argv[2])
report = bytearray(64); report[0] = 0x01; report[1:5] = b'\x80\x80\x80\x80'; report[5] = 0x08
fd = os.open(path, os.O_WRONLY)
start = time.monotonic(); n = 0
while time.monotonic() - start < seconds:
    n += 1
    report[7] = (n & 0x3F) << 2
    try:
        os.write(fd, report)
    except BrokenPipeError:
        break
    delay = start + n / 1000 - time.monotonic()
    if delay > 0:
        time.sleep(delay)
PY
dotnet run "$work/measure.cs" -- "$seconds" "$work/sys" "$work/dev"
