#!/usr/bin/env bash
# The launcher's own start-up overhead: every launcher starts a stand-in "python" (/bin/true, which
# exits at once) instead of Jupyter, so what is left is the launcher's own cost. Needs hyperfine, clang
# and zlib1g-dev (apt-get install hyperfine clang zlib1g-dev). Run from the repository root:
#   tests/Benchmarks/NotebookHosting/measure-launcher.sh
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet publish samples/NotebookHost -c Release -r linux-x64 -o "$work/aot" --verbosity quiet >/dev/null
dotnet build samples/NotebookHost -c Release -o "$work/jit" --verbosity quiet >/dev/null
echo 'a password' | "$work/aot/notebook-host" iis init --site-dir "$work/site" --python /bin/true --password-stdin >/dev/null

export ASPNETCORE_PORT=18888 ASPNETCORE_APPL_PATH=/jupyter NOTEBOOK_HOST_SETTINGS="$work/site/notebook-host.json"
hyperfine -N --warmup 20 --runs "${RUNS:-300}" --style basic --export-json "$work/results.json" \
  -n 'stand-in alone' "/bin/true -m notebook --NotebookApp.ip=127.0.0.1 --NotebookApp.port=18888 --NotebookApp.base_url=/jupyter/ --NotebookApp.open_browser=False" \
  -n 'notebook-host launch (NativeAOT)' "$work/aot/notebook-host launch" \
  -n 'notebook-host launch (JIT, dotnet notebook-host.dll)' "dotnet $work/jit/notebook-host.dll launch" \
  -n 'launcher.py (/usr/bin/python3)' "/usr/bin/python3 $(pwd)/tests/Benchmarks/NotebookHosting/launcher.py"

# Medians (the machine is shared, so means are noisy), and each launcher's overhead over the stand-in alone.
python3 - "$work/results.json" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
base = statistics.median(results[0]["times"]) * 1000
print(f"{'command':<55} {'median ms':>10} {'overhead ms':>12}")
for r in results:
    median = statistics.median(r["times"]) * 1000
    print(f"{r['command']:<55} {median:>10.1f} {median - base:>12.1f}")
PY
