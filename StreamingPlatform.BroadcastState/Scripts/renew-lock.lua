-- Extends lock @lock by @leaseMs while @owner holds it. Returns 1 when it did.
if redis.call('GET', @lock) == @owner then
  return redis.call('PEXPIRE', @lock, @leaseMs)
end
return 0
