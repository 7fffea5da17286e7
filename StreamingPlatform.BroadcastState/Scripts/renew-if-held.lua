-- Extends lease @key by @leaseMs while @holder holds it (a build lock, a ladder lease). Returns 1 when it did.
if redis.call('GET', @key) == @holder then
  return redis.call('PEXPIRE', @key, @leaseMs)
end
return 0
