-- Releases lock @lock if @owner still holds it (a lease that ran out may belong to another worker by now).
if redis.call('GET', @lock) == @owner then
  return redis.call('DEL', @lock)
end
return 0
