
-- publish: all an accepted publish writes, in one round trip: the claim (the session, the live and open-broadcast
-- indexes, the lease deadline), the ladder mark and the media clock. Returns {session, 1 when marked for the ladder},
-- or false when another connection holds the name.
local session = claim_session()
if not session then return false end
local marked = mark_ladder_broadcast(session)
start_media_clock()
return {session, marked}
