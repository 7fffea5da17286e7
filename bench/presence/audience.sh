#!/usr/bin/env bash
# 10,000 viewers on one channel: each simulated watch page reports every 5 s (about 2,000 reports/s) from
# one of 1,000 loopback source addresses, 10 viewers each (the Api's per-address cap, kept as it is), through
# PresenceLoad. The baseline, in the same run on the same Api process: the same viewers, addresses and pacing
# requesting GET /alive (no Redis). Says whether the count is exact within 1 % and the report's p99.
# Needs: redis-server, python3, curl, the .NET SDK.
# Usage: bench/presence/audience.sh [viewers=10000] [seconds=60] [warmup seconds=15]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
viewers=${1:-10000}
seconds=${2:-60}
warmup=${3:-15}
source "$here/live-channel.sh"
dotnet build "$here/PresenceLoad" -c Release -o "$work/load" -v quiet -nologo >/dev/null
load() { dotnet "$work/load/PresenceLoad.dll" "$api" bench-1 "$viewers" "$seconds" "$warmup" "$1"; }
# CPU seconds the Api process and redis-server used so far (the cost per report, whatever else runs on the machine).
api_cpu() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$api_pid/stat"; }
redis_cpu() { redis-cli -p "$redis_port" info cpu | awk -F: '/^used_cpu_(user|sys):/ {s += $2} END {print s}'; }
measured() { # measured <label> <mode>: the run's JSON line, then the CPU it cost per request
  local api_before redis_before result
  api_before=$(api_cpu); redis_before=$(redis_cpu)
  result=$(load "$2")
  echo "$1 $result"
  python3 -c 'import json,sys; r=json.loads(sys.argv[1]); n=sum(r["statuses"].values()); print(f"{sys.argv[2]} cpu per request: Api {(float(sys.argv[3])-float(sys.argv[4]))/n*1000:.3f} ms, redis {(float(sys.argv[5])-float(sys.argv[6]))/n*1000:.3f} ms ({n} requests)")' \
    "$result" "$1" "$(api_cpu)" "$api_before" "$(redis_cpu)" "$redis_before"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); load average before: $LOAD_BEFORE"
echo "viewers=$viewers seconds=$seconds warmup=$warmup"
measured baseline alive | tee "$work/baseline"
measured presence presence | tee "$work/presence"
baseline=$(head -1 "$work/baseline" | cut -d' ' -f2-)
presence=$(head -1 "$work/presence" | cut -d' ' -f2-)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$baseline" "$presence" "$viewers" <<'PY'
import json, sys
b, p, viewers = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
error = abs(p["counted"] - viewers) / viewers
print(f"count {p['counted']} of {viewers} ({error:.2%} off: {'within' if error <= 0.01 else 'NOT within'} 1 %); "
      f"p99 {p['p99_ms']} ms ({'under' if p['p99_ms'] < 50 else 'NOT under'} 50 ms); "
      f"presence/baseline: p50 {p['p50_ms'] / b['p50_ms']:.2f}x, p99 {p['p99_ms'] / b['p99_ms']:.2f}x")
PY
