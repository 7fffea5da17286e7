-- publish-with-key: a publish that shows its stream key, in one round trip. Checks the key, then does all publish.lua
-- does, unless @diskLow is 1. The caller hashed the key with the salt it expects (@salt) into @digest: when the channel's
-- key is stored under another salt, nothing is written and the answer carries that salt, to hash the key again with.
-- Also answers the trace context of the channel's broadcast in its reconnect grace window (@resumeKey): the hook's span
-- belongs to that trace. Returns {outcome, trace context or false, then the session (false when it is @session, a new
-- broadcast: the caller has it) and 1 when marked for the ladder (accepted) or the stored salt (salt)}.
local previous = redis.call('GET', @resumeKey)
local trace = previous and cjson.decode(previous).traceParent
if trace == cjson.null then trace = false end

local stored = redis.call('HMGET', @channelKey, 'salt', 'hash', 'ladder')
if not stored[1] or not stored[2] then return {'unknown_channel', trace} end
if stored[1] ~= @salt then return {'salt', trace, stored[1]} end
-- Lua interns every string, so == compares the two digests without taking longer the more of them matches.
if stored[2] ~= @digest then return {'wrong_key', trace} end
if @diskLow == '1' then return {'disk_low', trace} end

local session = claim_session(previous)
if not session then return {'duplicate', trace} end
local marked = mark_ladder_broadcast(session, stored[3])
start_media_clock()
return {'accepted', trace, session ~= @session and session, marked}
