-- A delivery is done (the receiver took it, or it was given up): takes @delivery off the head of @queue, clears the
-- broadcast's attempt count, and makes the broadcast due at @now for its next event, or forgets it when none is left.
if redis.call('LINDEX', @queue, 0) == @delivery then
  redis.call('LPOP', @queue)
end
redis.call('HDEL', @attempts, @broadcastId)
if redis.call('LLEN', @queue) == 0 then
  redis.call('ZREM', @due, @broadcastId)
else
  redis.call('ZADD', @due, @now, @broadcastId)
end
return 1
