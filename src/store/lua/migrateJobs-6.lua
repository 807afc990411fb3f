--[[
  Moves jobs stored by sanshen before v3 (a JSON body each, one due zset, a set per subject) into
  today's records, keeping their claimable time and attempts. A job already stored anew wins.

  Input:
    KEYS[1] job records, hash subject -> packed records  (<prefix>:jobs:records)
    KEYS[2] subjects not derived from the id, hashes id -> subject  (<prefix>:jobs:subject-of:<000-fff>)
    KEYS[3] claim counts, hash job id -> attempts         (<prefix>:jobs:attempts)
    KEYS[4] kind codes, hash kind -> code, #code -> kind  (<prefix>:jobs:kinds)
    KEYS[5] old job bodies, hash job id -> JSON            (<prefix>:jobs:body)
    KEYS[6] old job schedule, zset claimable-at -> job id (<prefix>:jobs:due)

    ARGV[1] key prefix of the per-kind due zsets          (<prefix>:jobs:due:)
    ARGV[2] key prefix of the old per-subject job sets    (<prefix>:jobs:subject:)
    ARGV[3..] six arguments a job: id, its old JSON body, kind, subject ("": none), new body, due time

  Output:
    how many jobs were moved (a job whose old body changed meanwhile is left for the next call)
]]
-- @include jobs
local moved = 0
for i = 3, #ARGV, 6 do
  local id, subject = ARGV[i], ARGV[i + 3]
  if redis.call('HGET', KEYS[5], id) == ARGV[i + 1] then
    local score = redis.call('ZSCORE', KEYS[6], id) or ARGV[i + 5]
    redis.call('HDEL', KEYS[5], id)
    redis.call('ZREM', KEYS[6], id)
    if subject ~= '' then
      redis.call('SREM', ARGV[2] .. subject, id)
    end
    if not recordOf(id) then
      addJob(id, subject, ARGV[i + 2], ARGV[i + 4], score, ARGV[1])
    end
    moved = moved + 1
  end
end
return moved
