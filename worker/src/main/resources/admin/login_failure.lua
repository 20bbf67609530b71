-- Counts a failed admin login and locks the login after too many, in REDIS_THROTTLE_DB.
-- KEYS[1] admin:failures:{user_id}   failures in the current window (expires with the window)
-- KEYS[2] admin:lock:{user_id}       exists while the login is locked (expires with the lock)
-- ARGV[1] failures that lock   ARGV[2] window seconds   ARGV[3] lock seconds
-- Returns {failures counted, lock seconds (0: not locked)}. Time is Redis's, through the TTLs.
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
end
if failures >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'EX', tonumber(ARGV[3]))
  redis.call('DEL', KEYS[1])
  return {failures, tonumber(ARGV[3])}
end
return {failures, 0}
