--[[
  Removes a claimed job once its work is done. A job scheduled again since it was claimed (its
  attempts are reset) is a new job and is kept: a handler may reschedule its own id.

  Input:
    KEYS[1] job records, hash subject -> packed records  (<prefix>:jobs:records)
    KEYS[2] subjects not derived from the id, hashes id -> subject  (<prefix>:jobs:subject-of:<000-fff>)
    KEYS[3] claim counts, hash job id -> attempts         (<prefix>:jobs:attempts)
    KEYS[4] kind codes, hash kind -> code, #code -> kind  (<prefix>:jobs:kinds)

    ARGV[1] job id
    ARGV[2] key prefix of the per-kind due zsets          (<prefix>:jobs:due:)

  Output:
    1  removed
    0  kept: no such job, or not claimed since it was last scheduled
]]
-- @include jobs
if not redis.call('HGET', KEYS[3], ARGV[1]) then
  return 0
end
removeJob(ARGV[1], ARGV[2])
return 1
