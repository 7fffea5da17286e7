#!/usr/bin/env bash
# Load on the on_publish hook: every request publishes a new channel name, so each one checks the channel's key hash
# and claims a session in Redis. The baseline, on the same server, is the Api's /alive endpoint (no Redis).
# Needs: redis-server, wrk, python3, the .NET SDK.
# Usage: bench/publish-hook/run.sh [connections=32] [seconds=15]
#
# Method: the two are measured interleaved, in slices of SLICE seconds (3 unless set), with the same connections and wrk
# threads: /alive, hook, /alive, hook, ..., hook, /alive, so every hook slice sits between two /alive slices and the
# hook gets `seconds` in all. A hook slice's ratio is its req/s over the mean of its two neighbours': a machine whose
# speed drifts between moments moves both sides of a ratio, and a steady drift cancels out. It prints every slice, each
# hook slice's ratio, the median ratio and the median p99 of each side, and the totals (all requests over all time), and
# the CPU a request took on each side (/proc: the whole machine, the Api, redis-server, wrk; each slice's ticks over its requests).
# Names: bench-0.. are seeded; the warm-up publishes the first WARMUP_NAMES, then each hook slice a range of its own,
# split between wrk's threads, so no name is published twice.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
wrk_settings 1 "$@"
slice=${SLICE:-3}
slices=$(( (seconds + slice - 1) / slice ))
work=$(mktemp -d)
redis_port=$(port)
api_port=$(port)
secret=bench-hook-secret-0123456789
key=bench-stream-key
warmup_names=200000
# At most 40,000 publishes a second: a slice's range never runs into the next one's.
slice_names=$(( slice * 40000 ))
channels=$(( warmup_names + slices * slice_names ))

cleanup() { kill "${api_pid:-}" "${redis_pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

start_redis "$redis_port" "$work/redis.log"
redis_pid=$!
publish_service StreamingPlatform.Api "$work/api"
sleep 0.5
dotnet build "$here/BenchStore" -c Release -o "$work/store" -v quiet -nologo >/dev/null
store() { dotnet "$work/store/BenchStore.dll" "127.0.0.1:$redis_port" "$@"; }
store seed-channels "$channels" "$key"

# From the publish folder, so that appsettings.json (log levels) is read as in the container.
cd "$work/api"
ConnectionStrings__redis="127.0.0.1:$redis_port" ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:1/ Hooks__Secret="$secret" Admin__ApiKey=bench-admin-key-0123456789 \
  Streaming__HlsBaseUrl=http://127.0.0.1:8080/hls Streaming__RtmpBaseUrl=rtmp://127.0.0.1/live \
  env ${API_ENV:-} dotnet StreamingPlatform.Api.dll --urls "http://127.0.0.1:$api_port" >"$work/api.log" 2>&1 &
api_pid=$!
until curl -sf "http://127.0.0.1:$api_port/alive" >/dev/null; do sleep 0.2; done

# Warm-up (JIT, connection pools), 3 s on each endpoint (after 1 s, /alive still ran at half speed), then the slices.
wrk -t"$threads" -c"$connections" -d3s -s "$here/publish.lua" "http://127.0.0.1:$api_port" -- "$secret" "$key" 0 $(( warmup_names / threads )) >/dev/null
wrk -t"$threads" -c"$connections" -d3s "http://127.0.0.1:$api_port/alive" >/dev/null

source "$here/cpu.sh"
alive() { measured wrk -t"$threads" -c"$connections" -d"${slice}s" --latency -s "$here/summary.lua" "http://127.0.0.1:$api_port/alive"; }
hook() {
  measured wrk -t"$threads" -c"$connections" -d"${slice}s" --latency -s "$here/publish.lua" "http://127.0.0.1:$api_port" -- \
    "$secret" "$key" $(( warmup_names + $1 * slice_names )) $(( slice_names / threads ))
}
results=("alive $(alive)")
for (( i = 0; i < slices; i++ )); do
  results+=("hook $(hook "$i")" "alive $(alive)")
done
accepted=$(store count-live)

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); load at start: $LOAD_BEFORE"
echo "connections=$connections seconds=$seconds slice=${slice}s slices=$slices wrk_threads=$threads"
python3 - "$accepted" "$(getconf CLK_TCK)" "${results[@]}" <<'PY'
import statistics, sys
accepted, tick_ms, rows = int(sys.argv[1]), 1000 / int(sys.argv[2]), []
for line in sys.argv[3:]:
    side, rest = line.split(" ", 1)
    rows.append((side, {k: float(v) for k, v in (p.split("=") for p in rest.split())}))
for n, (side, r) in enumerate(rows):
    print(f"slice {n:2}  {side:5}  p50 {r['p50_ms']:6.2f} ms  p99 {r['p99_ms']:7.2f} ms  {r['rps']:8.0f} req/s  errors {r['errors']:.0f}")
alive = [r for side, r in rows if side == "alive"]
hooks = [r for side, r in rows if side == "hook"]
ratios = []
print("hook slice / mean of the /alive slices around it:")
for i, h in enumerate(hooks):
    before, after = alive[i], alive[i + 1]
    ratio = h["rps"] / ((before["rps"] + after["rps"]) / 2)
    ratios.append(ratio)
    print(f"  pair {i + 1}: {ratio:.3f}x  hook {h['rps']:.0f} req/s p99 {h['p99_ms']:.2f} ms;"
          f" /alive {before['rps']:.0f} and {after['rps']:.0f} req/s, p99 {before['p99_ms']:.2f} and {after['p99_ms']:.2f} ms")
def total(side): return sum(r["requests"] for r in side) / sum(r["seconds"] for r in side)
median = statistics.median
print(f"median ratio: {median(ratios):.3f}x (min {min(ratios):.3f}x, max {max(ratios):.3f}x)")
print(f"median p99: hook {median(h['p99_ms'] for h in hooks):.2f} ms, /alive {median(a['p99_ms'] for a in alive):.2f} ms;"
      f" median p50: hook {median(h['p50_ms'] for h in hooks):.2f} ms, /alive {median(a['p50_ms'] for a in alive):.2f} ms")
print(f"totals: hook {total(hooks):.0f} req/s, /alive {total(alive):.0f} req/s, ratio {total(hooks) / total(alive):.3f}x;"
      f" errors hook {sum(h['errors'] for h in hooks):.0f}, /alive {sum(a['errors'] for a in alive):.0f}")
def cpu(side, what): return sum(r[what + "_ticks"] for r in side) * tick_ms / sum(r["requests"] for r in side)
for name, side in (("hook", hooks), ("/alive", alive)):
    print(f"CPU per request, {name}: machine {cpu(side, 'machine'):.4f} ms, Api {cpu(side, 'api'):.4f} ms,"
          f" Redis {cpu(side, 'redis'):.4f} ms, wrk {cpu(side, 'wrk'):.4f} ms")
print(f"sessions created: {accepted} (warm-up and hook slices: {sum(h['requests'] for h in hooks):.0f} in the slices)")
PY
