--[[
  Deletes archived documents from Redis once they were exported (to a SQLite archive file), with
  the index terms they kept.

  Input:
    KEYS[1] the collection's archive, hash id -> deflated JSON     (<prefix>:archive:<collection>)
    KEYS[2] the collection's terms, hash id -> JSON {term: score}  (<prefix>:terms:<collection>)
    KEYS[3] the collection's documents, hash id -> JSON   (<prefix>:doc:<collection>)

    ARGV[1] key prefix of the collection's term indexes   (<prefix>:idx:<collection>:)
    ARGV[2..] the ids of the exported documents

  Output:
    how many archived documents were deleted

  A document live again under the same id (never, ids are not reused) keeps its terms.
]]
-- @include terms
local dropped = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  if redis.call('HDEL', KEYS[1], id) == 1 then
    dropped = dropped + 1
    if redis.call('HEXISTS', KEYS[3], id) == 0 then
      dropTerms(KEYS[2], ARGV[1], id)
    end
  end
end
return dropped
