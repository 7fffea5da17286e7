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
source "$here/../lib.sh"
size_gb=${1:-1}
work=$(bench_work /var/tmp/vod-bench.XXXXXX)
media="$work/media"
mkdir -p "$media/recordings" "$media/hls" "$media/vod"
redis_port=$(port); amqp_port=$(port); dist_port=$(port); api_port=$(port); worker_port=$(port)
secret=bench-hook-secret-0123456789

cleanup() {
  kill "${api_pid:-}" "${worker_pid:-}" "${redis_pid:-}" 2>/dev/null || true
  stop_rabbitmq "${rabbit_pid:-}"
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
start_backend "$redis_port" "$amqp_port" "$dist_port" "$media"
(cd "$work/api" && Hooks__Secret="$secret" Admin__ApiKey=bench-admin-key-0123456789 Streaming__HlsBaseUrl=http://127.0.0.1/hls \
  Streaming__RtmpBaseUrl=rtmp://127.0.0.1/live Sessions__ReconnectGraceSeconds=0 Sessions__LeaseSeconds=3600 \
  exec dotnet StreamingPlatform.Api.dll --urls "http://127.0.0.1:$api_port" >"$work/api.log" 2>&1) &
api_pid=$!
(cd "$work/worker" && exec dotnet StreamingPlatform.VodWorker.dll --urls "http://127.0.0.1:$worker_port" >"$work/worker.log" 2>&1) &
worker_pid=$!
until curl -sf "http://127.0.0.1:$api_port/alive" >/dev/null && grep -q "Bus started" "$work/worker.log"; do sleep 0.3; done
sleep 2

python3 "$here/pipeline.py" "$work" "$media" "$api_port" "$redis_port" "$secret" "$big_bytes" "$worker_pid"
