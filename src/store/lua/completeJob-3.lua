--[[
  Removes a claimed job once its work is done. A job scheduled again since it was claimed (its
  attempts are reset) is a new job and is kept: a handler may reschedule its own id.

  Input:
    KEYS[1] job schedule, zset claimable-at -> job id     (<prefix>:jobs:due)
    KEYS[2] job bodies, hash job id -> JSON               (<prefix>:jobs:body)
    KEYS[3] claim counts, hash job id -> attempts         (<prefix>:jobs:attempts)

    ARGV[1] job id
    ARGV[2] key prefix of the per-subject job sets        (<prefix>:jobs:subject:)

  Output:
    1  removed
    0  kept: no such job, or not claimed since it was last scheduled
]]
if not redis.call('HGET', KEYS[3], ARGV[1]) then
  return 0
end
local body = redis.call('HGET', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
if body then
  local subject = cjson.decode(body)['subject']
  if subject then
    redis.call('SREM', ARGV[2] .. subject, ARGV[1])
  end
end
return 1
