-- record_done: records the closed recording @fileName as part of its broadcast, marks it known to the pipeline, and
-- queues its RecordingCompleted (built by the caller) in the outbox, all at once: a recording is never registered
-- without its job. A second registration of the same file changes nothing.
redis.call('ZADD', @recordings, 'NX', @recordedAt, @fileName)
redis.call('SADD', @knownRecordings, @fileName)
if redis.call('HSETNX', @outboxPayloads, @member, @payload) == 1 then
  redis.call('ZADD', @outboxDue, @due, @member)
end
return 1
