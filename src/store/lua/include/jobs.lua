--[[
  Job records, shared by the job scripts (inlined where a script says `-- @include jobs`).

  A job lives in three places: its claimable time in the due zset of its kind
  (<due prefix><kind code>, member: job id), its claims in the attempts hash, and its record
  packed with the other records of its subject into one field of the records hash (field: the
  subject; a job without one has a field of its own, "\0" .. id). A record is
    id \31 kind code \31 byte length of the body \31 body
  where the body (due time and deflated payload) is opaque here, and an id that starts with
  "<subject>:" is written from its ":" on (ids never start with ":"). The subject is not stored when
  it is the id up to its first ":" (a reply reminder "C12:sensitive:remind:1" of C12); otherwise
  a subject-of hash maps the id to it ("" for none). Those entries (a stage time-out, an outbox
  entry) are spread by the id's SHA-1 over 4096 hashes <KEYS[2]>:000 … :fff, small enough for
  Redis to keep each as a compact listpack (hash-max-listpack-entries 128): about a third of
  what one big hash costs an entry.

  The scripts using this take KEYS[1] records hash, KEYS[2] the subject-of hashes' base name
  (never written itself; it carries the installation's hash tag on a cluster), KEYS[3] attempts
  hash, KEYS[4] kind codes hash (kind -> code, "#" .. code -> kind).
]]
local SEP = '\31'

local function subjectOfKey(id)
  return KEYS[2] .. ':' .. string.sub(redis.sha1hex(id), 1, 3)
end

-- The field of the records hash that holds `id`'s record if it exists, and the job's subject ('' none).
local function fieldOf(id)
  local subject = redis.call('HGET', subjectOfKey(id), id)
  if not subject then
    local colon = string.find(id, ':', 1, true)
    if not colon or colon == 1 then
      return nil
    end
    subject = string.sub(id, 1, colon - 1)
  end
  if subject == '' then
    return '\0' .. id, ''
  end
  return subject, subject
end

-- Each record of a packed field: calls visit(id, code, record start, record end, body).
local function eachRecord(field, packed, visit)
  local at = 1
  while at <= #packed do
    local idEnd = string.find(packed, SEP, at, true)
    local codeEnd = string.find(packed, SEP, idEnd + 1, true)
    local lenEnd = string.find(packed, SEP, codeEnd + 1, true)
    local last = lenEnd + tonumber(string.sub(packed, codeEnd + 1, lenEnd - 1))
    local id = string.sub(packed, at, idEnd - 1)
    if string.sub(id, 1, 1) == ':' then
      id = field .. id
    end
    if visit(id, string.sub(packed, idEnd + 1, codeEnd - 1), at, last, string.sub(packed, lenEnd + 1, last)) then
      return
    end
    at = last + 1
  end
end

-- The record of `id` in `field`: its kind code and body, or nil.
local function findRecord(field, id)
  local packed = redis.call('HGET', KEYS[1], field)
  if not packed then
    return nil
  end
  local found
  eachRecord(field, packed, function(recordId, code, first, last, body)
    if recordId == id then
      found = { code = code, body = body, first = first, last = last, packed = packed }
      return true
    end
  end)
  return found
end

-- Removes job `id` everywhere; returns true if it existed.
local function removeJob(id, duePrefix)
  local field = fieldOf(id)
  local record = field and findRecord(field, id)
  redis.call('HDEL', subjectOfKey(id), id)
  redis.call('HDEL', KEYS[3], id)
  if not record then
    return false
  end
  redis.call('ZREM', duePrefix .. record.code, id)
  local rest = string.sub(record.packed, 1, record.first - 1) .. string.sub(record.packed, record.last + 1)
  if rest == '' then
    redis.call('HDEL', KEYS[1], field)
  else
    redis.call('HSET', KEYS[1], field, rest)
  end
  return true
end

-- The code of `kind`, given one on first use.
local function kindCode(kind)
  local code = redis.call('HGET', KEYS[4], kind)
  if not code then
    code = tostring(redis.call('HLEN', KEYS[4]) / 2 + 1)
    redis.call('HSET', KEYS[4], kind, code, '#' .. code, kind)
  end
  return code
end

-- Adds job `id` (no job of that id may exist): claimable at `score`, attempts as they are.
local function addJob(id, subject, kind, body, score, duePrefix)
  local code = kindCode(kind)
  redis.call('HDEL', subjectOfKey(id), id)
  local field, derived = fieldOf(id)
  if derived ~= subject then
    redis.call('HSET', subjectOfKey(id), id, subject)
    field = subject == '' and '\0' .. id or subject
  end
  local stored = id
  if string.sub(id, 1, #field + 1) == field .. ':' then
    stored = string.sub(id, #field + 1)
  end
  local record = stored .. SEP .. code .. SEP .. #body .. SEP .. body
  local packed = redis.call('HGET', KEYS[1], field)
  redis.call('HSET', KEYS[1], field, (packed or '') .. record)
  redis.call('ZADD', duePrefix .. code, score, id)
end

-- The kind codes in use, with their due zsets: { {code, kind}, … }.
local function kinds()
  local flat = redis.call('HGETALL', KEYS[4])
  local list = {}
  for i = 1, #flat, 2 do
    if string.sub(flat[i], 1, 1) == '#' then
      list[#list + 1] = { string.sub(flat[i], 2), flat[i + 1] }
    end
  end
  return list
end

-- Appends one job to a reply: id, kind, subject, body, attempts, claimable at.
local function reply(out, id, body, subject, kind, score)
  out[#out + 1] = id
  out[#out + 1] = kind
  out[#out + 1] = subject
  out[#out + 1] = body
  out[#out + 1] = redis.call('HGET', KEYS[3], id) or '0'
  out[#out + 1] = score
end
