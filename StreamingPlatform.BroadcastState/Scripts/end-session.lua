-- publish_done: ends connection @owner's broadcast @broadcastId of @name, also when its lease already ran out (the open
-- broadcast). A refused duplicate connection ends nothing. Returns the ended session, or false.
local value = redis.call('GET', @sessionKey) or redis.call('HGET', @openBroadcasts, @name)
if not value then return false end
local s = cjson.decode(value)
if s.owner ~= @owner or s.id ~= @broadcastId then return false end
return close_broadcast(value)
