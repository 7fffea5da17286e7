#!/bin/sh
# Renders nginx.conf.template with our own variables only (nginx's own $variables stay untouched), prepares
# the data folders and runs nginx in the foreground. The tests run this very script.
set -eu

: "${HOOK_BASE_URL:?HOOK_BASE_URL must be the Api's base URL, for example http://api:8080}"
: "${HOOK_SECRET:?HOOK_SECRET must be set (the secret the Api expects on its /hooks endpoints)}"
case "$HOOK_SECRET" in
  *[!A-Za-z0-9._~-]*) echo "entrypoint: HOOK_SECRET may contain only A-Z a-z 0-9 . _ ~ -" >&2; exit 64 ;;
esac

export NODE_ID="${NODE_ID:-$(hostname)}"
case "$NODE_ID" in
  *[!A-Za-z0-9._-]*) echo "entrypoint: NODE_ID may contain only A-Z a-z 0-9 . _ -" >&2; exit 64 ;;
esac

export HOOK_BASE_URL="${HOOK_BASE_URL%/}" HOOK_SECRET
# nginx proxies the hooks to this address as they are (proxy_pass without a URI part): scheme, host and port only.
case "$HOOK_BASE_URL" in
  http://*/*|https://*/*|*\?*) echo "entrypoint: HOOK_BASE_URL must be scheme://host[:port] without a path, for example http://api:8080" >&2; exit 64 ;;
  http://*|https://*) ;;
  *) echo "entrypoint: HOOK_BASE_URL must start with http:// or https://" >&2; exit 64 ;;
esac
# The hook proxy keeps its connections to the Api open (an upstream with keepalive), which names host:port.
HOOK_API_SCHEME="${HOOK_BASE_URL%%://*}"
HOOK_API_ADDRESS="${HOOK_BASE_URL#*://}"
case "$HOOK_API_ADDRESS" in
  *\]:*|[!\[]*:*) ;;
  *) [ "$HOOK_API_SCHEME" = https ] && HOOK_API_ADDRESS="$HOOK_API_ADDRESS:443" || HOOK_API_ADDRESS="$HOOK_API_ADDRESS:80" ;;
esac
export HOOK_API_SCHEME HOOK_API_ADDRESS
export HOOK_PROXY_PORT="${HOOK_PROXY_PORT:-8081}"
export RTMP_PORT="${RTMP_PORT:-1935}"
export HTTP_PORT="${HTTP_PORT:-8080}"
export HLS_PATH="${HLS_PATH:-/data/hls}"
# The DVR copy keeps hours of every stream: on disk, even when HLS_PATH (seconds of each) is a RAM disk.
export DVR_PATH="${DVR_PATH:-$HLS_PATH/.dvr}"
export RECORDINGS_PATH="${RECORDINGS_PATH:-/data/recordings}"
# Below the 1 s keyframe interval we ask publishers for: a fragment closes at the first keyframe once it is this long,
# so a keyframe a few milliseconds early (a phone's capture clock, a busy encoder) still closes it instead of
# doubling it to 2 s. Fragments are as long as the publisher's GOP.
export HLS_FRAGMENT="${HLS_FRAGMENT:-500ms}"
export HLS_PLAYLIST_LENGTH="${HLS_PLAYLIST_LENGTH:-6s}"
# DVR (rewind while live): fragment length and how far back viewers can go.
export DVR_FRAGMENT="${DVR_FRAGMENT:-4s}"
export DVR_WINDOW="${DVR_WINDOW:-2h}"
export HOOK_UPDATE_INTERVAL="${HOOK_UPDATE_INTERVAL:-5s}"
# What one nginx worker holds at once, sized for 500 live streams with room (reconnect storms, hooks in flight) even
# if one worker held them all: a stream costs 3 RTMP connections and 3 open files, 4 connections more for the relays
# to a second worker, and up to 4 while a hook call or a thumbnail read is in flight (measured: docs/capacity.md).
export NGINX_MAX_CONNECTIONS="${NGINX_MAX_CONNECTIONS:-8192}"
export NGINX_MAX_FILES="${NGINX_MAX_FILES:-16384}"
for limit in "$NGINX_MAX_CONNECTIONS" "$NGINX_MAX_FILES"; do
  case "$limit" in
    ''|*[!0-9]*) echo "entrypoint: NGINX_MAX_CONNECTIONS and NGINX_MAX_FILES must be whole numbers" >&2; exit 64 ;;
  esac
done
# nginx's worker raises its own open-file limit (worker_rlimit_nofile); without root it cannot pass the hard limit.
hard_files=$(ulimit -Hn)
if [ "$(id -u)" != 0 ] && [ "$hard_files" != unlimited ] && [ "$hard_files" -lt "$NGINX_MAX_FILES" ]; then
  echo "entrypoint: warning: the open-file hard limit is $hard_files, below NGINX_MAX_FILES=$NGINX_MAX_FILES: nginx will cut publishers long before 500 streams (raise it: ulimit -Hn, LimitNOFILE=)" >&2
