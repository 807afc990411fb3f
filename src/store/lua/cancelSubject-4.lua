--[[
  Removes every job of one subject, claimed or not.

  Input:
    KEYS[1] job schedule, zset claimable-at -> job id     (<prefix>:jobs:due)
    KEYS[2] job bodies, hash job id -> JSON               (<prefix>:jobs:body)
    KEYS[3] claim counts, hash job id -> attempts         (<prefix>:jobs:attempts)
    KEYS[4] the subject's jobs, set of job ids            (<prefix>:jobs:subject:<subject>)

    ARGV[1] the subject (checked against each body, so a stale set entry never removes another's job)

  Output:
    how many jobs were removed
]]
local removed = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[4])) do
  local body = redis.call('HGET', KEYS[2], id)
  if body and cjson.decode(body)['subject'] == ARGV[1] then
    redis.call('ZREM', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
    redis.call('HDEL', KEYS[3], id)
    removed = removed + 1
  end
end
redis.call('DEL', KEYS[4])
return removed
