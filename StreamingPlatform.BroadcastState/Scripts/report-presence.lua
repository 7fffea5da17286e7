-- One presence report of a viewer id on a live channel, from one address (LuaScript.Prepare's named parameters; no
-- parameter names in comments: Prepare would take them for parameters). Counts the viewer until expiryMs after this
-- report (Redis's clock), within the caps: an id not yet counted is refused when its address already brought
-- perAddressCap ids, or the channel counts perChannelCap. Keeps the broadcast's peak, and indexes the channel among
-- those watched until its last viewer is gone (so the gauge reads only those).
-- Returns {outcome, viewers}: outcome 1 counted, 2 refused (address cap), 3 refused (channel cap).
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local expiry = now + tonumber(@expiryMs)
redis.call('ZREMRANGEBYSCORE', @viewers, '-inf', now)
redis.call('ZREMRANGEBYSCORE', @fromAddress, '-inf', now)

if not redis.call('ZSCORE', @viewers, @viewer) then
  if redis.call('ZCARD', @fromAddress) >= tonumber(@perAddressCap) then
    return {2, redis.call('ZCARD', @viewers)}
  end
  if redis.call('ZCARD', @viewers) >= tonumber(@perChannelCap) then
    return {3, redis.call('ZCARD', @viewers)}
  end
  redis.call('ZADD', @fromAddress, expiry, @viewer)
else
  -- A counted viewer whose address changed (a phone moving from Wi-Fi to mobile) still counts once.
  redis.call('ZADD', @fromAddress, 'XX', expiry, @viewer)
end
redis.call('ZADD', @viewers, expiry, @viewer)
redis.call('PEXPIRE', @viewers, @expiryMs)
redis.call('ZADD', @watchedChannels, expiry, @channel)
if redis.call('EXISTS', @fromAddress) == 1 then
  redis.call('PEXPIRE', @fromAddress, @expiryMs)
end

local count = redis.call('ZCARD', @viewers)
if count > tonumber(redis.call('GET', @peak) or '0') then
  redis.call('SET', @peak, count)
end
return {1, count}
