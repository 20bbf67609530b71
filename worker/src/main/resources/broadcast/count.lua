-- Counts one finished delivery of a broadcast, once per chat, and says whether to report, in REDIS_THROTTLE_DB.
-- KEYS[1] broadcast:{id}          hash: total, delivered, blocked, failed, …
-- KEYS[2] broadcast:{id}:chats    set of the chats already counted (a redelivered outbox record counts once)
-- KEYS[3] broadcast:{id}:report   exists for a while after a progress report (reports are throttled)
-- ARGV[1] chat id   ARGV[2] delivered | blocked | failed   ARGV[3] report interval ms   ARGV[4] TTL seconds
-- Returns {report, total, delivered, blocked, failed}: report 0 none, 1 progress, 2 final (exactly one caller), -1
-- when the chat was counted before.
if redis.call('SADD', KEYS[2], ARGV[1]) == 0 then
  return {-1, 0, 0, 0, 0}
end
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[4]))
redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
local h = redis.call('HMGET', KEYS[1], 'total', 'delivered', 'blocked', 'failed')
local total, delivered, blocked, failed = tonumber(h[1]) or 0, tonumber(h[2]) or 0, tonumber(h[3]) or 0, tonumber(h[4]) or 0
local report = 0
if delivered + blocked + failed >= total then
  report = 2
elseif redis.call('SET', KEYS[3], '1', 'NX', 'PX', tonumber(ARGV[3])) then
  report = 1
end
return {report, total, delivered, blocked, failed}
