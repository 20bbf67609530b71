-- Lifts a user's ban, as an admin does: the ban ends now and is forgiven (the ladder starts again at its first step,
-- violations are forgotten, the bucket is full). Runs in REDIS_THROTTLE_DB.
--
-- KEYS[1] throttle:{user_id}:tokens   the user's throttle hash (see guard.lua)
-- KEYS[2] bans:until                  the bans by their end
-- ARGV[1] the user id                 ARGV[2] now, epoch ms       ARGV[3] burst
--
-- Returns 1 when the user was banned at ARGV[2], else 0 (nothing was in force; the user is forgiven all the same).

local banned_until = tonumber(redis.call('HGET', KEYS[1], 'banned_until') or '0') or 0
local was = banned_until * 1000 > tonumber(ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'banned_until', 0, 'bans', 0, 'violations', 0, 'window_until', 0, 'ban_told', '0',
    'tokens', ARGV[3])
end
if was then
  return 1
end
return 0
