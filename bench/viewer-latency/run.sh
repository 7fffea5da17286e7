#!/usr/bin/env bash
# The true publish-to-screen delay a viewer sees, stalls, and how fast segments become available, for our nginx
# settings (nginx-rtmp/entrypoint.sh's defaults) and, as the baseline in the same run, for nginx-rtmp's defaults (5 s
# fragments, 30 s playlist), both with the watch page's player.
# Per configuration: Redis, the Api (Release), nginx through nginx-rtmp/entrypoint.sh (the container's template),
# ffmpeg publishing 1280x720 30 fps H.264 with a 1 s GOP + AAC as a phone does, each frame carrying the wall clock of
# its capture (StreamingPlatform.Tests/Infrastructure/BurntInClock), then
#   - the watch page in Debian's Chromium, after 10 s, once a second: the true delay (now minus the clock in the
#     frame on screen), the delay the page shows, hls.js's `latency`; and the stalls over the window;
#   - segments.py: time from a segment's first frame being sent to the segment appearing in the playlist.
# Usage: run.sh [seconds=60] [baseline seconds=seconds]. API_DIR=<folder> reuses an Api published there.
# LADDER=<480|240>: the second run is not nginx's defaults but the same settings with the channel's quality ladder on
# (the VodWorker, Release, transcoding), the watch page forced to that rendition; the first run is the baseline.
# Needs: nginx + libnginx-mod-rtmp, redis-server, ffmpeg, chromium, node + npm, python3, the .NET SDK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
seconds=${1:-60}
baseline_seconds=${2:-$seconds}
clock="$root/StreamingPlatform.Tests/Infrastructure/BurntInClock"
work=$(bench_work /var/tmp/latency-bench.XXXXXX)
secret=bench-hook-secret-0123456789
admin=bench-admin-key-0123456789
ladder_secret=bench-ladder-secret-0123456789
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

(cd "$here" && npm ci --no-audit --no-fund >/dev/null)
api=${API_DIR:-$work/api}
[ -n "${API_DIR:-}" ] || publish_service StreamingPlatform.Api "$api"
ladder=${LADDER:-}
if [ -n "$ladder" ]; then
  worker=${WORKER_DIR:-$work/worker}
  [ -n "${WORKER_DIR:-}" ] || publish_service StreamingPlatform.VodWorker "$worker"
fi

measure() { # label fragment playlist_length seconds [rendition] (empty fragment and length: entrypoint.sh's defaults)
  local label=$1 fragment=$2 window=$3 seconds=$4 rendition=${5:-} dir="$work/$1"
  mkdir -p "$dir/media"
  local redis_port api_port rtmp_port http_port
  redis_port=$(port); api_port=$(port); rtmp_port=$(port); http_port=$(port)
  start_redis "$redis_port" "$dir/redis.log"; pids+=($!)
  (cd "$api" && ConnectionStrings__redis="127.0.0.1:$redis_port" ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:1/ \
    Hooks__Secret="$secret" Admin__ApiKey="$admin" Ladder__Secret="$ladder_secret" Media__Root="$dir/media" \
    Streaming__HlsBaseUrl="http://127.0.0.1:$http_port/hls" Streaming__RtmpBaseUrl="rtmp://127.0.0.1:$rtmp_port/live" \
    exec dotnet StreamingPlatform.Api.dll --urls "http://127.0.0.1:$api_port" >"$dir/api.log" 2>&1) & pids+=($!)
  env HOOK_BASE_URL="http://127.0.0.1:$api_port" HOOK_SECRET="$secret" RTMP_PORT="$rtmp_port" HTTP_PORT="$http_port" HOOK_PROXY_PORT="$(port)" \
    HLS_PATH="$dir/media/hls" RECORDINGS_PATH="$dir/media/recordings" NGINX_RUNTIME_PATH="$dir/run" \
    NGINX_ERROR_LOG="$dir/nginx-error.log" NGINX_ACCESS_LOG="$dir/nginx-access.log" ${fragment:+HLS_FRAGMENT="$fragment"} \
    ${window:+HLS_PLAYLIST_LENGTH="$window"} NGINX_CONF_TEMPLATE="$root/nginx-rtmp/nginx.conf.template" \
    "$root/nginx-rtmp/entrypoint.sh" & pids+=($!)
  until curl -sf "http://127.0.0.1:$api_port/alive" >/dev/null && curl -sf "http://127.0.0.1:$http_port/health" >/dev/null; do sleep 0.3; done
  local key
  key=$(curl -sf -X POST "http://127.0.0.1:$api_port/api/admin/channels" -H "X-Api-Key: $admin" -H "Content-Type: application/json" \
    -d '{"name":"bench"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["streamKey"])')
  if [ -n "$rendition" ]; then
    curl -sf -X PUT "http://127.0.0.1:$api_port/api/admin/channels/bench/ladder" -H "X-Api-Key: $admin" -H "Content-Type: application/json" -d '{"enabled":true}'
    (cd "$worker" && ConnectionStrings__redis="127.0.0.1:$redis_port" ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:1/ \
      Media__Root="$dir/media" Ladder__RtmpBaseUrl="rtmp://127.0.0.1:$rtmp_port" Ladder__Secret="$ladder_secret" \
      exec dotnet StreamingPlatform.VodWorker.dll --urls "http://127.0.0.1:$(port)" >"$dir/worker.log" 2>&1) & pids+=($!)
  fi

  local total=$(( seconds + 40 ))
  python3 "$here/segments.py" "http://127.0.0.1:$http_port/hls/bench/index.m3u8" "$(date +%s.%N)" "$(( seconds + 20 ))" >"$dir/segments.json" &
  local segments_pid=$!
  ffmpeg -v error -re -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi -i "sine=frequency=440:sample_rate=44100" -t "$total" \
    -filter_script:v "$clock/burnt-in-clock.vf" -c:v libx264 -preset ultrafast -tune zerolatency -b:v 3M -g 30 -sc_threshold 0 -force_key_frames "expr:gte(t,n_forced)" -pix_fmt yuv420p \
    -c:a aac -b:a 128k -f flv "rtmp://127.0.0.1:$rtmp_port/live/bench?key=$key" & pids+=($!)
  local player
  player=$(node "$here/latency.mjs" "http://127.0.0.1:$api_port/watch/bench" "$seconds" "$clock/read-burnt-in-clock.js" $rendition)
  wait "$segments_pid"
  # The first of each: the live application's (the dvr application has its own, further down).
  fragment=$(awk '$1 == "hls_fragment" {print $2; exit}' "$dir/run/nginx.conf") window=$(awk '$1 == "hls_playlist_length" {print $2; exit}' "$dir/run/nginx.conf")
  echo "$label (hls_fragment ${fragment%;}, hls_playlist_length ${window%;}${rendition:+, ladder, playing ${rendition}p}): player $player; segments $(cat "$dir/segments.json")"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); $(chromium --version 2>/dev/null); load $(cut -d' ' -f1-3 /proc/loadavg)"
measure tuned "" "" "$seconds"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$ladder" ]; then
  measure "ladder-${ladder}p" "" "" "$baseline_seconds" "$ladder"
else
  measure defaults 5s 30s "$baseline_seconds"
fi
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
