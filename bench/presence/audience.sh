#!/usr/bin/env bash
# 10,000 viewers on one channel (issue 19): each simulated watch page reports every 5 s (about 2,000 reports/s) from
# one of 1,000 loopback source addresses, 10 viewers each (the Api's per-address cap, kept as it is), through
# PresenceLoad. The baseline, in the same run on the same Api process: the same viewers, addresses and pacing
# requesting GET /alive (no Redis). Says whether the count is exact within 1 % and the report's p99.
# Needs: redis-server, python3, curl, the .NET SDK.
# Usage: bench/presence/audience.sh [viewers=10000] [seconds=60] [warmup seconds=15]
set -euo pipefail
LOAD_BEFORE=$(cut -d" " -f1-3 /proc/loadavg)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
viewers=${1:-10000}
seconds=${2:-60}
warmup=${3:-15}
source "$here/live-channel.sh"
dotnet build "$here/PresenceLoad" -c Release -o "$work/load" -v quiet -nologo >/dev/null
load() { dotnet "$work/load/PresenceLoad.dll" "$api" bench-1 "$viewers" "$seconds" "$warmup" "$1"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); load average before: $LOAD_BEFORE"
echo "viewers=$viewers seconds=$seconds warmup=$warmup"
baseline=$(load alive)
echo "baseline /alive: $baseline"
presence=$(load presence)
echo "presence:        $presence"
echo "Api process CPU time: $(ps -o times= -p "$api_pid") s"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$baseline" "$presence" "$viewers" <<'PY'
import json, sys
b, p, viewers = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
error = abs(p["counted"] - viewers) / viewers
print(f"count {p['counted']} of {viewers} ({error:.2%} off: {'within' if error <= 0.01 else 'NOT within'} 1 %); "
      f"p99 {p['p99_ms']} ms ({'under' if p['p99_ms'] < 50 else 'NOT under'} 50 ms); "
      f"presence/baseline: p50 {p['p50_ms'] / b['p50_ms']:.2f}x, p99 {p['p99_ms'] / b['p99_ms']:.2f}x")
PY
