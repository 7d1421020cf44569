#!/usr/bin/env bash
# xnm devices (NativeAOT) and nmcli -t device side by side against Debian's real NetworkManager, isolated as the
# integration tests run it (tests/NetworkManager.Tests/Infrastructure/RealNetworkManager.cs): its own network namespace
# with a veth pair, a private dbus-daemon, its own configuration and state. Needs root, hyperfine, network-manager.
# Usage: measure-real.sh PATH/TO/AOT/xnm [RUNS]
set -euo pipefail
xnm=${1:?usage: measure-real.sh PATH/TO/AOT/xnm [RUNS]}
runs=${2:-200}
dir=$(mktemp -d /tmp/drvnm-bench-XXXXXX)
ns="drvnm-$$-bench"
mkdir -p "$dir"/{profiles,run,lib,conf.d}
cleanup() {
  [ -n "${nm:-}" ] && kill "$nm" 2>/dev/null || true
  [ -n "${bus:-}" ] && kill "$bus" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
cat > "$dir/bus.conf" <<CONF
<busconfig><type>system</type><listen>unix:path=$dir/bus</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>
CONF
printf '[main]\nplugins=keyfile\nno-auto-default=*\nauth-polkit=false\ndns=none\nrc-manager=unmanaged\n[keyfile]\npath=%s/profiles\nunmanaged-devices=except:interface-name:veth0\n' "$dir" > "$dir/nm.conf"
bus=$(dbus-daemon --config-file="$dir/bus.conf" --fork --print-pid)
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$dir/bus"
ip netns add "$ns"
ip netns exec "$ns" ip link add veth0 type veth peer name veth1
ip netns exec "$ns" ip link set veth1 up
ip netns exec "$ns" sh -c 'mount -o remount,ro /sys && mount --bind "$1/run" /run && mount --bind "$1/lib" /var/lib/NetworkManager && exec /usr/sbin/NetworkManager --no-daemon --debug --config="$1/nm.conf" --config-dir="$1/conf.d" --system-config-dir="$1/conf.d" --intern-config="$1/lib/intern.conf" --state-file="$1/lib/state"' sh "$dir" >"$dir/nm.log" 2>&1 &
nm=$!
nm-online -s -q --timeout=30
"$xnm" devices
nmcli -t device
hyperfine -N --warmup 10 --runs "$runs" ${HYPERFINE_EXPORT:+--export-json "$HYPERFINE_EXPORT"} "$xnm devices" "nmcli -t device"
