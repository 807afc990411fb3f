--[[
  Adds a job, or replaces the job with the same id: new due time and body, attempts reset.

  Input:
    KEYS[1] job schedule, zset claimable-at -> job id     (<prefix>:jobs:due)
    KEYS[2] job bodies, hash job id -> JSON               (<prefix>:jobs:body)
    KEYS[3] claim counts, hash job id -> attempts         (<prefix>:jobs:attempts)

    ARGV[1] job id
    ARGV[2] due time (ms)
    ARGV[3] job JSON without attempts
    ARGV[4] key prefix of the per-subject job sets        (<prefix>:jobs:subject:)
    ARGV[5] the job's subject ("": none)

  Output:
    0 always
]]
local before = redis.call('HGET', KEYS[2], ARGV[1])
if before then
  local subject = cjson.decode(before)['subject']
  if subject then
    redis.call('SREM', ARGV[4] .. subject, ARGV[1])
  end
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('HDEL', KEYS[3], ARGV[1])
if ARGV[5] ~= '' then
  redis.call('SADD', ARGV[4] .. ARGV[5], ARGV[1])
end
return 0
