#!/usr/bin/env bash
# What nginx's public front (AppHost:HttpPort: HLS from disk, the rest proxied to the Api) costs a request to the Api:
# GET /api/streams (Redis in the loop) and GET /alive (no Redis), each straight to the Api (the baseline) and through
# nginx's front, same server, same run. Also an HLS playlist from nginx's disk on the front.
# Needs: nginx + libnginx-mod-rtmp, gettext-base, redis-server, wrk, python3, curl, the .NET SDK. Run as root (nginx's
# worker runs as nobody).
# Usage: bench/front/run.sh [connections=32] [seconds=15]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
wrk_settings 1 "$@"
work=$(bench_work) # nginx's worker (nobody) reads the HLS folder below it
redis_port=$(port); api_port=$(port); front_port=$(port); rtmp_port=$(port); hook_port=$(port)
secret=bench-hook-secret-0123456789
api="http://127.0.0.1:$api_port"
front="http://127.0.0.1:$front_port"

cleanup() { kill "${nginx_pid:-}" "${api_pid:-}" "${redis_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

start_redis "$redis_port" "$work/redis.log"
redis_pid=$!
publish_service StreamingPlatform.Api "$work/api"
(cd "$work/api" && ConnectionStrings__redis="127.0.0.1:$redis_port" ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:1/ \
  Hooks__Secret="$secret" Admin__ApiKey=bench-admin-key-0123456789 \
  Streaming__HlsBaseUrl="$front/hls" Streaming__RtmpBaseUrl="rtmp://127.0.0.1:$rtmp_port/live" \
  exec dotnet StreamingPlatform.Api.dll --urls "$api" >"$work/api.log" 2>&1) &
api_pid=$!
mkdir -p "$work/media/hls/bench" "$work/media/recordings"
printf '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:1\n#EXTINF:1.000,\n1.ts\n' >"$work/media/hls/bench/index.m3u8"
HOOK_BASE_URL="$api" HOOK_SECRET="$secret" HOOK_PROXY_PORT="$hook_port" HTTP_PORT="$front_port" RTMP_PORT="$rtmp_port" \
  HLS_PATH="$work/media/hls" RECORDINGS_PATH="$work/media/recordings" NGINX_RUNTIME_PATH="$work/nginx" \
  NGINX_CONF_TEMPLATE="$root/nginx-rtmp/nginx.conf.template" NGINX_ACCESS_LOG=/dev/null \
  "$root/nginx-rtmp/entrypoint.sh" >"$work/nginx.log" 2>&1 &
nginx_pid=$!
until curl -sf "$api/alive" >/dev/null && curl -sf "$front/alive" >/dev/null; do sleep 0.2; done

run() { wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$here/summary.lua" "$1" | tail -1; }
run "$api/api/streams" >/dev/null # warm-up: JIT, pools, nginx's upstream connections
direct_streams=$(run "$api/api/streams")
front_streams=$(run "$front/api/streams")
direct_alive=$(run "$api/alive")
front_alive=$(run "$front/alive")
front_hls=$(run "$front/hls/bench/index.m3u8")

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); load average before: $LOAD_BEFORE, after: $(cut -d" " -f1-3 /proc/loadavg)"
echo "connections=$connections seconds=$seconds wrk_threads=$threads"
printf '%-34s %s\n' "GET /api/streams, straight:" "$direct_streams" "GET /api/streams, through front:" "$front_streams" \
  "GET /alive, straight:" "$direct_alive" "GET /alive, through front:" "$front_alive" "HLS playlist from the front:" "$front_hls"
python3 - "$direct_streams" "$front_streams" "$direct_alive" "$front_alive" <<'PY'
import sys
def parse(line): return dict(part.split("=") for part in line.split())
ds, fs, da, fa = (parse(a) for a in sys.argv[1:5])
for name, d, f in (("/api/streams", ds, fs), ("/alive", da, fa)):
    print(f"{name}: front/straight p50 {float(f['p50_ms'])/float(d['p50_ms']):.2f}x, p99 {float(f['p99_ms'])/float(d['p99_ms']):.2f}x, throughput {float(f['rps'])/float(d['rps']):.2f}x")
PY
