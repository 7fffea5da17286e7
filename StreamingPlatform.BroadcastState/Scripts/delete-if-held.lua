-- Deletes @key if it still holds @holder: a lease released by its owner only (one that ran out may be another's by
-- now), or a value removed only by whoever wrote it.
if redis.call('GET', @key) == @holder then
  return redis.call('DEL', @key)
end
return 0
