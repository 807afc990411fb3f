--[[
  A document's index terms, shared by the document scripts (inlined where a script says
  `-- @include terms`). The terms hash keeps each document's terms (id -> JSON {term: score}), so
  that they can be taken out of their indexes (<index prefix><term>, zset score -> id) again.
]]

-- Takes document `id` out of every index its terms (in the hash `termsKey`) put it in, and forgets them.
local function dropTerms(termsKey, indexPrefix, id)
  local terms = redis.call('HGET', termsKey, id)
  if terms then
    for term in pairs(cjson.decode(terms)) do
      redis.call('ZREM', indexPrefix .. term, id)
    end
    redis.call('HDEL', termsKey, id)
  end
end