fi
export NGINX_RUNTIME_PATH="${NGINX_RUNTIME_PATH:-/var/lib/nginx-rtmp}"

# One worker per core this process may use (a container's CPU quota counts): one nginx-rtmp worker's core is full at
# about 500 streams (docs/capacity.md). More than one needs the worker-sockets module, which the image holds and which
# is built here otherwise (Debian's nginx-dev); without it, one worker takes every stream.
cpus() {
  count=$(nproc)
  if [ -r /sys/fs/cgroup/cpu.max ] && read -r quota period < /sys/fs/cgroup/cpu.max && [ "$quota" != max ]; then
    allowed=$(( (quota + period - 1) / period ))
    [ "$allowed" -lt "$count" ] && count=$allowed
  fi
  echo "$count"
}
export NGINX_WORKERS="${NGINX_WORKERS:-$(cpus)}"
case "$NGINX_WORKERS" in
  ''|*[!0-9]*|0) echo "entrypoint: NGINX_WORKERS must be a whole number above 0" >&2; exit 64 ;;
esac
export NGINX_WORKER_SOCKETS_MODULE=/usr/lib/nginx/modules/ngx_rtmp_worker_sockets_module.so
if [ "$NGINX_WORKERS" -gt 1 ] && [ ! -f "$NGINX_WORKER_SOCKETS_MODULE" ]; then
  if ! NGINX_WORKER_SOCKETS_MODULE=$("$(dirname "$0")/worker-sockets/build.sh"); then
    echo "entrypoint: warning: without the worker-sockets module one nginx worker takes every stream (NGINX_WORKERS=$NGINX_WORKERS asked): install gcc, make and nginx-dev" >&2
    NGINX_WORKERS=1
  fi
fi
# Each worker's auto-push socket is $NGINX_RUNTIME_PATH/nginx-rtmp.<worker>, and a unix socket's path has at most 107 bytes.
if [ "$NGINX_WORKERS" -gt 1 ] && [ "${#NGINX_RUNTIME_PATH}" -gt 90 ]; then
  echo "entrypoint: warning: one nginx worker takes every stream: NGINX_RUNTIME_PATH is too long for the workers' sockets (at most 90 characters): $NGINX_RUNTIME_PATH" >&2
  NGINX_WORKERS=1
fi
export NGINX_ERROR_LOG="${NGINX_ERROR_LOG:-/dev/stderr}"
export NGINX_ACCESS_LOG="${NGINX_ACCESS_LOG:-/dev/stdout}"
template="${NGINX_CONF_TEMPLATE:-/etc/nginx-rtmp/nginx.conf.template}"
conf="${NGINX_CONF:-$NGINX_RUNTIME_PATH/nginx.conf}"
# The hook proxy's configuration lies beside nginx-rtmp's.
hook_proxy_template="$(dirname "$template")/hook-proxy.conf.template"
hook_proxy_conf="$NGINX_RUNTIME_PATH/hook-proxy.conf"
hook_proxy_pid="$NGINX_RUNTIME_PATH/hook-proxy.pid"

