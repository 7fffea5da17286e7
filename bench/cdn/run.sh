#!/usr/bin/env bash
# The origin's offload behind a CDN: simulated hls.js viewers (viewers.py) of one live channel, first straight at the
# origin nginx-rtmp (the baseline: every viewer's request reaches it), then through the caching proxy that stands in
# for a CDN (nginx-rtmp/edge-cache.sh). Counts, from the origin's access log, the requests per fragment and the
# playlist requests per second (1 s fragments), and the origin's requests per second in each run.
# A small Python server answers nginx's hooks with yes (the Api's decisions are not what is measured here).
# Needs: nginx, libnginx-mod-rtmp, ffmpeg, python3, curl.
# Usage: bench/cdn/run.sh [viewers=1000] [seconds=60] [baseline viewers=200]
# (the baseline stays under the origin's worker_connections, 1024: more viewers straight at it are refused)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
viewers=${1:-1000}
seconds=${2:-60}
baseline_viewers=${3:-200}
work=$(bench_work)
hook_port=$(port); rtmp_port=$(port); http_port=$(port); edge_port=$(port)
channel=cdn-bench

cleanup() { kill "${phone_pid:-}" "${edge_pid:-}" "${origin_pid:-}" "${hooks_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

python3 - "$hook_port" >"$work/hooks.log" 2>&1 <<'PY' &
import http.server, sys
class Yes(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Yes).serve_forever()
PY
hooks_pid=$!

HOOK_BASE_URL="http://127.0.0.1:$hook_port" HOOK_SECRET=bench-hook-secret-0123456789 HOOK_PROXY_PORT=$(port) NODE_ID=bench \
  RTMP_PORT=$rtmp_port HTTP_PORT=$http_port HLS_PATH="$work/media/hls" RECORDINGS_PATH="$work/media/recordings" \
  NGINX_RUNTIME_PATH="$work/origin" NGINX_ERROR_LOG="$work/origin-error.log" NGINX_ACCESS_LOG="$work/origin-access.log" \
  NGINX_CONF_TEMPLATE="$root/nginx-rtmp/nginx.conf.template" "$root/nginx-rtmp/entrypoint.sh" >"$work/origin.out" 2>&1 &
origin_pid=$!
ORIGIN="127.0.0.1:$http_port" EDGE_LISTEN="127.0.0.1:$edge_port" EDGE_RUNTIME_PATH="$work/edge" \
  EDGE_ERROR_LOG="$work/edge-error.log" EDGE_ACCESS_LOG="$work/edge-access.log" "$root/nginx-rtmp/edge-cache.sh" >"$work/edge.out" 2>&1 &
edge_pid=$!
until curl -sf "http://127.0.0.1:$http_port/health" >/dev/null; do sleep 0.2; done

# A phone: 640x360, 30 fps, 1 s GOP (1 s fragments), about 400 kbit/s (the count of requests, not their size, is measured).
ffmpeg -hide_banner -loglevel error -nostdin -re -f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine=frequency=440 \
  -c:v libx264 -preset ultrafast -tune zerolatency -b:v 400k -pix_fmt yuv420p -g 30 -keyint_min 30 -sc_threshold 0 \
  -c:a aac -b:a 64k -ar 44100 -f flv "rtmp://127.0.0.1:$rtmp_port/live/$channel?key=bench" >"$work/phone.log" 2>&1 &
phone_pid=$!
until [ "$(curl -sf "http://127.0.0.1:$http_port/hls/$channel/index.m3u8" | grep -c '\.ts$')" -ge 4 ]; do sleep 0.5; done

run() { # run <label> <playlist URL> <viewers>
  : >"$work/origin-access.log"
  kill -USR1 "$origin_pid" # nginx reopens its logs: this run's requests only
  sleep 0.5
  local result counts
  result=$(python3 "$here/viewers.py" "$2" "$3" "$seconds")
  counts=$(python3 "$here/origin_requests.py" "$work/origin-access.log" "$channel")
  echo "$1 viewers: $result"
  echo "$1 origin:  $counts"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); load average before: $LOAD_BEFORE"
echo "viewers=$viewers seconds=$seconds baseline_viewers=$baseline_viewers"
baseline=$(run baseline "http://127.0.0.1:$http_port/hls/$channel/index.m3u8" "$baseline_viewers")
echo "$baseline"
cdn=$(run cdn "http://127.0.0.1:$edge_port/hls/$channel/index.m3u8" "$viewers")
echo "$cdn"
echo "edge cache: $(grep -c 'cache=HIT' "$work/edge-access.log") HIT, $(grep -c 'cache=UPDATING' "$work/edge-access.log") UPDATING, $(grep -c 'cache=MISS' "$work/edge-access.log") MISS, $(grep -c 'cache=EXPIRED' "$work/edge-access.log") EXPIRED"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$baseline" "$cdn" "$baseline_viewers" "$viewers" <<'PY'
import json, sys
def origin(block): return json.loads(block.split("origin:", 1)[1].strip().splitlines()[0])
b, c = origin(sys.argv[1]), origin(sys.argv[2])
per_viewer_b = b["requests_per_second"] / int(sys.argv[3])
print(f"origin requests/s: baseline {b['requests_per_second']} for {sys.argv[3]} viewers ({per_viewer_b:.2f} per viewer), "
      f"through the cache {c['requests_per_second']} for {sys.argv[4]} viewers: "
      f"{c['requests_per_second'] / (per_viewer_b * int(sys.argv[4])):.4f}x of what they would send straight to the origin")
PY
