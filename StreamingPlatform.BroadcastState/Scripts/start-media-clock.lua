-- A new connection @owner's media clock, first estimated as the publish time @connectedAt (unix ms) until a heartbeat
-- measures it. Replaces the channel's previous clock (a reconnect restarts the timestamps at 0).
local function start_media_clock()
  redis.call('DEL', @clock)
  redis.call('HSET', @clock, 'owner', @owner, 'connectedAt', @connectedAt, 'zeroAt', @connectedAt, 'measured', 0)
  redis.call('PEXPIRE', @clock, @clockRetentionMs)
end
