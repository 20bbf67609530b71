-- Counts a failed admin login and locks the login after too many, in REDIS_THROTTLE_DB.
-- KEYS[1] admin:failures:{user_id}   a set: the update ids of the failed logins of the current window (expires with
--                                    the window)
-- KEYS[2] admin:lock:{user_id}       exists while the login is locked (expires with the lock)
-- ARGV[1] failures that lock   ARGV[2] window seconds   ARGV[3] lock seconds   ARGV[4] the update id of the attempt
-- Returns {failures counted, lock seconds (0: not locked)}. An update counted already (its reply failed and it is
-- being retried) is not counted again. Time is Redis's, through the TTLs.
if redis.call('TYPE', KEYS[1]).ok == 'string' then
  -- A counter written by an earlier version: its failures become members, its window stays.
  local earlier = tonumber(redis.call('GET', KEYS[1])) or 0
  local ttl = redis.call('TTL', KEYS[1])
  redis.call('DEL', KEYS[1])
  for i = 1, earlier do
    redis.call('SADD', KEYS[1], 'earlier:' .. i)
  end
  if earlier > 0 and ttl > 0 then
    redis.call('EXPIRE', KEYS[1], ttl)
  end
end
redis.call('SADD', KEYS[1], ARGV[4])
if redis.call('TTL', KEYS[1]) < 0 then
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
end
local failures = redis.call('SCARD', KEYS[1])
if failures >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'EX', tonumber(ARGV[3]))
  redis.call('DEL', KEYS[1])
  return {failures, tonumber(ARGV[3])}
end
return {failures, 0}
