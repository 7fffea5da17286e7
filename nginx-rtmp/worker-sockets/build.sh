#!/usr/bin/env bash
# Builds the worker-sockets module against the installed nginx and prints the module's path. Debian's nginx-dev holds
# nginx's sources and the configure flags Debian built its nginx with, so the module's signature matches and nginx
# loads it. Without a folder, the module is kept in a cache folder named by nginx's version and this module's source,
# and built only once (concurrent callers wait for the first).
# Usage: build.sh [folder]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sources=/usr/share/nginx/src
if [ ! -f "$sources/conf_flags" ]; then
  echo "worker-sockets: nginx's sources are not installed (Debian package nginx-dev)" >&2
  exit 69
fi

version=$(nginx -v 2>&1 | sed 's|.*/||')
source_hash=$(cat "$here/config" "$here/ngx_rtmp_worker_sockets_module.c" | sha256sum | cut -c1-16)
cache="${NGINX_MODULES_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/streamingplatform/nginx-modules}"
folder="${1:-$cache/$version-$source_hash}"
module="$folder/ngx_rtmp_worker_sockets_module.so"

mkdir -p "$folder"
exec 9>"$folder/.lock"
flock 9
if [ ! -f "$module" ]; then
  build=$(mktemp -d)
  trap 'rm -rf "$build"' EXIT
  cp -r "$sources/." "$build/nginx"
  mkdir "$build/module"
  cp "$here/config" "$here/ngx_rtmp_worker_sockets_module.c" "$build/module/"
  # shellcheck disable=SC1091
  source "$build/nginx/conf_flags"
  if ! (cd "$build/nginx" && ./configure "${NGX_CONF_FLAGS[@]}" --add-dynamic-module="$build/module" \
        && make -f objs/Makefile modules) >"$build/log" 2>&1; then
    tail -n 30 "$build/log" >&2
    echo "worker-sockets: the build failed (it needs gcc, make and nginx-dev)" >&2
    exit 70
  fi
  cp "$build/nginx/objs/ngx_rtmp_worker_sockets_module.so" "$module.partial"
  mv "$module.partial" "$module"
fi
echo "$module"
