-- Telegram's flood limits, shared by every worker replica, in REDIS_THROTTLE_DB: books a message's turn and says
-- how long to wait for it, so a sender asks once and sleeps exactly that long instead of polling.
--
-- The bot and each private chat are GCRA (generic cell rate algorithm) limiters: one theoretical arrival time (TAT)
-- per key, in milliseconds. A message may go at max(now, TAT - tolerance); booking it moves TAT on by one interval
-- (1000 / rate). Within any span of d ms at most d * rate / 1000 + burst messages go, whatever order the booked
-- turns are taken in. A group is a sliding log of send times instead: Telegram counts 20 in any minute, which a
-- GCRA can only promise by halving the burst.
--
-- Lanes share the bot's limit. A reply (lane "reply") may use the bot's whole burst. Bulk traffic (lane "bulk":
-- broadcasts, reminders) goes evenly spaced, without burst, and books at most ARGV[7] turns ahead; the rest of the
-- burst stays free, so a reply never queues behind a broadcast's backlog.
--
-- KEYS[1] flood:tat:bot              string: the bot's TAT
-- KEYS[2] flood:tat:chat:{chat_id}   string: a private chat's TAT
--      or flood:group:{chat_id}      sorted set: the group's send times (member: a unique id of the send)
-- ARGV[1] bot messages/s   ARGV[2] bot burst   ARGV[3] chat messages/s   ARGV[4] chat burst
-- ARGV[5] group messages/minute   ARGV[6] "group" or "chat"   ARGV[7] bulk turns booked ahead at most
-- ARGV[8] "reply" or "bulk"   ARGV[9] the longest wait the sender accepts, ms   ARGV[10] the send's unique id
-- Returns {booked, wait_ms}: booked 1, the message's turn is taken and it goes in wait_ms (0: now); booked 0,
-- nothing was taken: ask again in wait_ms (its chat or group is not ready yet, the bulk lane is full, or the wait
-- would be longer than ARGV[9]).
-- Every key expires once it no longer holds back anything. Time is Redis's own (TIME): all replicas share one clock.

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000

local bot_interval = 1000 / tonumber(ARGV[1])
local bot_tolerance = (tonumber(ARGV[2]) - 1) * bot_interval
local group = ARGV[6] == 'group'
local bulk = ARGV[8] == 'bulk'
local max_wait = tonumber(ARGV[9])

local function tat(key)
  return math.max(now, tonumber(redis.call('GET', key)) or now)
end

local function save(key, value)
  redis.call('SET', key, string.format('%.3f', value), 'PX', math.ceil(value - now) + 1)
end

-- The chat's (or group's) turn first: while it is not due, the bot's limit is not touched.
local chat_tat, chat_interval, group_limit
if group then
  group_limit = tonumber(ARGV[5])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 60000)
  local count = redis.call('ZCARD', KEYS[2])
  if count >= group_limit then
    local oldest = redis.call('ZRANGE', KEYS[2], count - group_limit, count - group_limit, 'WITHSCORES')
    local due = tonumber(oldest[2]) + 60000
    if due > now then
      return {0, math.ceil(due - now)}
    end
  end
else
  chat_interval = 1000 / tonumber(ARGV[3])
  chat_tat = tat(KEYS[2])
  local due = chat_tat - (tonumber(ARGV[4]) - 1) * chat_interval
  if due > now then
    return {0, math.ceil(due - now)}
  end
end

local bot_tat = tat(KEYS[1])
local at
if bulk then
  at = bot_tat
  local ahead = (tonumber(ARGV[7]) - 1) * bot_interval
  if at - now > ahead then
    return {0, math.ceil(at - now - ahead)}
  end
else
  at = math.max(now, bot_tat - bot_tolerance)
end
if at - now > max_wait then
  return {0, math.ceil(at - now)}
end

save(KEYS[1], bot_tat + bot_interval)
if group then
  redis.call('ZADD', KEYS[2], at, ARGV[10])
  redis.call('PEXPIRE', KEYS[2], math.ceil(at - now) + 60001)
else
  save(KEYS[2], math.max(chat_tat, at) + chat_interval)
end
return {1, math.ceil(at - now)}
