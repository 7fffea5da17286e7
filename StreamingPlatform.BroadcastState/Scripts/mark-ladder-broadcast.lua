-- Marks the broadcast of @name whose session JSON is `session` as wanting a quality ladder when the channel's setting
-- (field 'ladder' of @channelKey) is on. Returns 1 when marked. A caller that has read the setting already passes it as
-- `ladder` (false when unset). The session is decoded only to mark it. A continued broadcast (not @session) whose
-- channel has the ladder off loses its mark; a new one leaves an earlier broadcast's mark in place, which names that
-- broadcast and so is ignored by every reader, until the channel's next marked broadcast replaces it.
local function mark_ladder_broadcast(session, ladder)
  if ladder == nil then ladder = redis.call('HGET', @channelKey, 'ladder') end
  if ladder == '1' then
    redis.call('HSET', @ladderBroadcasts, @name, cjson.decode(session).id)
    return 1
  end
  if session ~= @session then redis.call('HDEL', @ladderBroadcasts, @name) end
  return 0
end
