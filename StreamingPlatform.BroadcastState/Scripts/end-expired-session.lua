-- The reconciler: ends open broadcast @broadcastId of @name, whose lease ran out and was not renewed, as publish_done
-- would have. Nothing happens when the name is live again or the open broadcast is another one. Returns the ended
-- session, or false.
if redis.call('EXISTS', @sessionKey) == 1 then return false end
local value = redis.call('HGET', @openBroadcasts, @name)
if not value then return false end
if cjson.decode(value).id ~= @broadcastId then return false end
return close_broadcast(value)
