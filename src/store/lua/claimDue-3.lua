--[[
  Claims up to a batch of due jobs: each is leased (it becomes claimable again at now + lease, in
  case its worker dies) and its attempts go up by one. Atomic, so two bot instances never claim
  the same job.

  Input:
    KEYS[1] job schedule, zset claimable-at -> job id     (<prefix>:jobs:due)
    KEYS[2] job bodies, hash job id -> JSON               (<prefix>:jobs:body)
    KEYS[3] claim counts, hash job id -> attempts         (<prefix>:jobs:attempts)

    ARGV[1] now (ms)
    ARGV[2] lease (ms)
    ARGV[3] most jobs to claim (> 0)

  Output:
    a flat array: job JSON, attempts, job JSON, attempts … soonest first (empty: nothing due)
]]
local leasedUntil = string.format('%.0f', tonumber(ARGV[1]) + tonumber(ARGV[2]))
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local claimed = {}
for _, id in ipairs(ids) do
  local body = redis.call('HGET', KEYS[2], id)
  if body then
    redis.call('ZADD', KEYS[1], leasedUntil, id)
    claimed[#claimed + 1] = body
    claimed[#claimed + 1] = redis.call('HINCRBY', KEYS[3], id, 1)
  else
    -- a schedule entry without a body cannot be run; drop it rather than return it forever
    redis.call('ZREM', KEYS[1], id)
  end
end
return claimed
