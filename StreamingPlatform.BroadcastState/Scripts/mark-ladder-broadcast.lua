-- Marks the broadcast of @name whose session JSON is `session` as wanting a quality ladder when the channel's setting
-- (field 'ladder' of @channelKey) is on, and removes the channel's mark otherwise. Returns 1 when marked. A caller that has
-- read the setting already passes it as `ladder` (false when unset). The session is decoded only to mark it.
local function mark_ladder_broadcast(session, ladder)
  if ladder == nil then ladder = redis.call('HGET', @channelKey, 'ladder') end
  if ladder == '1' then
    redis.call('HSET', @ladderBroadcasts, @name, cjson.decode(session).id)
    return 1
  end
  redis.call('HDEL', @ladderBroadcasts, @name)
  return 0
end
