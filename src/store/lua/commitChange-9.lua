--[[
  Writes a document if its stored revision is the expected one (compare-and-set), replaces its
  index terms, appends its audit entries, and carries out what the change implies (jobs cancelled
  and scheduled: time-outs, reminders, outbox messages; markers such as a chat command's id), in
  one atomic step: the transactional outbox. (Job records and keys: see include/jobs.lua.)

  Input:
    KEYS[1] job records, hash subject -> packed records  (<prefix>:jobs:records)
    KEYS[2] subjects not derived from the id, hashes id -> subject  (<prefix>:jobs:subject-of:<000-fff>)
    KEYS[3] claim counts, hash job id -> attempts         (<prefix>:jobs:attempts)
    KEYS[4] kind codes, hash kind -> code, #code -> kind  (<prefix>:jobs:kinds)
    KEYS[5] the collection's documents, hash id -> JSON   (<prefix>:doc:<collection>)
    KEYS[6] audit entry counter                           (<prefix>:audit:next)
    KEYS[7] audit entries, hash entry id -> JSON          (<prefix>:audit:entry)
    KEYS[8] audit time index, zset at -> entry id         (<prefix>:audit:time)
    KEYS[9] the collection's terms, hash id -> JSON {term: score}  (<prefix>:terms:<collection>)

    ARGV[1] document id
    ARGV[2] expected revision (0: the document must not exist yet)
    ARGV[3] document JSON, already carrying rev = expected revision + 1
    ARGV[4] key prefix of the per-subject audit lists     (<prefix>:audit:subject:)
    ARGV[5] key prefix of the collection's term indexes, zset score -> id  (<prefix>:idx:<collection>:)
    ARGV[6] the document's terms, JSON {term: score} ("{}": none)
    ARGV[7] key prefix of the per-kind due zsets          (<prefix>:jobs:due:)
    ARGV[8..12] how many audit entries, subjects to cancel, job ids to cancel, jobs to schedule, markers
    then, in that order:
      each audit entry, 3 arguments: at, subject, entry JSON
      each subject whose jobs are all removed
      each job id removed
      each job scheduled, 5 arguments: id, due time, kind, subject ("": none), body
      each marker, 7 arguments: its collection's documents key, terms key and index prefix, id,
        JSON, index term, score

  Output:
    n > 0  the new revision
    -1     conflict: the stored revision is not the expected one, or a marker exists; nothing was written

  The per-subject list, index and marker keys are built from ARGV because their number varies;
  every key shares the prefix's hash tag (the store puts the prefix in braces on a cluster), so
  this runs on Redis Cluster too. Entry ids are zero-padded so entries with the same time sort in
  commit order.
]]
-- @include terms
-- @include jobs
local stored = redis.call('HGET', KEYS[5], ARGV[1])
local rev = 0
if stored then
  rev = cjson.decode(stored)['rev']
end
if rev ~= tonumber(ARGV[2]) then
  return -1
end

local nAudit, nSubjects, nCancel, nJobs, nMarkers =
  tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12])
local auditAt = 13
local subjectsAt = auditAt + 3 * nAudit
local cancelAt = subjectsAt + nSubjects
local jobsAt = cancelAt + nCancel
local markersAt = jobsAt + 5 * nJobs

for i = markersAt, markersAt + 7 * (nMarkers - 1), 7 do
  if redis.call('HEXISTS', ARGV[i], ARGV[i + 3]) == 1 then
    return -1
  end
end

redis.call('HSET', KEYS[5], ARGV[1], ARGV[3])

dropTerms(KEYS[9], ARGV[5], ARGV[1])
local terms = cjson.decode(ARGV[6])
if next(terms) ~= nil then
  redis.call('HSET', KEYS[9], ARGV[1], ARGV[6])
  for term, score in pairs(terms) do
    redis.call('ZADD', ARGV[5] .. term, string.format('%.17g', score), ARGV[1])
  end
end

for i = auditAt, subjectsAt - 1, 3 do
  local entryId = string.format('%015d', redis.call('INCR', KEYS[6]))
  redis.call('HSET', KEYS[7], entryId, ARGV[i + 2])
  redis.call('ZADD', KEYS[8], ARGV[i], entryId)
  redis.call('RPUSH', ARGV[4] .. ARGV[i + 1], entryId)
end

for i = subjectsAt, cancelAt - 1 do
  removeSubject(ARGV[i], ARGV[7])
end
for i = cancelAt, jobsAt - 1 do
  removeJob(ARGV[i], ARGV[7])
end
for i = jobsAt, markersAt - 1, 5 do
  removeJob(ARGV[i], ARGV[7])
  addJob(ARGV[i], ARGV[i + 3], ARGV[i + 2], ARGV[i + 4], ARGV[i + 1], ARGV[7])
end

for i = markersAt, markersAt + 7 * (nMarkers - 1), 7 do
  redis.call('HSET', ARGV[i], ARGV[i + 3], ARGV[i + 4])
  redis.call('HSET', ARGV[i + 1], ARGV[i + 3], cjson.encode({ [ARGV[i + 5]] = tonumber(ARGV[i + 6]) }))
  redis.call('ZADD', ARGV[i + 2] .. ARGV[i + 5], ARGV[i + 6], ARGV[i + 3])
end
return rev + 1
