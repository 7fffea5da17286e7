#!/usr/bin/env bash
# The cost of presence reports: 1,000 simulated viewers of one live channel report to
# POST /api/streams/{name}/viewers/{id} (one Lua script in Redis each). The baseline, in the same run on the same
# server, is the Api's /alive (no Redis). Two loads: saturated (wrk closed loop, `connections` connections: the most
# the Api answers) and paced (20 connections, 100 ms between a connection's requests: about 200 reports/s, what 1,000
# viewers send at one report every 5 s). Also the Redis memory the 1,000 viewers take.
# Needs: redis-server, wrk, python3, curl, the .NET SDK.
# Usage: bench/presence/run.sh [connections=32] [seconds=15]
set -euo pipefail
LOAD_BEFORE=$(cut -d" " -f1-3 /proc/loadavg)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
connections=${1:-32}
seconds=${2:-15}
threads=${WRK_THREADS:-1}
viewers=1000
work=$(mktemp -d)
redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
api_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
secret=bench-hook-secret-0123456789
key=bench-stream-key
api="http://127.0.0.1:$api_port"

cleanup() { kill "${api_pid:-}" "${redis_pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
dotnet publish "$root/StreamingPlatform.Api" -c Release -o "$work/api" -v quiet -nologo >/dev/null
sleep 0.5
python3 "$root/bench/publish-hook/seed_channels.py" 2 "$key" | redis-cli -p "$redis_port" --pipe >/dev/null

# One address here stands for 1,000 viewers: its cap is lifted for the bench. A lease of an hour: no heartbeats needed.
cd "$work/api"
ConnectionStrings__redis="127.0.0.1:$redis_port" ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:1/ Hooks__Secret="$secret" Admin__ApiKey=bench-admin-key-0123456789 \
  Streaming__HlsBaseUrl=http://127.0.0.1:8080/hls Streaming__RtmpBaseUrl=rtmp://127.0.0.1/live \
  Viewers__PerAddressCap=10000 Sessions__LeaseSeconds=3600 \
  env ${API_ENV:-} dotnet StreamingPlatform.Api.dll --urls "$api" >"$work/api.log" 2>&1 &
api_pid=$!
until curl -sf "$api/alive" >/dev/null; do sleep 0.2; done
curl -sf -o /dev/null -X POST "$api/hooks/publish?secret=$secret&node=bench" \
  -d "app=live&addr=127.0.0.1&clientid=1&call=publish&name=bench-1&type=live&key=$key"

memory() { redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/ {print $2+0}'; }
before=$(memory)

# Warm-up (JIT, connection pools; every viewer counted once), then the measured runs.
wrk -t"$threads" -c"$connections" -d3s -s "$here/presence.lua" "$api" -- bench-1 "$viewers" >/dev/null
viewers_counted=$(redis-cli -p "$redis_port" zcard viewers:bench-1)
after=$(memory)
key_bytes=$(( $(redis-cli -p "$redis_port" memory usage viewers:bench-1) + $(redis-cli -p "$redis_port" memory usage viewers:bench-1:from:127.0.0.1) ))

baseline=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$here/alive.lua" "$api/alive" | tail -1)
presence=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$here/presence.lua" "$api" -- bench-1 "$viewers" | tail -1)
paced_baseline=$(PAUSE_MS=100 wrk -t"$threads" -c20 -d"${seconds}s" --latency -s "$here/alive.lua" "$api/alive" | tail -1)
paced=$(PAUSE_MS=100 wrk -t"$threads" -c20 -d"${seconds}s" --latency -s "$here/presence.lua" "$api" -- bench-1 "$viewers" | tail -1)
stream_viewers=$(curl -sf "$api/api/streams/bench-1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["viewers"])')

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); load average before: $LOAD_BEFORE"
echo "connections=$connections seconds=$seconds wrk_threads=$threads viewers=$viewers"
echo "saturated  /alive:    $baseline"
echo "saturated  presence:  $presence"
echo "paced      /alive:    $paced_baseline"
echo "paced      presence:  $paced"
echo "viewers counted: $viewers_counted (stream API after the runs: $stream_viewers)"
echo "redis used_memory: +$(( after - before )) bytes for $viewers viewers; their two keys: $key_bytes bytes ($(( key_bytes / viewers )) per viewer)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$baseline" "$presence" "$paced_baseline" "$paced" <<'PY'
import sys
def parse(line): return {k: float(v) for k, v in (p.split("=") for p in line.split())}
b, h, pb, p = (parse(a) for a in sys.argv[1:5])
print(f"saturated presence/baseline: p50 {h['p50_ms']/b['p50_ms']:.2f}x, p99 {h['p99_ms']/b['p99_ms']:.2f}x, throughput {h['rps']/b['rps']:.2f}x")
print(f"paced presence/baseline:     p50 {p['p50_ms']/pb['p50_ms']:.2f}x, p99 {p['p99_ms']/pb['p99_ms']:.2f}x")
PY
