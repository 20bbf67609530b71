-- Compare-and-set of one conversation, in REDIS_FSM_DB.
-- KEYS[1] fsm:{chat_id}:{user_id}   hash: state, data (JSON object), version
-- ARGV[1] the version the caller loaded (0: none)   ARGV[2] state   ARGV[3] data   ARGV[4] TTL seconds
-- Returns the new version, or -1 when someone else saved since the caller loaded (nothing is written).
-- The key is never deleted, only expired, so while it lives versions only grow and a stale writer is always caught;
-- once it expired (its TTL, short for the password prompt) the conversation starts again at version 0.
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if current ~= tonumber(ARGV[1]) then
  return -1
end
local next_version = current + 1
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'data', ARGV[3], 'version', next_version)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
return next_version
