--[[
  Claims up to a batch of due jobs, soonest first across the kinds: each is leased (it becomes
  claimable again at now + lease, in case its worker dies) and its attempts go up by one. Atomic,
  so two bot instances never claim the same job.

  Input:
    KEYS[1] job records, hash subject -> packed records  (<prefix>:jobs:records)
    KEYS[2] subjects not derived from the id, hashes id -> subject  (<prefix>:jobs:subject-of:<000-fff>)
    KEYS[3] claim counts, hash job id -> attempts         (<prefix>:jobs:attempts)
    KEYS[4] kind codes, hash kind -> code, #code -> kind  (<prefix>:jobs:kinds)

    ARGV[1] now (ms)
    ARGV[2] lease (ms)
    ARGV[3] most jobs to claim (> 0)
    ARGV[4] key prefix of the per-kind due zsets          (<prefix>:jobs:due:)

  Output:
    a flat array, six entries a job: id, kind, subject ("": none), body, attempts, claimable at
    (the time it was claimable before this claim); soonest first, equal times in id order
]]
-- @include jobs
local limit = tonumber(ARGV[3])
local leasedUntil = string.format('%.0f', tonumber(ARGV[1]) + tonumber(ARGV[2]))
local due = {}
for _, kind in ipairs(kinds()) do
  local flat = redis.call('ZRANGEBYSCORE', ARGV[4] .. kind[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, limit)
  for i = 1, #flat, 2 do
    due[#due + 1] = { id = flat[i], score = tonumber(flat[i + 1]), scoreText = flat[i + 1], code = kind[1], kind = kind[2] }
  end
end
table.sort(due, function(a, b)
  if a.score ~= b.score then
    return a.score < b.score
  end
  return a.id < b.id
end)
local claimed = {}
for i = 1, math.min(limit, #due) do
  local job = due[i]
  local record, subject = recordOf(job.id)
  if record then
    redis.call('ZADD', ARGV[4] .. job.code, leasedUntil, job.id)
    redis.call('HINCRBY', KEYS[3], job.id, 1)
    reply(claimed, job.id, record.body, subject, job.kind, job.scoreText)
  else
    -- a schedule entry without a record cannot be run; drop it rather than return it forever
    redis.call('ZREM', ARGV[4] .. job.code, job.id)
  end
end
return claimed
