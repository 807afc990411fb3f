--[[
  Writes a document if its stored revision is the expected one (compare-and-set), replaces its
  index terms and appends its audit entries, in one atomic step.

  Input:
    KEYS[1] the collection's documents, hash id -> JSON   (<prefix>:doc:<collection>)
    KEYS[2] audit entry counter                           (<prefix>:audit:next)
    KEYS[3] audit entries, hash entry id -> JSON          (<prefix>:audit:entry)
    KEYS[4] audit time index, zset at -> entry id         (<prefix>:audit:time)
    KEYS[5] the collection's terms, hash id -> JSON {term: score}  (<prefix>:terms:<collection>)

    ARGV[1] document id
    ARGV[2] expected revision (0: the document must not exist yet)
    ARGV[3] document JSON, already carrying rev = expected revision + 1
    ARGV[4] key prefix of the per-subject audit lists     (<prefix>:audit:subject:)
    ARGV[5] key prefix of the collection's term indexes, zset score -> id  (<prefix>:idx:<collection>:)
    ARGV[6] the document's terms, JSON {term: score} ("{}": none)
    ARGV[7..] the audit entries, three arguments each: at, subject, entry JSON

  Output:
    n > 0  the new revision
    -1     conflict: the stored revision is not the expected one; nothing was written

  The per-subject list and index keys are built from ARGV because their number varies; every key
  shares the prefix's hash tag (the store puts the prefix in braces on a cluster), so this runs on
  Redis Cluster too. Entry ids are zero-padded so entries with the same time sort in commit order.
]]
-- @include terms
local stored = redis.call('HGET', KEYS[1], ARGV[1])
local rev = 0
if stored then
  rev = cjson.decode(stored)['rev']
end
if rev ~= tonumber(ARGV[2]) then
  return -1
end

redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])

dropTerms(KEYS[5], ARGV[5], ARGV[1])
local terms = cjson.decode(ARGV[6])
if next(terms) ~= nil then
  redis.call('HSET', KEYS[5], ARGV[1], ARGV[6])
  for term, score in pairs(terms) do
    redis.call('ZADD', ARGV[5] .. term, string.format('%.17g', score), ARGV[1])
  end
end

for i = 7, #ARGV, 3 do
  local entryId = string.format('%015d', redis.call('INCR', KEYS[2]))
  redis.call('HSET', KEYS[3], entryId, ARGV[i + 2])
  redis.call('ZADD', KEYS[4], ARGV[i], entryId)
  redis.call('RPUSH', ARGV[4] .. ARGV[i + 1], entryId)
end
return rev + 1
