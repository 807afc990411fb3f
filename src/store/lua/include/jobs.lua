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

-- Each record of a packed field of `subject`'s: calls visit(id, code, record start, record end, body).
local function eachRecord(subject, packed, visit)
  local at = 1
  while at <= #packed do
    local idEnd = string.find(packed, SEP, at, true)
    local codeEnd = string.find(packed, SEP, idEnd + 1, true)
    local lenEnd = string.find(packed, SEP, codeEnd + 1, true)
    local last = lenEnd + tonumber(string.sub(packed, codeEnd + 1, lenEnd - 1))
    local id = string.sub(packed, at, idEnd - 1)
    if string.sub(id, 1, 1) == ':' then
      id = subject .. id
    end
    if visit(id, string.sub(packed, idEnd + 1, codeEnd - 1), at, last, string.sub(packed, lenEnd + 1, last)) then
      return
    end
    at = last + 1
  end
end

--[[
  A subject with many jobs (an outbox conversation during a long chat outage) would make its field
  long, and every change rewrite it. Past BUCKET_BYTES on average its records are spread by linear
  hashing of their ids over buckets, fields "<subject>\0<0 … n-1>"; the subject's own field then
  holds "\0<n>,<bytes in all buckets>" (records never start with "\0"). A change rewrites one
  bucket, and growing or shrinking by one bucket moves one bucket's records.
]]
local BUCKET_BYTES = 4096

local function header(packed)
  if packed and string.byte(packed, 1) == 0 then
    local comma = string.find(packed, ',', 2, true)
    return tonumber(string.sub(packed, 2, comma - 1)), tonumber(string.sub(packed, comma + 1))
  end
end

local function bucketField(subject, b)
  return subject .. '\0' .. b
end

-- The bucket of `id` among n: by its hash modulo the power of two below n, or twice that for the buckets split already.
local function bucketOf(id, n)
  local p = 1
  while p * 2 <= n do
    p = p * 2
  end
  local h = tonumber(string.sub(redis.sha1hex(id), 4, 10), 16)
  local b = h % p
  if b < n - p then
    b = h % (2 * p)
  end
  return b
end

-- Each field holding records of `subject`: calls visit(field, packed).
local function eachBucket(subject, visit)
  local packed = redis.call('HGET', KEYS[1], subject)
  local n = header(packed)
  if not n then
    if packed then
      visit(subject, packed)
    end
    return
  end
  for b = 0, n - 1 do
    local bucket = redis.call('HGET', KEYS[1], bucketField(subject, b))
    if bucket then
      visit(bucketField(subject, b), bucket)
    end
  end
end

local function put(field, packed)
  if packed == '' then
    redis.call('HDEL', KEYS[1], field)
  else
    redis.call('HSET', KEYS[1], field, packed)
  end
end

-- The field holding `id`'s records among `subject`'s, its records (or nil), and the buckets' count and bytes (nil: not spread).
local function placeOf(subject, id)
  local packed = redis.call('HGET', KEYS[1], subject)
  local n, bytes = header(packed)
  if not n then
    return subject, packed
  end
  local field = bucketField(subject, bucketOf(id, n))
  return field, redis.call('HGET', KEYS[1], field), n, bytes
end

-- Records `subject`'s buckets changed by `delta` bytes, growing or shrinking them by one bucket when their average calls for it.
local function resize(subject, n, bytes, delta)
  bytes = bytes + delta
  local p = 1
  while p * 2 <= n do
    p = p * 2
  end
  if bytes > n * BUCKET_BYTES then
    -- split bucket n - p: its records whose hash modulo 2p is n go to the new bucket n
    local from = bucketField(subject, n - p)
    local stay, move = {}, {}
    local packed = redis.call('HGET', KEYS[1], from) or ''
    eachRecord(subject, packed, function(id, _, first, last)
      local part = string.sub(packed, first, last)
      if bucketOf(id, n + 1) == n then
        move[#move + 1] = part
      else
        stay[#stay + 1] = part
      end
    end)
    put(from, table.concat(stay))
    put(bucketField(subject, n), table.concat(move))
    n = n + 1
  elseif n > 1 and bytes < (n - 1) * BUCKET_BYTES / 2 then
    -- merge the last bucket into the one it was split from
    local last = bucketField(subject, n - 1)
    local into = bucketField(subject, n - 1 - (n == p and p / 2 or p))
    put(into, (redis.call('HGET', KEYS[1], into) or '') .. (redis.call('HGET', KEYS[1], last) or ''))
    redis.call('HDEL', KEYS[1], last)
    n = n - 1
  end
  if n == 1 then
    -- one bucket left: back into the subject's own field
    put(subject, redis.call('HGET', KEYS[1], bucketField(subject, 0)) or '')
    redis.call('HDEL', KEYS[1], bucketField(subject, 0))
  else
    redis.call('HSET', KEYS[1], subject, '\0' .. n .. ',' .. bytes)
  end
end

-- The record of `id` among `subject`'s: its kind code, body, place in its field, or nil.
local function findRecord(subject, id)
  local field, packed, n, bytes = placeOf(subject, id)
  if not packed then
    return nil
  end
  local found
  eachRecord(subject, packed, function(recordId, code, first, last, body)
    if recordId == id then
      found = { code = code, body = body, first = first, last = last, packed = packed, field = field, n = n, bytes = bytes }
      return true
    end
  end)
  return found
end

-- The record of job `id` (as findRecord gives it) or nil, and the job's subject ('' none).
local function recordOf(id)
  local field, subject = fieldOf(id)
  return field and findRecord(field, id), subject
end

-- Removes job `id` everywhere; returns true if it existed.
local function removeJob(id, duePrefix)
  local subject = fieldOf(id)
  local record = subject and findRecord(subject, id)
  redis.call('HDEL', subjectOfKey(id), id)
  redis.call('HDEL', KEYS[3], id)
  if not record then
    return false
  end
  redis.call('ZREM', duePrefix .. record.code, id)
  put(record.field, string.sub(record.packed, 1, record.first - 1) .. string.sub(record.packed, record.last + 1))
  if record.n then
    resize(subject, record.n, record.bytes, record.first - record.last - 1)
  end
  return true
end

-- Removes every job of `subject`, claimed or not, in one pass over its records (not job by job:
-- each removeJob would rewrite the subject's records); returns how many there were.
local function removeSubject(subject, duePrefix)
  local fields = {}
  local removed = 0
  eachBucket(subject, function(field, packed)
    fields[#fields + 1] = field
    eachRecord(subject, packed, function(id, code)
      redis.call('ZREM', duePrefix .. code, id)
      redis.call('HDEL', KEYS[3], id)
      redis.call('HDEL', subjectOfKey(id), id)
      removed = removed + 1
    end)
  end)
  redis.call('HDEL', KEYS[1], subject)
  for _, field in ipairs(fields) do
    redis.call('HDEL', KEYS[1], field)
  end
  return removed
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
  local into, packed, n, bytes = placeOf(field, id)
  packed = (packed or '') .. record
  if n then
    redis.call('HSET', KEYS[1], into, packed)
    resize(field, n, bytes, #record)
  elseif #packed > BUCKET_BYTES then
    -- spread over two buckets from now on (resize splits bucket 0, the whole field, in two)
    redis.call('HSET', KEYS[1], bucketField(field, 0), packed)
    resize(field, 1, 0, #packed)
  else
    redis.call('HSET', KEYS[1], field, packed)
  end
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
