#!/usr/bin/env bash
# Load on the on_publish hook: every request publishes a new channel name, so each one reads the channel's key
# hash from Redis and claims a session (SET NX PX). The baseline, in the same run on the same server, is the
# Api's /alive endpoint (no Redis). Needs: redis-server, wrk, python3, the .NET SDK.
# Usage: bench/publish-hook/run.sh [connections=32] [seconds=15]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
wrk_settings 1 "$@"
work=$(mktemp -d)
redis_port=$(port)
api_port=$(port)
secret=bench-hook-secret-0123456789
key=bench-stream-key
channels=$(( 200000 + seconds * 40000 ))

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

# Warm-up (JIT, connection pools), then the two measured runs.
# Names: bench-1.. for the warm-up, then a fresh range for the measured run, split between wrk's threads.
warmup_names=200000
wrk -t"$threads" -c"$connections" -d3s -s "$here/publish.lua" "http://127.0.0.1:$api_port" -- "$secret" "$key" 0 $(( warmup_names / threads )) >/dev/null

baseline=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$here/summary.lua" "http://127.0.0.1:$api_port/alive" | tail -1)
hook=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$here/publish.lua" "http://127.0.0.1:$api_port" -- "$secret" "$key" "$warmup_names" $(( (channels - warmup_names) / threads )) | tail -1)
accepted=$(store count-live)

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r)"
echo "connections=$connections seconds=$seconds wrk_threads=$threads"
echo "baseline /alive:      $baseline"
echo "on_publish hook:      $hook"
echo "sessions created:     $accepted"
python3 - "$baseline" "$hook" <<'PY'
import sys
def parse(line): return {k: float(v) for k, v in (p.split("=") for p in line.split())}
b, h = parse(sys.argv[1]), parse(sys.argv[2])
print(f"ratio hook/baseline: p50 {h['p50_ms']/b['p50_ms']:.2f}x, p99 {h['p99_ms']/b['p99_ms']:.2f}x, throughput {h['rps']/b['rps']:.2f}x")
PY
