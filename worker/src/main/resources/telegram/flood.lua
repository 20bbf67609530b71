-- Telegram's flood limits, shared by every worker replica, in REDIS_THROTTLE_DB.
-- A message (send or edit) may go only when both the bot's bucket and its chat's allow it.
-- KEYS[1] flood:bot                  hash tokens, ts: token bucket of the whole bot
-- KEYS[2] flood:chat:{chat_id}       hash tokens, ts: token bucket of a private chat
--      or flood:group:{chat_id}      sorted set of send times: sliding 60 s window of a group
-- ARGV[1] bot messages/s   ARGV[2] bot burst
-- ARGV[3] chat messages/s  ARGV[4] chat burst   ARGV[5] group messages/minute   ARGV[6] "group" or "chat"
-- ARGV[7] a unique id of this send (the sorted set member)
-- Returns 0 when the message may go now (the tokens are taken), else the milliseconds to wait (nothing taken).
-- Time is Redis's own (TIME), so all replicas share one clock.

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local function bucket(key, rate, burst)
  local h = redis.call('HMGET', key, 'tokens', 'ts')
  local tokens = tonumber(h[1]) or burst
  local ts = tonumber(h[2]) or now
  return math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
end

local bot_rate, bot_burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local bot = bucket(KEYS[1], bot_rate, bot_burst)
local wait = 0
if bot < 1 then
  wait = math.ceil((1 - bot) * 1000 / bot_rate)
end

local group = ARGV[6] == 'group'
local chat, chat_rate, chat_burst
if group then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 60000)
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then
    local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + 60000 - now + 1)
  end
else
  chat_rate, chat_burst = tonumber(ARGV[3]), tonumber(ARGV[4])
  chat = bucket(KEYS[2], chat_rate, chat_burst)
  if chat < 1 then
    wait = math.max(wait, math.ceil((1 - chat) * 1000 / chat_rate))
  end
end

if wait > 0 then
  return wait
end

redis.call('HSET', KEYS[1], 'tokens', bot - 1, 'ts', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(bot_burst * 1000 / bot_rate) + 1000)
if group then
  redis.call('ZADD', KEYS[2], now, ARGV[7])
  redis.call('PEXPIRE', KEYS[2], 61000)
else
  redis.call('HSET', KEYS[2], 'tokens', chat - 1, 'ts', now)
  redis.call('PEXPIRE', KEYS[2], math.ceil(chat_burst * 1000 / chat_rate) + 1000)
end
return 0
