--[[
  Deletes the documents indexed under one term with a score below a time, with all their index
  terms (for documents worth nothing after a while, such as job-message markers). Their audit stays.

  Input:
    KEYS[1] the collection's documents, hash id -> JSON   (<prefix>:doc:<collection>)
    KEYS[2] the collection's terms, hash id -> JSON {term: score}  (<prefix>:terms:<collection>)

    ARGV[1] key prefix of the collection's term indexes   (<prefix>:idx:<collection>:)
    ARGV[2] the term
    ARGV[3] the time: scores below it go
    ARGV[4] at most this many documents

  Output:
    how many documents were deleted

  The index keys are built from ARGV, as in commitChange; they share the prefix's hash tag.
]]
-- @include terms
local ids = redis.call('ZRANGEBYSCORE', ARGV[1] .. ARGV[2], '-inf', '(' .. ARGV[3], 'LIMIT', 0, tonumber(ARGV[4]))
for _, id in ipairs(ids) do
  dropTerms(KEYS[2], ARGV[1], id)
  redis.call('ZREM', ARGV[1] .. ARGV[2], id)
  redis.call('HDEL', KEYS[1], id)
end
return #ids
