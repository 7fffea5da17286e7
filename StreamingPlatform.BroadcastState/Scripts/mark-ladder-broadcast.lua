-- Marks broadcast `broadcastId` of @name as wanting a quality ladder when the channel's setting (field 'ladder' of
-- @channelKey) is on, and removes the channel's mark otherwise. Returns 1 when marked.
local function mark_ladder_broadcast(broadcastId)
  if redis.call('HGET', @channelKey, 'ladder') == '1' then
    redis.call('HSET', @ladderBroadcasts, @name, broadcastId)
    return 1
  end
  redis.call('HDEL', @ladderBroadcasts, @name)
  return 0
end
