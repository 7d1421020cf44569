#!/usr/bin/env bash
# Time from `xsms --simulate gps --follow --nmea-server` starting to Debian's gpsd reporting the first position, side by
# side in each run with the floor: the simulated modem's own time to first fix (1 s after the location request, see
# samples/Xsms/Demo.cs) and the moment xsms itself printed that fix. Each run starts a fresh xsms (NativeAOT) and a fresh
# gpsd (-N -n, reading tcp://127.0.0.1:PORT as soon as xsms says where it serves), and reads gpsd's JSON protocol.
# Needs gpsd, clang and zlib1g-dev (NativeAOT). Usage: tests/Benchmarks/Em73xx/measure-gps-first-fix.sh [RUNS]
#        XSMS_AOT=DIR ... uses an xsms already published there instead of publishing one.
set -euo pipefail
runs=${1:-20}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ -n ${XSMS_AOT:-} ]]; then
    cp -r "$XSMS_AOT" "$work/xsms"
else
    dotnet publish "$repo/samples/Xsms" -c Release -r linux-x64 -o "$work/xsms" >"$work/publish.log" 2>&1 \
        || { cat "$work/publish.log" >&2; exit 1; }
fi

python3 - "$work" "$runs" <<'EOF'
import json, os, signal, socket, statistics, subprocess, sys, threading, time

work, runs = sys.argv[1], int(sys.argv[2])
first_fix = 1.0  # the simulator's time to first fix, from the location request (Demo.cs)

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def one_run(n):
    started = time.monotonic()
    xsms = subprocess.Popen([f"{work}/xsms/xsms", "--simulate", "gps", "--follow", "--nmea-server", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    gpsd = None
    try:
        serving = xsms.stdout.readline()  # "serving NMEA 0183 on 127.0.0.1:PORT": the modem is open, the request next
        listening = time.monotonic()
        server = serving.rsplit(" ", 1)[1].strip()
        printed = {}
        def read_fix():
            xsms.stdout.readline()
            printed["at"] = time.monotonic()
        reader = threading.Thread(target=read_fix, daemon=True)
        reader.start()
        port = free_port()
        gpsd = subprocess.Popen(["gpsd", "-N", "-n", "-D", "3", "-S", str(port), "-F", f"{work}/gpsd-{n}.sock", f"tcp://{server}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in gpsd.stderr:
            if "listening on port" in line:
                break
        threading.Thread(target=lambda: [None for _ in gpsd.stderr], daemon=True).start()
        with socket.create_connection(("127.0.0.1", port)) as client:
            client.sendall(b'?WATCH={"enable":true,"json":true};\n')
            for line in client.makefile():
                report = json.loads(line)
                if report.get("class") == "TPV" and "lat" in report:
                    reported = time.monotonic()
                    break
        reader.join(10)
        return (listening - started, printed["at"] - started, reported - started)
    finally:
        for process in (gpsd, xsms):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(10)

one_run(0)  # warm the page cache
samples = [one_run(n) for n in range(1, runs + 1)]
listening = [s * 1000 for s, _, _ in samples]
printed = [p * 1000 for _, p, _ in samples]
reported = [r * 1000 for _, _, r in samples]
overhead = [(r - p) * 1000 for _, p, r in samples]
def row(name, values):
    print(f"| {name} | {statistics.median(values):.1f} | {min(values):.1f} | {max(values):.1f} |")
print("| From `xsms gps --follow --nmea-server 0` starting to ... | Median [ms] | Min [ms] | Max [ms] |")
print("|:---|---:|---:|---:|")
print(f"| (the simulator's own time to first fix, from its location request) | {first_fix * 1000:.1f} | | |")
row("xsms saying where it serves (process started, modem opened, server listening)", listening)
row("xsms printing the first fix", printed)
row("gpsd reporting the first position (TPV)", reported)
row("gpsd's report after xsms's print (difference, per run)", overhead)
print(f"\n{runs} runs; load average during the run: {' '.join(open('/proc/loadavg').read().split()[:3])} on {os.cpu_count()} cores")
EOF
