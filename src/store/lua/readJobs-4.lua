--[[
  Reads jobs without changing them: one subject's, one by id, or a page of one kind's.

  Input:
    KEYS[1] job records, hash subject -> packed records  (<prefix>:jobs:records)
    KEYS[2] subjects not derived from the id, hashes id -> subject  (<prefix>:jobs:subject-of:<000-fff>)
    KEYS[3] claim counts, hash job id -> attempts         (<prefix>:jobs:attempts)
    KEYS[4] kind codes, hash kind -> code, #code -> kind  (<prefix>:jobs:kinds)

    ARGV[1] key prefix of the per-kind due zsets          (<prefix>:jobs:due:)
    ARGV[2] "subject", "job", "kind" or "scanned"
    ARGV[3] the subject, the job id or the kind
    ARGV[4] kind: how many of its jobs to skip, soonest claimable first
    ARGV[5] kind: most jobs to read
    ARGV[4..] scanned: a ZSCAN page of the kind's due zset, job id and claimable time by turns

  Output:
    a flat array, six entries a job: id, kind, subject ("": none), body, attempts, claimable at;
    in no particular order for "subject" and "scanned", soonest claimable first for "kind"; for
    "job" that job or nothing, read from the one field or bucket holding it
]]
-- @include jobs
local out = {}
if ARGV[2] == 'subject' then
  local names = {}
  for _, kind in ipairs(kinds()) do
    names[kind[1]] = kind[2]
  end
  eachBucket(ARGV[3], function(_, packed)
    eachRecord(ARGV[3], packed, function(id, code, _, _, body)
      reply(out, id, body, ARGV[3], names[code], redis.call('ZSCORE', ARGV[1] .. code, id))
    end)
  end)
elseif ARGV[2] == 'job' then
  local record, subject = recordOf(ARGV[3])
  if record then
    local kind = redis.call('HGET', KEYS[4], '#' .. record.code)
    reply(out, ARGV[3], record.body, subject, kind, redis.call('ZSCORE', ARGV[1] .. record.code, ARGV[3]))
  end
else
  local code = redis.call('HGET', KEYS[4], ARGV[3])
  if not code then
    return out
  end
  local flat
  if ARGV[2] == 'kind' then
    local skip = tonumber(ARGV[4])
    flat = redis.call('ZRANGE', ARGV[1] .. code, skip, skip + tonumber(ARGV[5]) - 1, 'WITHSCORES')
  else
    flat = {}
    for i = 4, #ARGV do
      flat[#flat + 1] = ARGV[i]
    end
  end
  for i = 1, #flat, 2 do
    local record, subject = recordOf(flat[i])
    if record then
      reply(out, flat[i], record.body, subject, ARGV[3], flat[i + 1])
    end
  end
end
return out
