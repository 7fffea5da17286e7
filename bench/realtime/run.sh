#!/usr/bin/env bash
# Real-time playback (WebRTC through Janus) against HLS in the same run, on one channel of this machine: true delay,
# delay shown, time to first frame, CPU of the relay (per real-time channel) and of Janus (per viewer). See
# bench/README.md ("realtime"). Starts Redis, the Api and the VodWorker (Release builds; API_DIR / WORKER_DIR reuse
# published ones), nginx through nginx-rtmp/entrypoint.sh, Janus through janus/entrypoint.sh, ffmpeg publishing
# 1280x720 30 fps H.264 (1 s GOP, no B-frames) + AAC with the burnt-in clock, and Chromium inside a network namespace
# of its own (WebRTC only between the namespace's veth pair: never this machine's own address). Needs root.
# Usage: run.sh [seconds=60] [extra real-time viewers=4]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
seconds=${1:-60}
extra=${2:-4}
clock="$root/StreamingPlatform.Tests/Infrastructure/BurntInClock"
work=$(bench_work /var/tmp/realtime-bench.XXXXXX)
secret=bench-hook-secret-0123456789
admin=bench-admin-key-0123456789
ladder_secret=bench-ladder-secret-0123456789
janus_secret=bench-janus-secret-0123456789
block=$(( RANDOM % 4096 ))
ns="sprtb$(printf %04x $block)"; host_if="${ns}h"; guest_if="${ns}g"
host_ip="10.214.$(( block / 64 )).$(( block % 64 * 4 + 1 ))"; guest_ip="10.214.$(( block / 64 )).$(( block % 64 * 4 + 2 ))"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$ns"
ip link add "$host_if" type veth peer name "$guest_if"
ip link set "$guest_if" netns "$ns"
ip addr add "$host_ip/30" dev "$host_if" && ip link set "$host_if" up
ip -n "$ns" addr add "$guest_ip/30" dev "$guest_if" && ip -n "$ns" link set "$guest_if" up && ip -n "$ns" link set lo up
printf '#!/bin/sh\nexec ip netns exec %s /usr/bin/chromium "$@"\n' "$ns" > "$work/chromium" && chmod +x "$work/chromium"

(cd "$here" && npm ci --no-audit --no-fund >/dev/null)
api=${API_DIR:-$work/api}
[ -n "${API_DIR:-}" ] || publish_service StreamingPlatform.Api "$api"
worker=${WORKER_DIR:-$work/worker}
[ -n "${WORKER_DIR:-}" ] || publish_service StreamingPlatform.VodWorker "$worker"

mkdir -p "$work/media"
redis_port=$(port); api_port=$(port); rtmp_port=$(port); http_port=$(port); janus_port=$(port)
start_redis "$redis_port" "$work/redis.log"; pids+=($!)
JANUS_API_SECRET="$janus_secret" JANUS_HTTP_PORT="$janus_port" JANUS_HTTP_ADDRESS=127.0.0.1 JANUS_ICE_INTERFACES="$host_if" \
  JANUS_LOCAL_IP="$host_ip" JANUS_CONFIG_PATH="$work/janus" JANUS_WEBRTC_PORTS=42000-42099 JANUS_MOUNTPOINT_PORTS=42100-42199 \
  "$root/janus/entrypoint.sh" >"$work/janus.log" 2>&1 & janus_pid=$!; pids+=($janus_pid)
(cd "$api" && ConnectionStrings__redis="127.0.0.1:$redis_port" ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:1/ \
  Hooks__Secret="$secret" Admin__ApiKey="$admin" Ladder__Secret="$ladder_secret" Media__Root="$work/media" \
  Streaming__HlsBaseUrl="http://$host_ip:$http_port/hls" Streaming__RtmpBaseUrl="rtmp://127.0.0.1:$rtmp_port/live" \
  Realtime__JanusUrl="http://127.0.0.1:$janus_port/" Realtime__ApiSecret="$janus_secret" \
  exec dotnet StreamingPlatform.Api.dll --urls "http://127.0.0.1:$api_port;http://$host_ip:$api_port" >"$work/api.log" 2>&1) & pids+=($!)
env HOOK_BASE_URL="http://127.0.0.1:$api_port" HOOK_SECRET="$secret" RTMP_PORT="$rtmp_port" HTTP_PORT="$http_port" HOOK_PROXY_PORT="$(port)" \
  HLS_PATH="$work/media/hls" RECORDINGS_PATH="$work/media/recordings" NGINX_RUNTIME_PATH="$work/run" \
  NGINX_ERROR_LOG="$work/nginx-error.log" NGINX_ACCESS_LOG="$work/nginx-access.log" NGINX_CONF_TEMPLATE="$root/nginx-rtmp/nginx.conf.template" \
  "$root/nginx-rtmp/entrypoint.sh" & pids+=($!)
(cd "$worker" && ConnectionStrings__redis="127.0.0.1:$redis_port" ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:1/ \
  Media__Root="$work/media" Ladder__RtmpBaseUrl="rtmp://127.0.0.1:$rtmp_port" Ladder__Secret="$ladder_secret" \
  Realtime__JanusUrl="http://127.0.0.1:$janus_port/" Realtime__ApiSecret="$janus_secret" Realtime__MountpointAddress=127.0.0.1 \
  exec dotnet StreamingPlatform.VodWorker.dll --urls "http://127.0.0.1:$(port)" >"$work/worker.log" 2>&1) & pids+=($!)
until curl -sf "http://127.0.0.1:$api_port/alive" >/dev/null && curl -sf "http://127.0.0.1:$http_port/health" >/dev/null \
  && curl -sf "http://127.0.0.1:$janus_port/janus/info" >/dev/null; do sleep 0.3; done
key=$(curl -sf -X POST "http://127.0.0.1:$api_port/api/admin/channels" -H "X-Api-Key: $admin" -H "Content-Type: application/json" \
  -d '{"name":"bench"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["streamKey"])')
ffmpeg -v error -re -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi -i "sine=frequency=440:sample_rate=44100" -t "$(( seconds * 2 + 120 ))" \
  -filter_script:v "$clock/burnt-in-clock.vf" -c:v libx264 -preset ultrafast -tune zerolatency -b:v 3M -g 30 -sc_threshold 0 -force_key_frames "expr:gte(t,n_forced)" -pix_fmt yuv420p \
  -c:a aac -b:a 128k -f flv "rtmp://127.0.0.1:$rtmp_port/live/bench?key=$key" & pids+=($!)

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); $(chromium --version 2>/dev/null); load $(cut -d' ' -f1-3 /proc/loadavg)"
node "$here/measure.mjs" "http://$host_ip:$api_port/watch/bench" "$seconds" "$clock/read-burnt-in-clock.js" "$work/chromium" "$janus_pid" "$extra"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
