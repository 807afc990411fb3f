--[[
  Removes every job of one subject, claimed or not.

  Input:
    KEYS[1] job records, hash subject -> packed records  (<prefix>:jobs:records)
    KEYS[2] subjects not derived from the id, hashes id -> subject  (<prefix>:jobs:subject-of:<000-fff>)
    KEYS[3] claim counts, hash job id -> attempts         (<prefix>:jobs:attempts)
    KEYS[4] kind codes, hash kind -> code, #code -> kind  (<prefix>:jobs:kinds)

    ARGV[1] the subject
    ARGV[2] key prefix of the per-kind due zsets          (<prefix>:jobs:due:)

  Output:
    how many jobs were removed
]]
-- @include jobs
-- in one pass over the records, not job by job: each removeJob would rewrite the subject's records
local fields = {}
local removed = 0
eachBucket(ARGV[1], function(field, packed)
  fields[#fields + 1] = field
  eachRecord(ARGV[1], packed, function(id, code)
    redis.call('ZREM', ARGV[2] .. code, id)
    redis.call('HDEL', KEYS[3], id)
    redis.call('HDEL', subjectOfKey(id), id)
    removed = removed + 1
  end)
end)
redis.call('HDEL', KEYS[1], ARGV[1])
for _, field in ipairs(fields) do
  redis.call('HDEL', KEYS[1], field)
end
return removed
