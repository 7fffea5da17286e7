-- A new connection @owner's media clock, first estimated as the publish time @connectedAt (unix ms) until a heartbeat
-- measures it. Replaces the channel's previous clock (a reconnect restarts the timestamps at 0): every field is written,
-- so one HSET does it. The clock lives as long as its channel (deleted with it), so it has no expiry. A clock stored by
-- an earlier version as a JSON string (HSET answers an error) is deleted first.
local function start_media_clock()
  local write = {'HSET', @clock, 'owner', @owner, 'connectedAt', @connectedAt, 'zeroAt', @connectedAt, 'measured', 0}
  if type(redis.pcall(unpack(write))) == 'table' then
    redis.call('DEL', @clock)
    redis.call(unpack(write))
  end
end
