--[[
  Removes a job, claimed or not.

  Input:
    KEYS[1] job schedule, zset claimable-at -> job id     (<prefix>:jobs:due)
    KEYS[2] job bodies, hash job id -> JSON               (<prefix>:jobs:body)
    KEYS[3] claim counts, hash job id -> attempts         (<prefix>:jobs:attempts)

    ARGV[1] job id
    ARGV[2] key prefix of the per-subject job sets        (<prefix>:jobs:subject:)

  Output:
    1  removed
    0  there was no such job
]]
local body = redis.call('HGET', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if not body then
  return 0
end
redis.call('HDEL', KEYS[2], ARGV[1])
local subject = cjson.decode(body)['subject']
if subject then
  redis.call('SREM', ARGV[2] .. subject, ARGV[1])
end
return 1
