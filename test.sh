#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks, builds with warnings as errors, checks formatting,
# smoke-runs the benchmarks, runs every test project, and ends with one line:
#   tests: N passed, M failed
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages the tests need (one per line, with the issue that needs it).
packages=(
  git          # MinVer versions and the packaging test
  dbus         # dbus-daemon for the NetworkManager tests
  python3-dbusmock  # issue 5: python-dbusmock's networkmanager template, an independent NetworkManager for the tests
  jupyter-notebook       # issue 7: the real Jupyter (notebook 6) the NotebookHost tests launch and log into
  python3-jupyter-server # issue 7: Jupyter Server's passwd/passwd_check and config loader
  python3-argon2         # issue 7: argon2-cffi, behind Jupyter's argon2 password hashes
  python3-ipykernel      # issue 7: the python3 kernel that runs a cell in the NotebookHost end-to-end test
  systemd                # issue 7: systemd-analyze verify/security for the generated unit
  gcc libc6-dev  # issue 4: the system's C headers, against which DualShock4's hidraw constants are checked
  chromium     # issue 6: headless browser test of the ShutterWeb page (Playwright, ExecutablePath=/usr/bin/chromium)
  network-manager  # issue 18: the real NetworkManager and nmcli the NetworkManager tests run in a network namespace of their own
  iproute2         # issue 18: ip netns and veth pairs for that namespace
  gpsd             # issue 16: the real gpsd that reads xsms gps --follow --nmea-server in the end-to-end test
  gpsd-clients     # issue 16: gpspipe, to watch gpsd by hand and in the time-to-first-position script
  jupyterhub                    # issue 20: the real JupyterHub 3.0 the hub tests start with the generated config
  node-configurable-http-proxy  # issue 20: the hub's proxy (run with NODE_PATH=/usr/share/nodejs, as the unit sets)
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # Install, never start: network-manager, gpsd and dbus would otherwise start host services (NetworkManager could take
  # over the machine's own network). policy-rc.d is Debian's switch for that (invoke-rc.d(8)); ours only if none exists.
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 755 "$policy"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || { [ -z "$policy" ] || $sudo rm -f "$policy"; exit 1; }
  [ -z "$policy" ] || $sudo rm -f "$policy"
fi

echo "test.sh: restore and build"
dotnet restore Drivers.sln --verbosity quiet
dotnet build Drivers.sln --no-restore --verbosity quiet -warnaserror -p:TreatWarningsAsErrors=true -clp:ErrorsOnly

echo "test.sh: formatting"
dotnet format Drivers.sln --verify-no-changes --no-restore

mkdir -p artifacts
echo "test.sh: benchmark smoke run (figures mean nothing; see tests/Benchmarks/README.md)"
dotnet build tests/Benchmarks -c Release --verbosity quiet -clp:ErrorsOnly
dotnet tests/Benchmarks/bin/Release/net10.0/Benchmarks.dll --filter '*' --job dry --inProcess > artifacts/benchmarks-smoke.log 2>&1 \
  || { tail -40 artifacts/benchmarks-smoke.log; echo "test.sh: the benchmark smoke run failed"; exit 1; }

echo "test.sh: tests"
results=artifacts/test-results
rm -rf "$results"
status=0
# A hung test must fail the run, not stall CI. Each test process is asked to end after 15 minutes (a project takes under
# 3 on a quiet machine), but that only cancels tests that listen; so the whole run is also killed after 25 minutes
# (timeout(1) signals its process group: the test processes too). Reports of finished projects stay, and the count
# below then says "failed". Run a project's exe directly to have xunit name a test that runs over a minute.
timeout --kill-after=1m 25m dotnet test --solution Drivers.sln --no-build --timeout 15m --report-xunit-trx --results-directory "$results" || status=$?

# Sum the counters of every project's TRX report.
read -r passed failed < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
print(passed, failed)
PY
)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "tests: $passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
