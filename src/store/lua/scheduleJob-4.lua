--[[
  Adds a job, or replaces the job with the same id: new due time, kind, subject and body,
  attempts reset. (Records and keys: see include/jobs.lua.)

  Input:
    KEYS[1] job records, hash subject -> packed records  (<prefix>:jobs:records)
    KEYS[2] subjects not derived from the id, hashes id -> subject  (<prefix>:jobs:subject-of:<000-fff>)
    KEYS[3] claim counts, hash job id -> attempts         (<prefix>:jobs:attempts)
    KEYS[4] kind codes, hash kind -> code, #code -> kind  (<prefix>:jobs:kinds)

    ARGV[1] job id
    ARGV[2] due time (ms)
    ARGV[3] kind
    ARGV[4] subject ("": none)
    ARGV[5] body (due time and deflated payload)
    ARGV[6] key prefix of the per-kind due zsets          (<prefix>:jobs:due:)

  Output:
    0 always
]]
-- @include jobs
removeJob(ARGV[1], ARGV[6])
addJob(ARGV[1], ARGV[4], ARGV[3], ARGV[5], ARGV[2], ARGV[6])
return 0
