--[[
  Removes a job, claimed or not.

  Input:
    KEYS[1] job records, hash subject -> packed records  (<prefix>:jobs:records)
    KEYS[2] subjects not derived from the id, hashes id -> subject  (<prefix>:jobs:subject-of:<000-fff>)
    KEYS[3] claim counts, hash job id -> attempts         (<prefix>:jobs:attempts)
    KEYS[4] kind codes, hash kind -> code, #code -> kind  (<prefix>:jobs:kinds)

    ARGV[1] job id
    ARGV[2] key prefix of the per-kind due zsets          (<prefix>:jobs:due:)

  Output:
    1  removed
    0  there was no such job
]]
-- @include jobs
return removeJob(ARGV[1], ARGV[2]) and 1 or 0
