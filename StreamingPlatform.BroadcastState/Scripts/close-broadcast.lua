-- The end that end-session and end-expired-session share, for the stored broadcast `value` of channel @name: off the
-- open and deadline indexes; its BroadcastEnded (built by the caller) due when the reconnect grace window closes;
-- resumable until then.
local function close_broadcast(value)
  redis.call('DEL', @sessionKey)
  redis.call('HDEL', @openBroadcasts, @name)
  redis.call('ZREM', @leaseDeadlines, @name)
  redis.call('HSET', @outboxPayloads, @endedMember, @endedPayload)
  redis.call('ZADD', @outboxDue, @endedDue, @endedMember)
  if tonumber(@graceMs) > 0 then
    redis.call('SET', @resumeKey, value, 'PX', @graceMs)
  end
  return value
end

