-- The open broadcasts whose lease deadline passed and whose lease key is gone, the longest lapsed first and at most
-- @atMost of them (a script blocks Redis: a crashed nginx's thousands of streams are handled a batch per pass). Index
-- entries of broadcasts no longer open are dropped on the way.
local now = redis.call('TIME')
local names = redis.call('ZRANGEBYSCORE', @leaseDeadlines, '-inf', now[1] * 1000 + math.floor(now[2] / 1000), 'LIMIT', 0, @atMost)
local expired = {}
for _, name in ipairs(names) do
  local open = redis.call('HGET', @openBroadcasts, name)
  if not open then
    redis.call('ZREM', @leaseDeadlines, name)
  elseif redis.call('EXISTS', @sessionPrefix .. name) == 0 then
    table.insert(expired, open)
  end
end
return expired
