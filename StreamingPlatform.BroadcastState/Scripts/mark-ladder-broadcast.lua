-- publish: marks broadcast @broadcastId of @channel as wanting a quality ladder when the channel's setting (field
-- 'ladder' of its hash) is on, and removes the channel's mark otherwise. Returns 1 when marked.
if redis.call('HGET', @channelKey, 'ladder') == '1' then
  redis.call('HSET', @ladderBroadcasts, @channel, @broadcastId)
  return 1
end
redis.call('HDEL', @ladderBroadcasts, @channel)
return 0
