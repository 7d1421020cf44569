#!/usr/bin/env bash
# `xnm status` against `nmcli -t -f NAME,TYPE,DEVICE connection show --active` on the same private bus, with the
# simulated NetworkManager hosted by another process (Wi-Fi HomeWPA2 and the modem up), as whole processes.
# Needs Debian's clang and zlib1g-dev (NativeAOT), hyperfine, and network-manager (for nmcli; the daemon need not run).
# Usage: tests/Benchmarks/NetworkManager/measure-status.sh [RUNS]   (default 60)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
runs=${1:-60}
work=$(mktemp -d)
trap 'exec 3>&- 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet publish "$repo/samples/Xnm" -c Release -r linux-x64 -o "$work/xnm" >/dev/null

cat > "$work/host.cs" <<CS
#:project $repo/src/NetworkManager/NetworkManager.csproj
#:property TreatWarningsAsErrors=false
using Drivers.NetworkManager;
using Drivers.NetworkManager.Simulation;
await using var bus = await PrivateBus.StartAsync();
await using var simulator = await SimulatedNetworkManager.StartAsync(bus.Address, new SimulatedNetworkManagerOptions { StepDelay = TimeSpan.Zero });
simulator.AddSampleNetworks();
await using (var nm = await NetworkManagerClient.OpenAsync(bus.Address))
{
    await nm.ConnectToWifiAsync("HomeWPA2", "correct horse");
    await nm.ConnectModemAsync();
}
Console.WriteLine(bus.Address);
await Console.In.ReadToEndAsync(); // until the script ends
CS

mkfifo "$work/in"
dotnet run "$work/host.cs" < "$work/in" > "$work/address" &
exec 3>"$work/in"
until [ -s "$work/address" ]; do sleep 1; done
address=$(head -1 "$work/address")
if [[ $address != unix:* ]]; then
  echo "The simulator host did not start:" >&2
  cat "$work/address" >&2
  exit 1
fi

echo "xnm:   $("$work/xnm/xnm" --bus "$address" status)"
echo "nmcli: $(DBUS_SYSTEM_BUS_ADDRESS="$address" nmcli -t -f NAME,TYPE,DEVICE connection show --active | tr '\n' ' ')"
DBUS_SYSTEM_BUS_ADDRESS="$address" hyperfine -N --warmup 5 --runs "$runs" \
  "$work/xnm/xnm --bus $address status" \
  "nmcli -t -f NAME,TYPE,DEVICE connection show --active"
