--[[
  Reads jobs without changing them: one subject's, or up to a limit of one kind's, or all.

  Input:
    KEYS[1] job records, hash subject -> packed records  (<prefix>:jobs:records)
    KEYS[2] subjects not derived from the id, hashes id -> subject  (<prefix>:jobs:subject-of:<000-fff>)
    KEYS[3] claim counts, hash job id -> attempts         (<prefix>:jobs:attempts)
    KEYS[4] kind codes, hash kind -> code, #code -> kind  (<prefix>:jobs:kinds)

    ARGV[1] key prefix of the per-kind due zsets          (<prefix>:jobs:due:)
    ARGV[2] "subject", "kind" or "all"
    ARGV[3] the subject or the kind
    ARGV[4] most jobs to read (kind)

  Output:
    a flat array, six entries a job: id, kind, subject ("": none), body, attempts, claimable at;
    in no particular order for "subject" and "all", soonest claimable first for "kind"
]]
-- @include jobs
local out = {}
local names = {}
for _, kind in ipairs(kinds()) do
  names[kind[1]] = kind[2]
end
local function add(id, code, body, subject)
  reply(out, id, body, subject, names[code], redis.call('ZSCORE', ARGV[1] .. code, id))
end
local function addById(id, code)
  local field, subject = fieldOf(id)
  local record = field and findRecord(field, id)
  if record then
    add(id, code, record.body, subject)
  end
end
if ARGV[2] == 'subject' then
  eachRecord(ARGV[3], redis.call('HGET', KEYS[1], ARGV[3]) or '', function(id, code, _, _, body)
    add(id, code, body, ARGV[3])
  end)
elseif ARGV[2] == 'kind' then
  local code = redis.call('HGET', KEYS[4], ARGV[3])
  if code then
    for _, id in ipairs(redis.call('ZRANGE', ARGV[1] .. code, 0, tonumber(ARGV[4]) - 1)) do
      addById(id, code)
    end
  end
else
  for code in pairs(names) do
    for _, id in ipairs(redis.call('ZRANGE', ARGV[1] .. code, 0, -1)) do
      addById(id, code)
    end
  end
end
return out
