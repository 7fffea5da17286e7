-- wrk script: presence reports of `viewers` simulated watch pages on one channel, each id in turn, as the watch page
-- posts them. Pacing: PAUSE_MS in the environment, milliseconds between a connection's requests (unset: as fast as the server answers).
local counter = 0
thread_id = 0 -- set per thread by setup(); must stay global for thread:set
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  channel = args[1]
  viewers = tonumber(args[2])
end

function request()
  counter = counter + 1
  local n = (thread_id * 7919 + counter) % viewers
  return wrk.format("POST", "/api/streams/" .. channel .. "/viewers/" .. string.format("%032x", n + 1))
end

if tonumber(os.getenv("PAUSE_MS") or "0") > 0 then
  function delay() return tonumber(os.getenv("PAUSE_MS")) end
end

function done(summary, latency, requests)
  io.write(string.format("p50_ms=%.3f p99_ms=%.3f rps=%.0f errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
