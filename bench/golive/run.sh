#!/usr/bin/env bash
# What going live from the browser (Go live page -> WebSocket -> the Api's FFmpeg -> nginx) adds to the delay, against an
# RTMP publisher (ffmpeg) in the same run, both watched over HLS in Chromium: the true delay of the frame on screen from
# a clock burnt into each picture (the same 44-block code as the tests' burnt-in-clock.vf; the browser's "camera" is a
# canvas the bench draws that clock on, in the page, at capture time), and the CPU of the Api's FFmpeg per browser
# broadcast. Starts Redis, the Api (Release build; API_DIR reuses a published one) and nginx through
# nginx-rtmp/entrypoint.sh, all on loopback. Run it under `nice -n 10` on a shared machine.
# Usage: run.sh [seconds=60]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-60}
clock="$root/StreamingPlatform.Tests/Infrastructure/BurntInClock"
work=$(mktemp -d /var/tmp/golive-bench.XXXXXX)
chmod 755 "$work"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
secret=bench-hook-secret-0123456789
admin=bench-admin-key-0123456789
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$here" && npm ci --no-audit --no-fund >/dev/null)
api=${API_DIR:-$work/api}
[ -n "${API_DIR:-}" ] || dotnet publish "$root/StreamingPlatform.Api" -c Release -o "$api" -v quiet -nologo >/dev/null

mkdir -p "$work/media"
redis_port=$(port); api_port=$(port); rtmp_port=$(port); http_port=$(port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 & pids+=($!)
(cd "$api" && ConnectionStrings__redis="127.0.0.1:$redis_port" ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:1/ \
  Hooks__Secret="$secret" Admin__ApiKey="$admin" Media__Root="$work/media" \
  Streaming__HlsBaseUrl="http://127.0.0.1:$http_port/hls" Streaming__RtmpBaseUrl="rtmp://127.0.0.1:$rtmp_port/live" \
  GoLive__RtmpBaseUrl="rtmp://127.0.0.1:$rtmp_port" \
  exec dotnet StreamingPlatform.Api.dll --urls "http://127.0.0.1:$api_port" >"$work/api.log" 2>&1) & pids+=($!)
env HOOK_BASE_URL="http://127.0.0.1:$api_port" HOOK_SECRET="$secret" RTMP_PORT="$rtmp_port" HTTP_PORT="$http_port" HOOK_PROXY_PORT="$(port)" \
  HLS_PATH="$work/media/hls" RECORDINGS_PATH="$work/media/recordings" NGINX_RUNTIME_PATH="$work/run" \
  NGINX_ERROR_LOG="$work/nginx-error.log" NGINX_ACCESS_LOG="$work/nginx-access.log" NGINX_CONF_TEMPLATE="$root/nginx-rtmp/nginx.conf.template" \
  "$root/nginx-rtmp/entrypoint.sh" & pids+=($!)
until curl -sf "http://127.0.0.1:$api_port/alive" >/dev/null && curl -sf "http://127.0.0.1:$http_port/health" >/dev/null; do sleep 0.3; done
channel_key() {
  curl -sf -X POST "http://127.0.0.1:$api_port/api/admin/channels" -H "X-Api-Key: $admin" -H "Content-Type: application/json" \
    -d "{\"name\":\"$1\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["streamKey"])'
}
rtmp_key=$(channel_key rtmp)
browser_key=$(channel_key browser)
# The baseline: what an RTMP app sends, 1280x720 30 fps with a 1 s GOP, the clock burnt in at capture.
ffmpeg -v error -re -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi -i "sine=frequency=440:sample_rate=44100" -t "$(( seconds * 2 + 120 ))" \
  -filter_script:v "$clock/burnt-in-clock.vf" -c:v libx264 -preset veryfast -tune zerolatency -b:v 2500k -g 30 -sc_threshold 0 -pix_fmt yuv420p \
  -c:a aac -b:a 128k -f flv "rtmp://127.0.0.1:$rtmp_port/live/rtmp?key=$rtmp_key" & pids+=($!)

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); $(chromium --version 2>/dev/null); load $(cut -d' ' -f1-3 /proc/loadavg)"
# The key reaches the page through Playwright's fill, as a user types it: never a URL or a command line of the browser.
GOLIVE_KEY="$browser_key" node "$here/measure.mjs" "http://127.0.0.1:$api_port" "$seconds" "$clock/read-burnt-in-clock.js"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
for channel in browser rtmp; do
  echo "$channel fragments: $(curl -sf "http://127.0.0.1:$http_port/hls/$channel/index.m3u8" | grep -oE '^#EXTINF:[0-9.]+' | cut -d: -f2 | tr '\n' ' ')"
done
