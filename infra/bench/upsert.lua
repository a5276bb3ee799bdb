-- wrk script for infra/bench/run.sh: POST /v1/workspaces/{ws}/people/upsert (or /batch) with random keys,
-- each request to a random workspace+token pair read from BENCH_WS_FILE ("ws<TAB>token" lines).
--
-- Environment:
--   BENCH_WS_FILE   ws<TAB>token lines (required)
--   BENCH_MODE      single (default) | batch
--   BENCH_KEYS      keys per workspace (default 100000); single mode picks key in 1..BENCH_KEYS
--   BENCH_BATCH     items per batch (default 100)
--   BENCH_TAG       prefix of every userId/email, so each run (and its warm-up) has its own key space
--   BENCH_ERR_FILE  where the first few non-2xx responses (and batch items that failed) are written
--   BENCH_COMPANIES 0 (default): people only; N > 0: every person also joins one of N companies ("co-<k % N>",
--                   the same company for the same key, shared by all runs), sent as the upsert's "companies"
--
-- Keys never make identity conflicts (so any non-2xx is a bug): key k with k % 4 == 0 is always sent by
-- email only (an anonymous person); any other key always carries userId "<tag>-<k>" and, one time in three,
-- its own email "<tag>-<k>@bench.example" as well. That is ~25% of requests by email only. Traits always
-- change (a random "n"), so an existing person is really updated, like the raw SQL baseline.
-- Batch mode: items are k = s, s+stride, ..., s+(B-1)*stride for a random s in 1..stride, stride = KEYS/B,
-- so keys within a batch are distinct (and two batches either share all keys, in the same order, or none).
--
-- done() prints one machine-readable line: "BENCH_RESULT key=value ...".

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

local targets, mode, keys, batch, stride, tag, errfile, companies
local samples = 0

function init(args)
  mode = os.getenv("BENCH_MODE") or "single"
  keys = tonumber(os.getenv("BENCH_KEYS") or "100000")
  batch = tonumber(os.getenv("BENCH_BATCH") or "100")
  tag = os.getenv("BENCH_TAG") or "k"
  errfile = os.getenv("BENCH_ERR_FILE")
  companies = tonumber(os.getenv("BENCH_COMPANIES") or "0")
  stride = math.max(1, math.floor(keys / batch))
  -- A stride that is a multiple of 4 would put every key of a batch in the same class (k % 4).
  if stride % 4 == 0 then stride = stride - 1 end
  targets = {}
  local route = (mode == "batch") and "/people/batch" or "/people/upsert"
  local file = os.getenv("BENCH_WS_FILE")
  assert(file, "BENCH_WS_FILE not set")
  for line in io.lines(file) do
    local ws, token = line:match("^([^\t]+)\t([^\t]+)")
    if ws then
      targets[#targets + 1] = { path = "/v1/workspaces/" .. ws .. route, auth = "Bearer " .. token }
    end
  end
  assert(#targets > 0, "no workspace/token pairs in BENCH_WS_FILE")
  math.randomseed(os.time() * 7919 + (tid or 0) * 104729 + math.floor(os.clock() * 1000000))
  non2xx, created, items, failed = 0, 0, 0, 0
end

local function person(k)
  local n = math.random(1, 1000000000)
  local co = companies > 0 and string.format(',"companies":[{"companyId":"co-%d"}]', k % companies) or ""
  if k % 4 == 0 then
    return string.format('{"email":"%s-%d@bench.example","traits":{"plan":"pro","n":%d}%s}', tag, k, n, co)
  elseif math.random(3) == 1 then
    return string.format('{"userId":"%s-%d","email":"%s-%d@bench.example","traits":{"plan":"pro","n":%d}%s}', tag, k, tag, k, n, co)
  else
    return string.format('{"userId":"%s-%d","traits":{"plan":"pro","n":%d}%s}', tag, k, n, co)
  end
end

function request()
  local t = targets[math.random(#targets)]
  local body
  if mode == "batch" then
    local s = math.random(1, stride)
    local parts = {}
    for i = 0, batch - 1 do
      parts[#parts + 1] = person(s + i * stride)
    end
    body = '{"people":[' .. table.concat(parts, ",") .. ']}'
  else
    body = person(math.random(1, keys))
  end
  return wrk.format("POST", t.path, { ["Authorization"] = t.auth, ["Content-Type"] = "application/json" }, body)
end

local function sample(what)
  if errfile and samples < 5 then
    samples = samples + 1
    local f = io.open(errfile, "a")
    if f then
      f:write(what, "\n")
      f:close()
    end
  end
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    sample(string.format("HTTP %d (%s): %s", status, mode, string.sub(body or "", 1, 2000)))
  elseif mode == "batch" then
    local c = tonumber(string.match(body, '"createdCount":(%d+)')) or 0
    local u = tonumber(string.match(body, '"updatedCount":(%d+)')) or 0
    local f = tonumber(string.match(body, '"failedCount":(%d+)')) or 0
    created, items, failed = created + c, items + c + u + f, failed + f
    if f > 0 then
      sample(string.format("HTTP %d batch with failedCount=%d: %s", status, f, string.sub(body, 1, 2000)))
    end
  else
    items = items + 1
    if status == 201 then created = created + 1 end
  end
end

function done(summary, latency, requests)
  local n2, c, it, f = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    n2 = n2 + (t:get("non2xx") or 0)
    c = c + (t:get("created") or 0)
    it = it + (t:get("items") or 0)
    f = f + (t:get("failed") or 0)
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_s=%.3f rps=%.2f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "non2xx=%d socket_errors=%d timeouts=%d items=%d created=%d failed_items=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    n2, e.connect + e.read + e.write, e.timeout, it, c, f))
end
