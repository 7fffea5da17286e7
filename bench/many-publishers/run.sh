#!/usr/bin/env bash
# Ingest capacity of one nginx-rtmp node: N publishers (`ffmpeg -re -c copy` of a 640x360 clip, 1 s GOP) at once
# against the real nginx (the repository's template through entrypoint.sh: HLS, the DVR copy, recording), the Api,
# the VodWorker (live thumbnails on), Redis and RabbitMQ, all on loopback. It counts the publishers nginx cut (ffmpeg's
# exit status and log), every VOD's length against the broadcast's, hooks answered and failed (the hook proxy's access
# log, in a copy of the template with a log line per hook, never its arguments), nginx's connections and descriptors
# at the peak, and the CPU of every process (from /proc/<pid>/stat deltas).
# PUBLISHER=light publishes every stream from one LightPublisher process (RTMP written by this folder's small .NET
# program, the same clip, pacing and start rate) instead of an ffmpeg process each: far less CPU for the publishers, so
# one machine can load a node with hundreds of streams. Its CPU is the "publishers" line as ffmpeg's is. LIGHT_TICK_MS
# (5) is how often it sends each stream what is due, in one write: at 5 ms nearly every tag goes alone, as a camera
# writes each frame; a longer tick batches tags and nginx reads less often than it would from phones.
# Needs: nginx + libnginx-mod-rtmp, redis-server, rabbitmq-server, ffmpeg, python3, gettext-base, the .NET SDK.
# KEEP_WORK=1 keeps the folder with every log.
# NGINX_WORKERS=1 runs nginx with one worker instead of one per core.
# HLS_ON_DISK=1 writes the live HLS to the disk instead of memory (/dev/shm).
# Usage: [PUBLISHER=ffmpeg|light] [LIGHT_TICK_MS=5] [NO_DVR_PUSH=1] [NGINX_WORKERS=1] [HLS_ON_DISK=1] [KEEP_WORK=1] [NODE_NICE=-10] [PUBLISHERS_SHARE=2] [NGINX_LOG_LEVEL=info] bench/many-publishers/run.sh [publishers=100] [broadcast_seconds=90]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
publishers=${1:-100}
seconds=${2:-90}
work=$(bench_work /var/tmp/many-publishers.XXXXXX)  # nginx's worker (nobody) must reach the media folders below
media="$work/media"
# nginx's live HLS in memory and its DVR copy on disk, as the AppHost keeps them (LiveHlsFolder); HLS_ON_DISK=1 writes
# both to the disk, as before.
if [ "${HLS_ON_DISK:-0}" != 1 ] && [ -d /dev/shm ]; then
  in_memory=$(mktemp -d /dev/shm/many-publishers.XXXXXX); chmod 755 "$in_memory"; hls="$in_memory/hls"
else
  hls="$media/hls"
fi
dvr="$media/dvr"
mkdir -p "$media/recordings" "$hls" "$dvr" "$media/vod"
redis_port=$(port); amqp_port=$(port); dist_port=$(port); api_port=$(port); worker_port=$(port)
rtmp_port=$(port); http_port=$(port); proxy_port=$(port)
secret=bench-hook-secret-0123456789
admin=bench-admin-key-0123456789

cleanup() {
  [ -n "${nginx_pid:-}" ] && kill -QUIT "$nginx_pid" 2>/dev/null || true
  kill "${api_pid:-}" "${worker_pid:-}" "${redis_pid:-}" 2>/dev/null || true
  stop_rabbitmq "${rabbit_pid:-}"
  [ -n "${nginx_pid:-}" ] && while kill -0 "$nginx_pid" 2>/dev/null; do sleep 0.2; done
  [ -n "${in_memory:-}" ] && rm -rf "$in_memory"
  if [ "${KEEP_WORK:-0}" = 1 ]; then
    sed -i 's/key=[^&[:space:]'"'"']*/key=<redacted>/g' "$work/error.log" 2>/dev/null || true
    echo "== kept $work (logs, media)"
  else rm -rf "$work"; fi
}
trap cleanup EXIT

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== making a ${seconds} s 640x360 clip (H.264 800 kbit/s, 1 s GOP, AAC)"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=640x360:rate=30:duration=$seconds" -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=$seconds" \
  -c:v libx264 -preset veryfast -b:v 800k -g 30 -keyint_min 30 -sc_threshold 0 -pix_fmt yuv420p -c:a aac -b:a 64k -f flv "$work/clip.flv"

publisher_args=()
case "${PUBLISHER:-ffmpeg}" in
  ffmpeg) ;;
  light)
    echo "== building the light publisher (Release)"
    dotnet build "$here/LightPublisher" -c Release -o "$work/light-publisher" -v quiet -nologo >/dev/null
    publisher_args=(--light-publisher "$work/light-publisher/LightPublisher.dll") ;;
  *) echo "PUBLISHER is ffmpeg or light, not ${PUBLISHER}" >&2; exit 2 ;;
esac

