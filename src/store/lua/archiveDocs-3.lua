--[[
  Moves documents from the live set into the archive, compressed by the caller, with their index
  terms removed. A document changed since the caller read it (another revision) stays live.

  Input:
    KEYS[1] the collection's documents, hash id -> JSON   (<prefix>:doc:<collection>)
    KEYS[2] the collection's terms, hash id -> JSON {term: score}  (<prefix>:terms:<collection>)
    KEYS[3] the collection's archive, hash id -> deflated JSON     (<prefix>:archive:<collection>)

    ARGV[1] key prefix of the collection's term indexes   (<prefix>:idx:<collection>:)
    ARGV[2..] the documents, three arguments each: id, revision read, deflated JSON

  Output:
    how many documents moved
]]
local moved = 0
for i = 2, #ARGV, 3 do
  local id = ARGV[i]
  local stored = redis.call('HGET', KEYS[1], id)
  if stored and cjson.decode(stored)['rev'] == tonumber(ARGV[i + 1]) then
    local terms = redis.call('HGET', KEYS[2], id)
    if terms then
      for term in pairs(cjson.decode(terms)) do
        redis.call('ZREM', ARGV[1] .. term, id)
      end
      redis.call('HDEL', KEYS[2], id)
    end
    redis.call('HSET', KEYS[3], id, ARGV[i + 2])
    redis.call('HDEL', KEYS[1], id)
    moved = moved + 1
  end
end
return moved
