#!/usr/bin/env bash
# The cost of presence reports: 1,000 simulated viewers of one live channel report to
# POST /api/streams/{name}/viewers/{id} (one Lua script in Redis each). The baseline, in the same run on the same
# server, is the Api's /alive (no Redis). Two loads: saturated (wrk closed loop, `connections` connections: the most
# the Api answers) and paced (20 connections, 100 ms between a connection's requests: about 200 reports/s, what 1,000
# viewers send at one report every 5 s). Also the Redis memory the 1,000 viewers take.
# Needs: redis-server, wrk, python3, curl, the .NET SDK. 10,000 viewers from many addresses: audience.sh.
# Usage: bench/presence/run.sh [connections=32] [seconds=15]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
wrk_settings 1 "$@"
viewers=1000
# One address here stands for 1,000 viewers: its cap is lifted for the bench.
API_ENV="Viewers__PerAddressCap=10000 ${API_ENV:-}"
source "$here/live-channel.sh"

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
