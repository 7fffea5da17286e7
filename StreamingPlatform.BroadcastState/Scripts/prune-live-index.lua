-- Drops from the live index the names in @names (one per line) whose session is gone. Checked again here: a name read
-- as expired may have gone live again since.
for name in string.gmatch(@names, '[^\n]+') do
  if redis.call('EXISTS', @sessionPrefix .. name) == 0 then
    redis.call('SREM', @liveIndex, name)
  end
end
return 0
