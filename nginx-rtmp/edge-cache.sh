#!/bin/sh
# Renders edge-cache.conf.template with our own variables only and runs nginx in the foreground: a caching proxy in
# front of nginx-rtmp's HLS (docs/cdn.md). The tests and bench/cdn run this very script.
set -eu

: "${ORIGIN:?ORIGIN must be nginx-rtmp's HTTP address as host:port, for example 127.0.0.1:8080}"
case "$ORIGIN" in
  *[!A-Za-z0-9.:_-]*|"") echo "edge-cache: ORIGIN must be host:port, without a scheme or a path" >&2; exit 64 ;;
esac
export ORIGIN
export EDGE_LISTEN="${EDGE_LISTEN:-8090}"
export EDGE_CACHE_SIZE="${EDGE_CACHE_SIZE:-1g}"
export EDGE_RUNTIME_PATH="${EDGE_RUNTIME_PATH:-/var/lib/edge-cache}"
export EDGE_ERROR_LOG="${EDGE_ERROR_LOG:-/dev/stderr}"
export EDGE_ACCESS_LOG="${EDGE_ACCESS_LOG:-/dev/stdout}"
here=$(cd "$(dirname "$0")" && pwd)
conf="$EDGE_RUNTIME_PATH/nginx.conf"

mkdir -p "$EDGE_RUNTIME_PATH"
envsubst '${ORIGIN} ${EDGE_LISTEN} ${EDGE_CACHE_SIZE} ${EDGE_RUNTIME_PATH} ${EDGE_ERROR_LOG} ${EDGE_ACCESS_LOG}' \
  < "$here/edge-cache.conf.template" > "$conf"

exec nginx -c "$conf" -e "$EDGE_ERROR_LOG"
