-- Dedupe + token-bucket throttle + escalating temporary ban for one update, in one round trip.
-- Runs in REDIS_THROTTLE_DB on a standalone or Sentinel-managed Redis (the REDIS_*_DB indexes
-- rule out Cluster, which has only database 0).
--
-- KEYS[1] dedupe:{update_id}          '1' once the update was handled; until then the decision taken for it
--                                     (both kept ARGV[6] seconds)
-- KEYS[2] throttle:{user_id}:tokens   hash: tokens, ts, violations, window_until, banned_until, ban_told,
--                                     bans (bans in memory, the ladder's step), ban_seconds (the last ban's length)
-- KEYS[3] admin:session:{user_id}     exists while the user is a logged-in admin (exempt from the throttle)
-- KEYS[4] bans:until                  sorted set: user id -> end of their ban (epoch ms), for the admin panel
-- ARGV[1] burst (bucket capacity)     ARGV[2] rate (tokens per second)
-- ARGV[3] max violations              ARGV[4] the ban ladder: seconds of the 1st, 2nd, ... ban, comma-separated
-- ARGV[5] violation window seconds    ARGV[6] dedupe seconds
-- ARGV[7] "1" when the update has a user to throttle
-- ARGV[8] the update's arrival, epoch ms ("" when unknown: Redis's TIME)
-- ARGV[9] ban memory seconds: a ban that starts within this of the last one's end climbs the ladder
-- ARGV[10] the user id (the member of KEYS[4])
--
-- Returns one of: DUPLICATE, ALLOW, EXEMPT, THROTTLED_TELL, THROTTLED_SILENT, BANNED_TELL <seconds>,
-- BANNED_SILENT <seconds> (the ban's length, for the notice).
-- An update is decided once: the decision is kept under KEYS[1] until the worker marks the update handled (after its
-- notice was sent and its audit event acknowledged), and an update asked about again before that — a retry, or the
-- next owner after a crash — gets the same decision back: no second token taken, no violation counted twice, and a
-- refusal's notice sent again rather than lost. EXEMPT changes nothing, so it is not kept.
--
-- Time is the update's arrival at the ingress, not the moment a worker gets to it: a chat's updates are handled in
-- order, each after the previous one's reply passed the flood limit (1 a second), so on the processing clock a burst
-- would look like one update a second and never empty the bucket. Per user the clock never runs backwards
-- (now = max(arrival, last seen)): a late record takes no refill it did not earn. Every key carries a TTL counted on
-- that clock plus the workers' lag behind it, with a floor (see persist).

local decided = redis.call('GET', KEYS[1])
if decided then
  if decided == '1' then
    return 'DUPLICATE'
  end
  return decided
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
local ladder = {}
for step in string.gmatch(ARGV[4], '[^,]+') do
  ladder[#ladder + 1] = tonumber(step)
end
local window_seconds = tonumber(ARGV[5])
local dedupe_seconds = tonumber(ARGV[6])
local memory_seconds = tonumber(ARGV[9])

local arrival = tonumber(ARGV[8])
if not arrival then
  local t = redis.call('TIME')
  arrival = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
arrival = arrival / 1000

local h = redis.call('HMGET', KEYS[2], 'tokens', 'ts', 'violations', 'window_until', 'banned_until', 'ban_told',
  'bans', 'ban_seconds')
local tokens = tonumber(h[1]) or burst
local ts = tonumber(h[2]) or arrival
local violations = tonumber(h[3]) or 0
local window_until = tonumber(h[4]) or 0
local banned_until = tonumber(h[5]) or 0
local ban_told = h[6] == '1'
local bans = tonumber(h[7]) or 0
local ban_seconds = tonumber(h[8]) or 0
local now = math.max(arrival, ts)

-- The hash lives as long as anything in it matters: a bucket not yet full, an open window, violations not yet
-- forgotten, a ban, and the memory of the last ban — counted on the arrival clock, plus how far the workers are
-- behind it (a backlog) — and never less than STATE_FLOOR seconds: the flood limits spread one chat's bunched
-- updates over seconds or minutes of processing, and a hash expired in between would hand out a fresh bucket.
local STATE_FLOOR = 3600
local t = redis.call('TIME')
local lag = math.max(0, tonumber(t[1]) + tonumber(t[2]) / 1000000 - arrival)
local function persist(decision)
  local ttl = math.max((burst - tokens) / rate, window_until - now, 1)
  if violations > 0 then
    ttl = math.max(ttl, window_until + ladder[1] - now)
  end
  if bans > 0 then
    ttl = math.max(ttl, banned_until + memory_seconds - now)
  end
  ttl = math.max(ttl + lag, STATE_FLOOR)
  redis.call('HSET', KEYS[2], 'tokens', tokens, 'ts', now, 'violations', violations,
    'window_until', window_until, 'banned_until', banned_until, 'ban_told', ban_told and '1' or '0',
    'bans', bans, 'ban_seconds', ban_seconds)
  redis.call('EXPIRE', KEYS[2], math.ceil(ttl))
  redis.call('SET', KEYS[1], decision, 'EX', dedupe_seconds)
  return decision
end

if banned_until > now then
  if ban_told then
    return persist('BANNED_SILENT ' .. ban_seconds)
  end
  ban_told = true
  return persist('BANNED_TELL ' .. ban_seconds)
end

-- Violations are forgotten once the user kept within the limits for as long as a first ban lasts.
if violations > 0 and now - window_until > ladder[1] then
  violations = 0
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
  if bans > 0 and now - banned_until <= memory_seconds then
    bans = bans + 1
  else
    bans = 1
  end
  ban_seconds = ladder[math.min(bans, #ladder)]
  banned_until = now + ban_seconds
  ban_told = true
  violations = 0
  window_until = 0
  -- After the ban the user starts afresh, with a full bucket.
  tokens = burst
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', math.floor(now * 1000 + 0.5))
  redis.call('ZADD', KEYS[4], math.floor(banned_until * 1000 + 0.5), ARGV[10])
  if redis.call('TTL', KEYS[4]) < ban_seconds then
    redis.call('EXPIRE', KEYS[4], math.ceil(ban_seconds) + 1)
  end
  return persist('BANNED_TELL ' .. ban_seconds)
end
window_until = now + window_seconds
return persist('THROTTLED_TELL')
