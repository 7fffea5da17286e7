-- wrk script: the baseline (GET /alive), with the same pacing and one-line summary as presence.lua.
if tonumber(os.getenv("PAUSE_MS") or "0") > 0 then
  function delay() return tonumber(os.getenv("PAUSE_MS")) end
end

function done(summary, latency, requests)
  io.write(string.format("p50_ms=%.3f p99_ms=%.3f rps=%.0f errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
