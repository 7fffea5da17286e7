#!/usr/bin/env bash
# What the HTTPS front costs HLS viewers: the same live playlist and the same 1 MB segment fetched from nginx directly
# over HTTP (the baseline) and through Caddy over HTTPS (keep-alive connections, so TLS costs its record encryption and
# a handshake per connection). nginx runs through nginx-rtmp/entrypoint.sh with the repository's template, Caddy with a
# Caddyfile of the shape the AppHost writes and a certificate made here; both on free loopback ports.
# Needs: nginx, libnginx-mod-rtmp, libnginx-mod-stream, caddy, wrk, openssl, python3, curl.
# Usage: bench/https-front/run.sh [connections=32] [seconds=15]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib.sh"
wrk_settings 2 "$@"
work=$(bench_work)
http_port=$(port); https_port=$(port)

cleanup() { kill "${caddy_pid:-}" 2>/dev/null || true; kill -QUIT "$(cat "$work/run/nginx.pid" 2>/dev/null)" 2>/dev/null || true; sleep 0.5; rm -rf "$work"; }
trap cleanup EXIT

# A live channel's files as nginx-rtmp writes them: a short playlist and 1 s segments (here 1 MB, about 8 Mbit/s).
mkdir -p "$work/media/hls/bench"
printf '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.000,\n1.ts\n#EXTINF:1.000,\n2.ts\n' >"$work/media/hls/bench/index.m3u8"
head -c 1048576 /dev/urandom >"$work/media/hls/bench/1.ts"
chmod -R a+rX "$work/media"

HOOK_BASE_URL=http://127.0.0.1:9 HOOK_SECRET=bench-hook-secret-0123456789 HOOK_PROXY_PORT=$(port) RTMP_PORT=$(port) HTTP_PORT=$http_port \
  HLS_PATH="$work/media/hls" RECORDINGS_PATH="$work/media/recordings" NGINX_RUNTIME_PATH="$work/run" \
  NGINX_ACCESS_LOG=/dev/null NGINX_CONF_TEMPLATE="$root/nginx-rtmp/nginx.conf.template" \
  "$root/nginx-rtmp/entrypoint.sh" >"$work/nginx.log" 2>&1 &

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
  -days 1 -subj /CN=streaming.test -addext subjectAltName=DNS:streaming.test,IP:127.0.0.1 2>/dev/null
cat >"$work/Caddyfile" <<CADDY
{
	admin off
	storage file_system {
		root "$work/caddy"
	}
	https_port $https_port
	auto_https disable_redirects
}

# wrk sends the address it connects to as SNI: the certificate covers 127.0.0.1 too.
streaming.test:$https_port, 127.0.0.1:$https_port {
	tls "$work/cert.pem" "$work/key.pem"
	handle /hls/* {
		reverse_proxy http://127.0.0.1:$http_port
	}
}
CADDY
HOME="$work" XDG_DATA_HOME="$work" XDG_CONFIG_HOME="$work" caddy run --config "$work/Caddyfile" --adapter caddyfile >"$work/caddy.log" 2>&1 &
caddy_pid=$!
until curl -sf "http://127.0.0.1:$http_port/health" >/dev/null; do sleep 0.2; done
until curl -skf --resolve "streaming.test:$https_port:127.0.0.1" "https://streaming.test:$https_port/hls/bench/index.m3u8" >/dev/null; do sleep 0.2; done

run() { # name url
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$2")
  printf '%-28s %10s req/s  %10s/s  p50 %8s  p99 %8s\n' "$1" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '/Transfer\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}

echo "https-front: $connections connections, $threads wrk threads, ${seconds} s each; load before: $LOAD_BEFORE"
run "playlist nginx http"  "http://127.0.0.1:$http_port/hls/bench/index.m3u8"
run "playlist caddy https" "https://127.0.0.1:$https_port/hls/bench/index.m3u8"
run "segment nginx http"   "http://127.0.0.1:$http_port/hls/bench/1.ts"
run "segment caddy https"  "https://127.0.0.1:$https_port/hls/bench/1.ts"
echo "load after: $(cut -d" " -f1-3 /proc/loadavg)"
