-- wrk script: GET /v1/auth presenting the keys of a file in rotation (X-API-Key), one key per request.
--   KEYS_FILE  the keys, one a line
--   REQUEST_PATH  another path (default /v1/auth), e.g. /data for the FastAPI peer
--   KEY_HEADER the header carrying the key (default X-API-Key)
--   ADDRESSES  N > 1: each request names the next of N client addresses in X-Forwarded-For (10.0.0.0, 10.0.0.1, ...,
--              from 10.0.0.0/8; the service must trust loopback as a proxy); the threads interleave, so the first
--              min(requests, N) requests all come from different addresses
--   THREADS    wrk's -t (each thread takes every THREADS-th key)
--   ONCE=1     the cold pass: each thread stops after its share, so that every key is used once; done() prints
--              how long that took (wrk's own duration is its -d, not the time the keys took)
--   PACE_MS    the soak: each connection waits this long after each answer before its next request (wrk has no
--              rate option; connections / (PACE_MS + latency) sets the rate)
-- done() prints "statuses: 200=... 503=...": what wrk's non-2xx count was made of.
local keys = {}
local file = assert(io.open(os.getenv("KEYS_FILE"), "r"))
for line in file:lines() do
  if #line > 0 then keys[#keys + 1] = line end
end
file:close()

local nthreads = tonumber(os.getenv("THREADS") or "2")
local pace = tonumber(os.getenv("PACE_MS") or "")
if pace then
  function delay()
    return pace
  end
end
local once = os.getenv("ONCE") == "1"
local path = os.getenv("REQUEST_PATH") or "/v1/auth"
local header = os.getenv("KEY_HEADER") or "X-API-Key"
local addresses = tonumber(os.getenv("ADDRESSES") or "1")
local threads = {}
local next_id = 0

local function now_ns()
  local pipe = io.popen("date +%s%N")
  local value = tonumber(pipe:read("*l"))
  pipe:close()
  return value
end

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  threads[#threads + 1] = thread
end

function init(args)
  counter = id
  share = 0
  for _ = id + 1, #keys, nthreads do share = share + 1 end
  seen = 0
  statuses = {}
  started = once and now_ns() or 0
  finished = 0
end

function request()
  local key = keys[(counter % #keys) + 1]
  local headers = { [header] = key }
  if addresses > 1 then
    local a = counter % addresses
    headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(a / 65536) % 256,
      math.floor(a / 256) % 256, a % 256)
  end
  counter = counter + nthreads
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  seen = seen + 1
  statuses[status] = (statuses[status] or 0) + 1
  if once and seen == share then
    finished = now_ns()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  -- every status and how often, so that a non-2xx count says what it was
  local counts, codes = {}, {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      if not counts[status] then codes[#codes + 1] = status end
      counts[status] = (counts[status] or 0) + count
    end
  end
  table.sort(codes)
  local parts = {}
  for _, status in ipairs(codes) do parts[#parts + 1] = status .. "=" .. counts[status] end
  io.write("statuses: " .. table.concat(parts, " ") .. "\n")
  if addresses > 1 then
    local sent = 0
    for _, thread in ipairs(threads) do sent = sent + thread:get("seen") end
    io.write(string.format("addresses: %d distinct in X-Forwarded-For\n", math.min(sent, addresses)))
  end
  if not once then return end
  local first, last, used = nil, 0, 0
  for _, thread in ipairs(threads) do
    local s, f = thread:get("started"), thread:get("finished")
    if f == 0 then
      io.write("cold: a thread did not use all its keys within the duration\n")
      return
    end
    if first == nil or s < first then first = s end
    if f > last then last = f end
    used = used + thread:get("share")
  end
  local seconds = (last - first) / 1e9
  io.write(string.format("cold: %d keys used once in %.3f s = %.0f requests/s\n", used, seconds, used / seconds))
end
