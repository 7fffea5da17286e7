#!/usr/bin/env bash
# The quality ladder's cost: CPU per transcoded channel (720p30 in), FFmpeg's encoder speed, and how many
# transcoded channels fit on this machine, against a baseline in the same run: a channel without a ladder (nginx-rtmp
# taking the publish and writing its HLS).
#   - nginx-rtmp runs through nginx-rtmp/entrypoint.sh with the repository's template (live + ladder applications);
#     its hooks go to a stub that answers 200 (the Api's cost is not what is measured here);
#   - each "phone" pushes the same pre-encoded 720p30 clip (H.264 2.5 Mbit/s, 1 s GOP, AAC) with -c copy, so
#     publishers cost almost nothing;
#   - each transcoder is the VodWorker's FFmpeg command (LadderPlan.FfmpegArguments, default ladder: 480p 1000k +
#     240p 300k, x264 veryfast zerolatency): it plays the channel from nginx and publishes both renditions back;
#   - for n = 1, 2, ... channels at once: 10 s warm-up, then 30 s measured: CPU of each transcoder (from /proc),
#     encoder speed over the window (output time advanced / wall time), and the machine's whole CPU use;
#     stops after the first n whose slowest transcoder falls below 1.0x. A live input never runs faster than 1.0x, so
#     the headroom shows in the CPU columns and in an offline run of the same encoders over the clip.
# Needs: nginx + libnginx-mod-rtmp, ffmpeg, python3, gettext-base (envsubst).
# Usage: bench/abr/run.sh [max_channels=8] [window_seconds=30]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
max=${1:-8}
window=${2:-30}
work=$(bench_work /var/tmp/abr-bench.XXXXXX)
rtmp_port=$(port); http_port=$(port); proxy_port=$(port); hook_port=$(port)

cleanup() {
  [ -n "${nginx_pid:-}" ] && kill -QUIT "$nginx_pid" 2>/dev/null || true
  [ -n "${hook_pid:-}" ] && kill "$hook_pid" 2>/dev/null || true
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT

echo "== machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/ {print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== making a 60 s 720p30 clip (H.264 2.5 Mbit/s, 1 s GOP, AAC)"
ffmpeg -v error -y -f lavfi -i testsrc2=size=1280x720:rate=30:duration=60 -f lavfi -i sine=frequency=440:sample_rate=44100:duration=60 \
  -c:v libx264 -preset veryfast -b:v 2500k -maxrate 2500k -bufsize 2500k -g 30 -keyint_min 30 -sc_threshold 0 -pix_fmt yuv420p \
  -c:a aac -b:a 128k -f flv "$work/clip.flv"

echo "== starting nginx-rtmp (the repository's template) with a hook stub"
python3 - "$hook_port" >"$work/hook.log" 2>&1 <<'PY' &
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.end_headers()
    def log_message(self, *args): pass
HTTPServer(("127.0.0.1", int(sys.argv[1])), Hook).serve_forever()
PY
hook_pid=$!
HOOK_BASE_URL="http://127.0.0.1:$hook_port" HOOK_SECRET=bench NODE_ID=bench RTMP_PORT="$rtmp_port" HTTP_PORT="$http_port" \
  HOOK_PROXY_PORT="$proxy_port" HLS_PATH="$work/media/hls" RECORDINGS_PATH="$work/media/recordings" NGINX_RUNTIME_PATH="$work/run" \
  NGINX_ERROR_LOG="$work/error.log" NGINX_ACCESS_LOG="$work/access.log" NGINX_CONF_TEMPLATE="$root/nginx-rtmp/nginx.conf.template" \
  "$root/nginx-rtmp/entrypoint.sh" >"$work/nginx.out" 2>&1 &
nginx_pid=$!
until curl -sf "http://127.0.0.1:$http_port/health" >/dev/null; do sleep 0.2; done

python3 "$here/measure.py" "$work" "$rtmp_port" "$max" "$window"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
