#!/usr/bin/env bash
# The publish hook's ratio to /alive for several variants of the Api, on one Redis seeded once, taking turns.
# Needs: redis-server, wrk, python3, the .NET SDK.
# Usage: bench/publish-hook/variants.sh <rounds> "<name>|<settings>[|<app>]" ...
#   <settings>: NAME=value pairs passed to that variant's Api (X=1 for none), e.g.
#   bench/publish-hook/variants.sh 3 "as-is|X=1" "no-console|Logging__Console__LogLevel__Default=None"
#   <app>: a published app's dll to run instead of the Api (the floor: bench/publish-hook/floor.sh).
#   API_DIR=<folder> runs an Api already published there (another build) instead of this repository's.
#   MAX_RATE=<publishes a second> (40,000): each slice's names; fewer are seeded sooner.
#
# Every round starts each variant in turn: 3 s of warm-up on each endpoint, then /alive, hook, /alive, hook, /alive,
# hook, /alive in 3 s slices (as run.sh). A variant's line: the median of its 3 hook slices' ratios to the mean of the
# /alive slices around each, its hook p99, and the CPU a request took (the machine, the Api, redis-server; /proc).
# Redis keeps every variant's sessions, so the variants meet the same growing keyspace in turn.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
rounds=$1
shift
secret=bench-hook-secret-0123456789
key=bench-stream-key
slice=3
# At most MAX_RATE publishes a second: warm-up and 3 hook slices per variant and round, each with a range of its own.
range=$(( slice * ${MAX_RATE:-40000} ))
work=$(mktemp -d)
redis_port=$(port)

cleanup() { kill "${api_pid:-}" "${redis_pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

start_redis "$redis_port" "$work/redis.log"
redis_pid=$!
api_dir=${API_DIR:-$work/api}
[ -n "${API_DIR:-}" ] || publish_service StreamingPlatform.Api "$api_dir"
dotnet build "$here/BenchStore" -c Release -o "$work/store" -v quiet -nologo >/dev/null
dotnet "$work/store/BenchStore.dll" "127.0.0.1:$redis_port" seed-channels $(( rounds * $# * 4 * range )) "$key"

source "$here/cpu.sh"
# hook <seconds> <first name>: the names from <first name> on (a range of its own: the callers step it by $range).
hook() { measured wrk -t1 -c32 -d"${1}s" --latency -s "$here/publish.lua" "http://127.0.0.1:$api_port" -- "$secret" "$key" "$2" "$range"; }
alive() { measured wrk -t1 -c32 -d"${1}s" --latency -s "$here/summary.lua" "http://127.0.0.1:$api_port/alive"; }

next=0
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); load at start: $LOAD_BEFORE"
for (( round = 1; round <= rounds; round++ )); do
  for variant in "$@"; do
    IFS='|' read -r name settings app <<<"$variant"
    api_port=$(port)
    cd "$api_dir"
    # exec: $! is the Api itself, whose CPU is read from /proc.
    ConnectionStrings__redis="127.0.0.1:$redis_port" ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:1/ Hooks__Secret="$secret" \
      Admin__ApiKey=bench-admin-key-0123456789 Streaming__HlsBaseUrl=http://127.0.0.1:8080/hls Streaming__RtmpBaseUrl=rtmp://127.0.0.1/live \
      exec env $settings dotnet "${app:-StreamingPlatform.Api.dll}" --urls "http://127.0.0.1:$api_port" >"$work/api.log" 2>&1 &
    api_pid=$!
    until curl -sf "http://127.0.0.1:$api_port/alive" >/dev/null; do sleep 0.2; done
    hook 3 "$next" >/dev/null
    alive 3 >/dev/null
    results=("alive $(alive $slice)")
    for i in 1 2 3; do
      results+=("hook $(hook $slice $(( next + i * range )))" "alive $(alive $slice)")
    done
    next=$(( next + 4 * range ))
    kill "$api_pid"
    wait "$api_pid" 2>/dev/null || true
    python3 - "$name" "$round" "$(getconf CLK_TCK)" "${results[@]}" <<'PY'
import statistics, sys
name, round_, tick_ms, rows = sys.argv[1], sys.argv[2], 1000 / int(sys.argv[3]), []
for line in sys.argv[4:]:
    side, rest = line.split(" ", 1)
    rows.append((side, {k: float(v) for k, v in (p.split("=") for p in rest.split())}))
alive = [r for side, r in rows if side == "alive"]
hooks = [r for side, r in rows if side == "hook"]
ratios = [h["rps"] / ((alive[i]["rps"] + alive[i + 1]["rps"]) / 2) for i, h in enumerate(hooks)]
def cpu(side, what): return sum(r[what + "_ticks"] for r in side) * tick_ms / sum(r["requests"] for r in side)
median = statistics.median
print(f"{name:16} round {round_}  ratio {median(ratios):.3f}x ({' '.join(f'{x:.3f}' for x in ratios)})"
      f"  hook {median(h['rps'] for h in hooks):.0f}/s p99 {median(h['p99_ms'] for h in hooks):.2f} ms  /alive {median(a['rps'] for a in alive):.0f}/s"
      f"  CPU a publish: machine {cpu(hooks, 'machine'):.3f} Api {cpu(hooks, 'api'):.3f} Redis {cpu(hooks, 'redis'):.3f} ms"
      f"  errors {sum(h['errors'] for h in hooks):.0f}", flush=True)
PY
  done
done
