-- wrk script: every request is an on_publish for a new channel name (bench-<n>), as nginx-rtmp posts it.
local counter = 0
thread_id = 0 -- set per thread by setup(); must stay global for thread:set
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  secret = args[1]
  key = args[2]
  offset = tonumber(args[3])
  per_thread = tonumber(args[4])
end

function request()
  counter = counter + 1
  local n = offset + thread_id * per_thread + counter
  local body = "app=live&flashver=FMLE%2F3.0&swfurl=&tcurl=rtmp%3A%2F%2F127.0.0.1%2Flive&pageurl=&addr=127.0.0.1"
    .. "&clientid=" .. n .. "&call=publish&name=bench-" .. n .. "&type=live&key=" .. key
  return wrk.format("POST", "/hooks/publish?secret=" .. secret .. "&node=bench", {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

local non2xx = 0
function response(status, headers, body)
  if status ~= 204 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("p50_ms=%.3f p99_ms=%.3f rps=%.0f errors=%d requests=%d seconds=%.3f\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests, summary.duration / 1e6))
end
