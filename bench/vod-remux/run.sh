#!/usr/bin/env bash
# VOD pipeline against a bare FFmpeg remux of the same >= 1 GB recording, on the same machine in the same run.
#   1. baseline: `ffmpeg -i big.flv -c copy -movflags +faststart out.mp4`;
#   2. pipeline: the recording is placed in the recordings folder and announced through the Api's real
#      record-done hook; the clock stops when the catalogue says "ready" (remux + verify + poster + catalogue);
#   baseline and pipeline runs alternate, 3 each, each after a `sync` and with its output deleted afterwards, so
#   both meet the same page cache and disk write-back; the medians are compared;
#   3. record-done hook latency while a second remux of the big file runs (sequential requests, real tiny files);
#   4. the worker's peak memory (VmHWM).
# No nginx here: the Api's session lease is long, since nothing sends heartbeats.
# Needs: redis-server, rabbitmq-server, ffmpeg, python3, the .NET SDK. Usage: bench/vod-remux/run.sh [size_gb=1]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
size_gb=${1:-1}
work=$(mktemp -d /var/tmp/vod-bench.XXXXXX)
chmod 755 "$work"
media="$work/media"
mkdir -p "$media/recordings" "$media/hls" "$media/vod"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
redis_port=$(port); amqp_port=$(port); dist_port=$(port); api_port=$(port); worker_port=$(port)
secret=bench-hook-secret-0123456789

cleanup() {
  kill "${api_pid:-}" "${worker_pid:-}" "${redis_pid:-}" 2>/dev/null || true
  if [ -n "${rabbit_pid:-}" ]; then
    pkill -TERM -P "$rabbit_pid" 2>/dev/null || true  # the Erlang VM under the rabbitmq-server script
    kill "$rabbit_pid" 2>/dev/null || true
    while pgrep -P "$rabbit_pid" >/dev/null 2>&1; do sleep 0.2; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== making a recording of >= ${size_gb} GB (H.264 1280x720 + AAC in FLV, no duration in the header, like nginx's)"
ffmpeg -v error -y -f lavfi -i testsrc2=size=1280x720:rate=30:duration=20 -f lavfi -i sine=frequency=440:duration=20 \
  -c:v libx264 -preset ultrafast -b:v 20M -g 30 -pix_fmt yuv420p -c:a aac -flvflags no_duration_filesize -f flv "$work/clip.flv"
clip_bytes=$(stat -c %s "$work/clip.flv")
loops=$(( size_gb * 1024 * 1024 * 1024 / clip_bytes + 1 ))
ffmpeg -v error -y -stream_loop "$loops" -i "$work/clip.flv" -c copy -flvflags no_duration_filesize -f flv "$work/big.flv"
big_bytes=$(stat -c %s "$work/big.flv")
echo "recording: $big_bytes bytes"

echo "== starting redis, rabbitmq, the Api and the VodWorker (Release)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
# Started inside $work: the broker writes crash and Mnesia core dumps into its working folder, which the cleanup removes.
cd "$work" && HOME="$work" RABBITMQ_NODENAME="rabbit-$amqp_port@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$amqp_port" \
  RABBITMQ_DIST_PORT="$dist_port" RABBITMQ_MNESIA_BASE="$work/mnesia" RABBITMQ_LOG_BASE="$work/rlog" \
  RABBITMQ_ENABLED_PLUGINS_FILE="$work/enabled_plugins" ERL_EPMD_ADDRESS=127.0.0.1 ERL_CRASH_DUMP="$work/erl_crash.dump" \
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
  /usr/lib/rabbitmq/bin/rabbitmq-server >"$work/rabbit.log" 2>&1 &
rabbit_pid=$!
cd "$root"
dotnet publish "$root/StreamingPlatform.Api" -c Release -o "$work/api" -v quiet -nologo >/dev/null
dotnet publish "$root/StreamingPlatform.VodWorker" -c Release -o "$work/worker" -v quiet -nologo >/dev/null
until grep -q "Starting broker... completed" "$work/rabbit.log"; do sleep 0.5; done
export ConnectionStrings__redis="127.0.0.1:$redis_port" ConnectionStrings__messaging="amqp://guest:guest@127.0.0.1:$amqp_port/" Media__Root="$media"
(cd "$work/api" && Hooks__Secret="$secret" Admin__ApiKey=bench-admin-key-0123456789 Streaming__HlsBaseUrl=http://127.0.0.1/hls \
  Streaming__RtmpBaseUrl=rtmp://127.0.0.1/live Sessions__ReconnectGraceSeconds=0 Sessions__LeaseSeconds=3600 \
  exec dotnet StreamingPlatform.Api.dll --urls "http://127.0.0.1:$api_port" >"$work/api.log" 2>&1) &
api_pid=$!
(cd "$work/worker" && exec dotnet StreamingPlatform.VodWorker.dll --urls "http://127.0.0.1:$worker_port" >"$work/worker.log" 2>&1) &
worker_pid=$!
until curl -sf "http://127.0.0.1:$api_port/alive" >/dev/null && grep -q "Bus started" "$work/worker.log"; do sleep 0.3; done
sleep 2

python3 "$here/pipeline.py" "$work" "$media" "$api_port" "$redis_port" "$secret" "$big_bytes" "$worker_pid"