echo "== starting redis, rabbitmq, the Api and the VodWorker (Release), nginx-rtmp"
start_backend "$redis_port" "$amqp_port" "$dist_port" "$media"
export Media__HlsPath="$hls" Media__DvrPath="$dvr"
# UTC times on the Api's log lines, which measure.py places against the broadcasts' start and end.
(cd "$work/api" && Logging__Console__FormatterName=simple Logging__Console__FormatterOptions__TimestampFormat="HH:mm:ss.fff " Logging__Console__FormatterOptions__UseUtcTimestamp=true \
  Hooks__Secret="$secret" Admin__ApiKey="$admin" Streaming__HlsBaseUrl="http://127.0.0.1:$http_port/hls" \
  Streaming__RtmpBaseUrl="rtmp://127.0.0.1:$rtmp_port/live" exec dotnet StreamingPlatform.Api.dll --urls "http://127.0.0.1:$api_port" >"$work/api.log" 2>&1) &
api_pid=$!
(cd "$work/worker" && Thumbnails__HlsBaseUrl="http://127.0.0.1:$http_port/hls" \
  exec dotnet StreamingPlatform.VodWorker.dll --urls "http://127.0.0.1:$worker_port" >"$work/worker.log" 2>&1) &
worker_pid=$!

# The repository's templates, with one access-log line per hook call (path, status, the Api's status; no arguments:
# the hook URL carries the secret). NGINX_LOG_LEVEL=info says why nginx-rtmp closed each session; its publish lines
# carry the stream keys, which the clean-up below blanks out before the folder is kept.
# NO_DVR_PUSH=1 leaves out the live application's push to dvr, to measure what the DVR copy costs.
sed -e "s|^error_log \${NGINX_ERROR_LOG} warn;|error_log \${NGINX_ERROR_LOG} ${NGINX_LOG_LEVEL:-warn};|" \
    "$root/nginx-rtmp/nginx.conf.template" >"$work/nginx.conf.template"
sed -e '/listen 127.0.0.1:${HOOK_PROXY_PORT};/,/access_log off;/s|access_log off;|access_log ${NGINX_RUNTIME_PATH}/hooks.log hook_calls;|' \
    -e 's|^\(\s*\)log_format hook_fallback|\1log_format hook_calls "$uri $status $upstream_status $request_time $upstream_connect_time $upstream_response_time $msec";\n&|' \
    "$root/nginx-rtmp/hook-proxy.conf.template" >"$work/hook-proxy.conf.template"
grep -q 'hooks.log hook_calls' "$work/hook-proxy.conf.template" || { echo "could not add the hook log to the hook proxy's template" >&2; exit 1; }
if [ "${NO_DVR_PUSH:-0}" = 1 ]; then
  sed -i '/^\s*push rtmp:/d' "$work/nginx.conf.template"
  echo "== without the push to dvr (NO_DVR_PUSH=1)"
fi
HOOK_BASE_URL="http://127.0.0.1:$api_port" HOOK_SECRET="$secret" NODE_ID=bench RTMP_PORT="$rtmp_port" HTTP_PORT="$http_port" \
  HOOK_PROXY_PORT="$proxy_port" HLS_PATH="$hls" DVR_PATH="$dvr" RECORDINGS_PATH="$media/recordings" NGINX_RUNTIME_PATH="$work/run" \
  NGINX_ERROR_LOG="$work/error.log" NGINX_ACCESS_LOG="$work/access.log" NGINX_CONF_TEMPLATE="$work/nginx.conf.template" \
  "$root/nginx-rtmp/entrypoint.sh" >"$work/nginx.out" 2>&1 &
nginx_pid=$!
until curl -sf "http://127.0.0.1:$api_port/alive" >/dev/null && grep -q "Bus started" "$work/worker.log" \
  && curl -sf "http://127.0.0.1:$http_port/health" >/dev/null; do sleep 0.3; done

# NODE_NICE=-10 gives the node's processes (not the publishers) priority over whatever else the machine runs, to measure
# the node as if it had the machine to itself; say so with the results.
if [ "${NODE_NICE:-0}" != 0 ]; then
  hook_proxy=$(cat "$work/run/hook-proxy.pid")
  for pid in "$nginx_pid" $(pgrep -P "$nginx_pid") "$hook_proxy" $(pgrep -P "$hook_proxy") "$api_pid" "$worker_pid" "$redis_pid" "$rabbit_pid" $(pgrep -P "$rabbit_pid"); do
    renice -n "$NODE_NICE" -p "$pid" >/dev/null
    for task in /proc/"$pid"/task/*; do renice -n "$NODE_NICE" -p "${task##*/}" >/dev/null 2>&1 || true; done
  done
  echo "== the node's processes run at nice $NODE_NICE"
fi
python3 "$here/measure.py" --work "$work" --publishers "$publishers" --seconds "$seconds" --rtmp-port "$rtmp_port" \
  --api "http://127.0.0.1:$api_port" --admin-key "$admin" --nginx-pid "$nginx_pid" --api-pid "$api_pid" \
  --worker-pid "$worker_pid" --redis-pid "$redis_pid" --rabbit-pid "$rabbit_pid" --hls "$hls" "${publisher_args[@]}"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
