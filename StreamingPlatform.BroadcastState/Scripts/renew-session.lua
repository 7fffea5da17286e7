-- update (the heartbeat): renews the lease of @name's session when connection @owner holds it.
-- Returns 1 renewed, 0 when another connection holds it, -1 when there is no session.
local value = redis.call('GET', @sessionKey)
if not value then return -1 end
if cjson.decode(value).owner ~= @owner then return 0 end
redis.call('PEXPIRE', @sessionKey, @leaseMs)
local now = redis.call('TIME')
redis.call('ZADD', @leaseDeadlines, now[1] * 1000 + math.floor(now[2] / 1000) + tonumber(@leaseMs), @name)
return 1
