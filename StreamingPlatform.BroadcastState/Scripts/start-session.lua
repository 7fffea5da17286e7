
-- A connection claims @name without the rest of a publish: a heartbeat whose lease ran out (nobody else holds the name).
return claim_session()
