# Sourced by every bench script, right after it finds its own folder: what each of them starts with.
#   here=$(cd "$(dirname "$0")" && pwd); source "$here/../lib.sh"
# Sets $root (the repository) and $LOAD_BEFORE (the load average as the script starts: every result is written down
# beside it), and defines the helpers below.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOAD_BEFORE=$(cut -d" " -f1-3 /proc/loadavg)

# A free TCP port on loopback.
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# A work folder that nginx's worker (user nobody) can reach; mktemp's template as the argument, if any.
bench_work() { local folder; folder=$(mktemp -d "$@"); chmod 755 "$folder"; echo "$folder"; }

# redis-server on loopback, nothing saved, in the background ($! is its pid): start_redis <port> <log>
start_redis() { redis-server --port "$1" --bind 127.0.0.1 --save '' --appendonly no >"$2" 2>&1 & }

# Debian's RabbitMQ as a plain process of this user, all of it in the work folder, in the background ($! is its pid):
# start_rabbitmq <work> <amqp port> <distribution port>. Started inside the work folder: the broker writes crash and
# Mnesia core dumps into its working folder, which the cleanup removes.
start_rabbitmq() {
  cd "$1" && HOME="$1" RABBITMQ_NODENAME="rabbit-$2@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$2" \
    RABBITMQ_DIST_PORT="$3" RABBITMQ_MNESIA_BASE="$1/mnesia" RABBITMQ_LOG_BASE="$1/rlog" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$1/enabled_plugins" ERL_EPMD_ADDRESS=127.0.0.1 ERL_CRASH_DUMP="$1/erl_crash.dump" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    /usr/lib/rabbitmq/bin/rabbitmq-server >"$1/rabbit.log" 2>&1 &
  cd "$root"
}

wait_for_rabbitmq() { until grep -q "Starting broker... completed" "$1/rabbit.log"; do sleep 0.5; done; }

# stop_rabbitmq <pid from start_rabbitmq>: the Erlang VM under the rabbitmq-server script first, then the script.
stop_rabbitmq() {
  [ -n "$1" ] || return 0
  pkill -TERM -P "$1" 2>/dev/null || true
  kill "$1" 2>/dev/null || true
  while pgrep -P "$1" >/dev/null 2>&1; do sleep 0.2; done
}

# publish_service <project folder> <output folder>: a service built in Release, as its container runs it.
publish_service() { dotnet publish "$root/$1" -c Release -o "$2" -v quiet -nologo >/dev/null; }

# The services' back end in $work: Redis and RabbitMQ started (redis_pid, rabbit_pid set), the Api and the VodWorker
# published in Release into $work/api and $work/worker, and their connection strings and media root exported.
# start_backend <redis port> <amqp port> <distribution port> <media root>
start_backend() {
  start_redis "$1" "$work/redis.log"
  redis_pid=$!
  start_rabbitmq "$work" "$2" "$3"
  rabbit_pid=$!
  publish_service StreamingPlatform.Api "$work/api"
  publish_service StreamingPlatform.VodWorker "$work/worker"
  wait_for_rabbitmq "$work"
  export ConnectionStrings__redis="127.0.0.1:$1" ConnectionStrings__messaging="amqp://guest:guest@127.0.0.1:$2/" Media__Root="$4"
}

# The wrk benches' arguments: wrk_settings <default wrk threads> "$@" sets connections (32), seconds (15) and threads
# (WRK_THREADS, else the default).
wrk_settings() { threads=${WRK_THREADS:-$1}; connections=${2:-32}; seconds=${3:-15}; }
