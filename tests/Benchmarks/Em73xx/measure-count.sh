#!/usr/bin/env bash
# `xsms count` as a whole NativeAOT process against the simulated EM7345 on a pseudo-terminal, measured with
# hyperfine side by side with two floors in the same run: `true` (process start alone) and `xsms --help` (the AOT
# binary starting and parsing, no port). Needs clang and zlib1g-dev (NativeAOT) and hyperfine (Debian packages).
# Usage: tests/Benchmarks/Em73xx/measure-count.sh [RUNS]   (prints a markdown table of medians, with the load average)
#        XSMS_AOT=DIR ... uses an xsms already published there instead of publishing one.
set -euo pipefail
runs=${1:-60}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
host=
cleanup() {
    if [[ -n $host ]]; then kill "$host" 2>/dev/null || true; wait "$host" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if [[ -n ${XSMS_AOT:-} ]]; then
    cp -r "$XSMS_AOT" "$work/xsms"
else
    dotnet publish "$repo/samples/Xsms" -c Release -r linux-x64 -o "$work/xsms" >"$work/publish.log" 2>&1 \
        || { cat "$work/publish.log" >&2; exit 1; }
fi

# A process hosting the simulator on a pseudo-terminal: it prints the port's path and serves until killed.
mkdir "$work/host"
cat >"$work/host/host.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>
  <ItemGroup><ProjectReference Include="$repo/src/Em73xx/Em73xx.csproj" /></ItemGroup>
</Project>
EOF
cat >"$work/host/Program.cs" <<'EOF'
using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Sms;

await using var modem = new SimulatedModem();
modem.StoreMessage(SmsStatus.Unread, "+420775123456", "Ahoj! Dinner at 7?");
modem.StoreMessage(SmsStatus.Read, "+420775123457", "Your parcel arrives tomorrow.");
await using var terminal = modem.OpenPseudoTerminal();
Console.WriteLine(terminal.Path);
await Task.Delay(Timeout.Infinite);
EOF
dotnet build "$work/host" -c Release -o "$work/hostbin" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
"$work/hostbin/host" >"$work/host.out" &
host=$!
for _ in $(seq 100); do [[ -s $work/host.out ]] && break; sleep 0.1; done
port=$(head -1 "$work/host.out")
[[ -n $port ]] || { echo "the simulator host printed no port" >&2; exit 1; }

# A state folder of its own: count keeps the unread message unread, so every run does the same work.
export XDG_STATE_HOME="$work/state"
"$work/xsms/xsms" --device "$port" count >/dev/null
hyperfine -N --warmup 5 --runs "$runs" --export-json "$work/runs.json" \
    "true" "$work/xsms/xsms --help" "$work/xsms/xsms --device $port count" >&2
python3 - "$work/runs.json" "$work/xsms/" "$port" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print("| Command | Median [ms] | Min [ms] | Mean ± σ [ms] | Runs |")
print("|:---|---:|---:|---:|---:|")
for r in results:
    command = r["command"].replace(sys.argv[2], "").replace(sys.argv[3], "PTY")
    print(f"| `{command}` | {r['median'] * 1000:.1f} | {r['min'] * 1000:.1f} | {r['mean'] * 1000:.1f} ± {r['stddev'] * 1000:.1f} | {len(r['times'])} |")
EOF
echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
