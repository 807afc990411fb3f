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
return removeSubject(ARGV[1], ARGV[2])
