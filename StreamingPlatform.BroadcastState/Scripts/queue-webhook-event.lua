-- The outbox relay hands webhook event @member to the queues of the webhooks that want it (@targets: one line per
-- webhook, "<registration key>\t<queue key>\t<due key>") and removes it from the outbox, at once. Each webhook still
-- registered gets @delivery at the end of its queue of the event's broadcast, and the broadcast becomes due at @now
-- unless it waits already (a retry keeps its time). An event seen before (@queuedKey) is only removed.
if redis.call('SET', @queuedKey, '1', 'NX', 'PX', @queuedMs) then
  for webhook, queue, due in string.gmatch(@targets, '([^\t\n]+)\t([^\t\n]+)\t([^\t\n]+)') do
    if redis.call('EXISTS', webhook) == 1 then
      redis.call('RPUSH', queue, @delivery)
      redis.call('ZADD', due, 'NX', @now, @broadcastId)
    end
  end
end
redis.call('ZREM', @outboxDue, @member)
redis.call('HDEL', @outboxPayloads, @member)
return 1
