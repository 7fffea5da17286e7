-- A heartbeat of connection @owner: the frame with RTMP timestamp @timestamp (ms) had reached nginx by @arrivedAt (unix
-- ms), so timestamp 0 was sent at @arrivedAt - @timestamp at the latest. The clock keeps the earliest such estimate of
-- its connection (a new connection replaces it). Returns how much later than that estimate this frame arrived (ms).
local zero = tonumber(@arrivedAt) - tonumber(@timestamp)
-- A clock of the version before was a JSON string: replaced, as a new connection's would be.
if redis.call('TYPE', @clock).ok ~= 'hash' then redis.call('DEL', @clock) end
local clock = redis.call('HMGET', @clock, 'owner', 'zeroAt', 'measured')
if clock[1] ~= @owner then
  redis.call('DEL', @clock)
  redis.call('HSET', @clock, 'owner', @owner, 'connectedAt', zero, 'zeroAt', zero, 'measured', 1)
elseif clock[3] ~= '1' or zero < tonumber(clock[2]) then
  redis.call('HSET', @clock, 'zeroAt', zero, 'measured', 1)
end
return zero - tonumber(redis.call('HGET', @clock, 'zeroAt'))
