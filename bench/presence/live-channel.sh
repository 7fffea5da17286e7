# Sourced by run.sh and audience.sh: a real redis-server and the Api (published in Release) on free loopback ports, one
# channel, bench-1, live through the publish hook with a lease of an hour (no heartbeats needed). Sets $api, $work,
# $redis_port and a trap that stops both. API_ENV="NAME=value ..." passes settings to the Api.
work=$(mktemp -d)
redis_port=$(port)
api_port=$(port)
secret=bench-hook-secret-0123456789
key=bench-stream-key
api="http://127.0.0.1:$api_port"

cleanup() { kill "${api_pid:-}" "${redis_pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

start_redis "$redis_port" "$work/redis.log"
redis_pid=$!
publish_service StreamingPlatform.Api "$work/api"
dotnet build "$root/bench/publish-hook/BenchStore" -c Release -o "$work/store" -v quiet -nologo >/dev/null
dotnet "$work/store/BenchStore.dll" "127.0.0.1:$redis_port" seed-channels 2 "$key"

cd "$work/api"
ConnectionStrings__redis="127.0.0.1:$redis_port" ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:1/ Hooks__Secret="$secret" Admin__ApiKey=bench-admin-key-0123456789 \
  Streaming__HlsBaseUrl=http://127.0.0.1:8080/hls Streaming__RtmpBaseUrl=rtmp://127.0.0.1/live Sessions__LeaseSeconds=3600 \
  env ${API_ENV:-} dotnet StreamingPlatform.Api.dll --urls "$api" >"$work/api.log" 2>&1 &
api_pid=$!
cd - >/dev/null
until curl -sf "$api/alive" >/dev/null; do sleep 0.2; done
curl -sf -o /dev/null -X POST "$api/hooks/publish?secret=$secret&node=bench" \
  -d "app=live&addr=127.0.0.1&clientid=1&call=publish&name=bench-1&type=live&key=$key"
