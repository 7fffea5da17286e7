-- Claims channel @name for a new connection. Returns the session now live, or false when another connection holds the
-- name. An open broadcast (its lease ran out, no publish_done came) is continued by the new connection: same id, start
-- and trace. So is one in its reconnect grace window, whose pending BroadcastEnded is cancelled. A new broadcast queues
-- its session in the outbox as @startedMember, from which the relay makes its stream.started webhook event, when any
-- webhook is registered. A caller that has read @resumeKey already passes what it read (false when there was nothing).
local function claim_session(previous)
  -- A session key exists only while its broadcast is open, so a name with no open broadcast is free.
  local open = redis.call('HGET', @openBroadcasts, @name)
  if open and redis.call('EXISTS', @sessionKey) == 1 then return false end

  local function continued(stored)
    local s = cjson.decode(stored)
    s.node = @node
    s.clientId = @clientId
    s.owner = @owner
    return cjson.encode(s)
  end

  local session = nil
  if previous == nil then previous = redis.call('GET', @resumeKey) end
  if open then
    session = continued(open)
  elseif previous then
    redis.call('DEL', @resumeKey)
    local ended = @endedPrefix .. cjson.decode(previous).id
    if redis.call('ZREM', @outboxDue, ended) == 1 then
      redis.call('HDEL', @outboxPayloads, ended)
      session = continued(previous)
    end
  end
  if not session then
    session = @session
    if redis.call('EXISTS', @webhooks) == 1 then
      redis.call('HSET', @outboxPayloads, @startedMember, session)
      redis.call('ZADD', @outboxDue, @startedDue, @startedMember)
    end
  end

  redis.call('SET', @sessionKey, session, 'PX', @leaseMs)
  redis.call('HSET', @openBroadcasts, @name, session)
  redis.call('SET', @connectionKey, session, 'PX', @connectionMs)
  local now = redis.call('TIME')
  redis.call('ZADD', @leaseDeadlines, now[1] * 1000 + math.floor(now[2] / 1000) + tonumber(@leaseMs), @name)
  return session
end
