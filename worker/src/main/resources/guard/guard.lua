-- Dedupe + token-bucket throttle + temporary ban for one update, in one round trip.
-- Runs in REDIS_THROTTLE_DB on a standalone or Sentinel-managed Redis (the REDIS_*_DB indexes
-- rule out Cluster, which has only database 0).
--
-- KEYS[1] dedupe:{update_id}          '1' once the update was handled; until then the decision taken for it
--                                     (both kept ARGV[6] seconds)
-- KEYS[2] throttle:{user_id}:tokens   hash: tokens, ts, violations, window_until, banned_until, ban_told
-- KEYS[3] admin:session:{user_id}     exists while the user is a logged-in admin (exempt from the throttle)
-- ARGV[1] burst (bucket capacity)     ARGV[2] rate (tokens per second)
-- ARGV[3] max violations              ARGV[4] ban seconds
-- ARGV[5] violation window seconds    ARGV[6] dedupe seconds
-- ARGV[7] "1" when the update has a user to throttle
--
-- Returns one of: DUPLICATE, ALLOW, EXEMPT, THROTTLED_TELL, THROTTLED_SILENT, BANNED_TELL, BANNED_SILENT.
-- An update is decided once: the decision is kept under KEYS[1] until the worker marks the update handled (after its
-- notice was sent and its audit event acknowledged), and an update asked about again before that — a retry, or the
-- next owner after a crash — gets the same decision back: no second token taken, no violation counted twice, and a
-- refusal's notice sent again rather than lost. EXEMPT changes nothing, so it is not kept.
-- Time is Redis's own clock (TIME), so all workers agree whatever their clocks say.

local decided = redis.call('GET', KEYS[1])
if decided then
  if decided == 'ALLOW' or decided == 'THROTTLED_TELL' or decided == 'THROTTLED_SILENT'
      or decided == 'BANNED_TELL' or decided == 'BANNED_SILENT' then
    return decided
  end
  return 'DUPLICATE'
end
if ARGV[7] ~= '1' then
  return 'EXEMPT'
end
if redis.call('EXISTS', KEYS[3]) == 1 then
  return 'EXEMPT'
end

local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local max_violations = tonumber(ARGV[3])
local ban_seconds = tonumber(ARGV[4])
local window_seconds = tonumber(ARGV[5])
local dedupe_seconds = tonumber(ARGV[6])

local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000

local h = redis.call('HMGET', KEYS[2], 'tokens', 'ts', 'violations', 'window_until', 'banned_until', 'ban_told')
local tokens = tonumber(h[1]) or burst
local ts = tonumber(h[2]) or now
local violations = tonumber(h[3]) or 0
local window_until = tonumber(h[4]) or 0
local banned_until = tonumber(h[5]) or 0
local ban_told = h[6] == '1'

-- The hash lives as long as anything in it matters: a ban, an open window, a bucket not yet full.
local function persist(decision)
  local refill = (burst - tokens) / rate
  local ttl = math.max(refill, window_until - now, banned_until - now, 1)
  if violations > 0 then
    ttl = math.max(ttl, ban_seconds)
  end
  redis.call('HSET', KEYS[2], 'tokens', tokens, 'ts', now, 'violations', violations,
    'window_until', window_until, 'banned_until', banned_until, 'ban_told', ban_told and '1' or '0')
  redis.call('EXPIRE', KEYS[2], math.ceil(ttl))
  redis.call('SET', KEYS[1], decision, 'EX', dedupe_seconds)
  return decision
end

if banned_until > now then
  if ban_told then
    return persist('BANNED_SILENT')
  end
  ban_told = true
  return persist('BANNED_TELL')
end

if banned_until > 0 then
  -- The ban is over: a clean slate.
  banned_until = 0
  ban_told = false
  violations = 0
  window_until = 0
  tokens = burst
end

tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
if tokens >= 1 then
  tokens = tokens - 1
  return persist('ALLOW')
end

if window_until > now then
  return persist('THROTTLED_SILENT')
end

violations = violations + 1
if violations >= max_violations then
  banned_until = now + ban_seconds
  ban_told = true
  window_until = 0
  return persist('BANNED_TELL')
end
window_until = now + window_seconds
return persist('THROTTLED_TELL')