# RTMPS (docs/https.md): with TLS_CERTIFICATE set, the template's "## tls:" sections stay in, otherwise they go.
export TLS_CERTIFICATE="${TLS_CERTIFICATE:-}" TLS_CERTIFICATE_KEY="${TLS_CERTIFICATE_KEY:-}"
export RTMPS_PORT="${RTMPS_PORT:-1936}" RTMPS_PROXY_PORT="${RTMPS_PROXY_PORT:-1937}"
if [ -n "$TLS_CERTIFICATE" ]; then
  : "${TLS_CERTIFICATE_KEY:?TLS_CERTIFICATE_KEY must name the key of TLS_CERTIFICATE}"
  for path in "$TLS_CERTIFICATE" "$TLS_CERTIFICATE_KEY"; do
    # The paths are written into nginx's configuration: absolute, and nothing nginx would read as syntax.
    case "$path" in
      /*) ;;
      *) echo "entrypoint: TLS_CERTIFICATE and TLS_CERTIFICATE_KEY must be absolute paths" >&2; exit 64 ;;
    esac
    case "$path" in
      *[!A-Za-z0-9._/@+-]*) echo "entrypoint: TLS_CERTIFICATE and TLS_CERTIFICATE_KEY may contain only A-Z a-z 0-9 . _ / @ + -" >&2; exit 64 ;;
    esac
  done
  tls_sections='/^## tls: /d'
else
  tls_sections='/^## tls: begin/,/^## tls: end/d'
fi
if [ "$NGINX_WORKERS" -gt 1 ]; then
  worker_sections='/^## workers: /d'
else
  worker_sections='/^## workers: begin/,/^## workers: end/d'
fi

mkdir -p "$HLS_PATH" "$DVR_PATH" "$RECORDINGS_PATH" "$NGINX_RUNTIME_PATH"
if [ "$(id -u)" = 0 ]; then
  # nginx's worker runs as nobody and writes the fragments and recordings; the Api and the VodWorker, which may
  # run as other users on the same folders (bind mounts in development), delete them once the VOD is made.
  chmod 0777 "$HLS_PATH" "$DVR_PATH" "$RECORDINGS_PATH"
  # The workers create their auto-push sockets here.
  chown nobody "$NGINX_RUNTIME_PATH"
  # A worker that cannot reach them (a data folder below a mode-700 directory, as mktemp -d makes) records
  # nothing and serves 403 with one [crit] line as the only trace. Refuse to start instead, naming the folder.
  for folder in "$HLS_PATH" "$DVR_PATH" "$RECORDINGS_PATH" "$NGINX_RUNTIME_PATH"; do
    runuser -u nobody -- test -w "$folder" -a -x "$folder" && continue
    blocked="$folder" parent="$folder"
    while [ "$parent" != / ]; do
      parent=$(dirname "$parent")
      runuser -u nobody -- test -x "$parent" || blocked="$parent"
    done
    echo "entrypoint: nginx's worker (user nobody) cannot write $folder: it needs execute permission on every folder above it, and $blocked (owner $(stat -c %U "$blocked"), mode $(stat -c %a "$blocked")) denies it; chmod o+x $blocked or put the data elsewhere" >&2
    exit 73
  done
fi

sed -e "$tls_sections" -e "$worker_sections" < "$template" | envsubst '${NGINX_WORKERS} ${NGINX_WORKER_SOCKETS_MODULE} ${TLS_CERTIFICATE} ${TLS_CERTIFICATE_KEY} ${RTMPS_PORT} ${RTMPS_PROXY_PORT} ${HOOK_BASE_URL} ${HOOK_API_SCHEME} ${HOOK_API_ADDRESS} ${HOOK_PROXY_PORT} ${HOOK_SECRET} ${NODE_ID} ${RTMP_PORT} ${HTTP_PORT} ${HLS_PATH} ${DVR_PATH} ${RECORDINGS_PATH} ${HLS_FRAGMENT} ${HLS_PLAYLIST_LENGTH} ${DVR_FRAGMENT} ${DVR_WINDOW} ${HOOK_UPDATE_INTERVAL} ${NGINX_MAX_CONNECTIONS} ${NGINX_MAX_FILES} ${NGINX_RUNTIME_PATH} ${NGINX_ERROR_LOG} ${NGINX_ACCESS_LOG}' \
  > "$conf"
envsubst '${HOOK_API_SCHEME} ${HOOK_API_ADDRESS} ${HOOK_PROXY_PORT} ${NGINX_MAX_CONNECTIONS} ${NGINX_MAX_FILES} ${NGINX_RUNTIME_PATH} ${NGINX_ERROR_LOG} ${NGINX_ACCESS_LOG}' \
  < "$hook_proxy_template" > "$hook_proxy_conf"
mkdir -p "$NGINX_RUNTIME_PATH/hook-proxy"

# The hook proxy runs as an nginx of its own, so that no hook call waits behind nginx-rtmp's media (docs/capacity.md).
# It is started again at once when it stops (a heartbeat that finds no proxy is nginx-rtmp's last for its stream), and
# stopped once nginx-rtmp (this process, after the exec below) is gone.
run_hook_proxy() {
  rtmp=$1
  ( while kill -0 "$rtmp" 2>/dev/null; do sleep 1; done
    [ -s "$hook_proxy_pid" ] && kill -QUIT "$(cat "$hook_proxy_pid")" 2>/dev/null ) &
  while kill -0 "$rtmp" 2>/dev/null; do
    started=$(date +%s)
    nginx -c "$hook_proxy_conf" -e "$NGINX_ERROR_LOG" && code=0 || code=$?
    kill -0 "$rtmp" 2>/dev/null || break
    echo "entrypoint: the hook proxy stopped (exit $code); starting it again" >&2
    # One that cannot start (its port taken) is tried again every second, not in a busy loop.
    [ $(($(date +%s) - started)) -ge 2 ] || sleep 1
  done
}
rm -f "$hook_proxy_pid"
run_hook_proxy $$ &
# nginx writes its pid file once it listens: nginx-rtmp starts after that, so that no first publish finds no proxy.
waited=0
until [ -s "$hook_proxy_pid" ]; do
  if [ "$waited" -ge 200 ]; then
    echo "entrypoint: the hook proxy did not start within 10 s (see the error log: $NGINX_ERROR_LOG)" >&2
    exit 70
  fi
  sleep 0.05
  waited=$((waited + 1))
done

exec nginx -c "$conf" -e "$NGINX_ERROR_LOG"
