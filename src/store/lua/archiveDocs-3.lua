--[[
  Moves documents from the live set into the archive, compressed by the caller, with their index
  terms removed except those the history keeps (their names start with one of the kept prefixes);
  the kept ones stay in the terms hash, so an export of the archive can take them out. A document
  changed since the caller read it (another revision) stays live.

  Input:
    KEYS[1] the collection's documents, hash id -> JSON   (<prefix>:doc:<collection>)
    KEYS[2] the collection's terms, hash id -> JSON {term: score}  (<prefix>:terms:<collection>)
    KEYS[3] the collection's archive, hash id -> deflated JSON     (<prefix>:archive:<collection>)

    ARGV[1] key prefix of the collection's term indexes   (<prefix>:idx:<collection>:)
    ARGV[2] the prefixes of the terms to keep, JSON array ("[]": none)
    ARGV[3] the term the documents are archived by: never kept
    ARGV[4..] the documents, three arguments each: id, revision read, deflated JSON

  Output:
    how many documents moved
]]
local keep = cjson.decode(ARGV[2])
local function kept(term)
  if term == ARGV[3] then
    return false
  end
  for _, prefix in ipairs(keep) do
    if string.sub(term, 1, #prefix) == prefix then
      return true
    end
  end
  return false
end

local moved = 0
for i = 4, #ARGV, 3 do
  local id = ARGV[i]
  local stored = redis.call('HGET', KEYS[1], id)
  if stored and cjson.decode(stored)['rev'] == tonumber(ARGV[i + 1]) then
    local terms = redis.call('HGET', KEYS[2], id)
    if terms then
      local left = {}
      for term, score in pairs(cjson.decode(terms)) do
        if kept(term) then
          left[term] = score
        else
          redis.call('ZREM', ARGV[1] .. term, id)
        end
      end
      if next(left) == nil then
        redis.call('HDEL', KEYS[2], id)
      else
        redis.call('HSET', KEYS[2], id, cjson.encode(left))
      end
    end
    redis.call('HSET', KEYS[3], id, ARGV[i + 2])
    redis.call('HDEL', KEYS[1], id)
    moved = moved + 1
  end
end
return moved
