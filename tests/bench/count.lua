-- count.lua: wrk script for worker_rss_growth_kb — stops after WB_LIMIT responses (run with -t1).
-- WB_PATHS names a file of request paths: the first is the hot page (9 of 10 requests: render
-- cache hits), the rest are drawn at random for the others (mostly cache misses, so the full
-- render path runs thousands of times too). WB_COOKIE is the Cookie header. wrk itself runs for
-- its whole -d, so on reaching the limit the thread stops and creates the file WB_DONE, and
-- bench.py ends wrk with SIGINT (which still prints the summary). With WB_SWEEP=1 the first requests
-- go through every path once, in order, so that the worker's render cache and heap have met the
-- whole mix before the baseline is read.
local limit = tonumber(os.getenv("WB_LIMIT"))
local cookie = os.getenv("WB_COOKIE")
local paths = {}
for line in io.lines(os.getenv("WB_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
math.randomseed(12345)

local seen = 0
local issued = 0
local sweep = os.getenv("WB_SWEEP") == "1"
statuses = {}

function request()
  issued = issued + 1
  local p = paths[1]
  if sweep and issued <= #paths then
    p = paths[issued]
  elseif #paths > 1 and math.random(10) == 1 then
    p = paths[math.random(2, #paths)]
  end
  return wrk.format("GET", p, { ["Cookie"] = cookie })
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  seen = seen + 1
  if seen == limit then
    wrk.thread:stop()
    local f = io.open(os.getenv("WB_DONE"), "w")
    if f then f:close() end
  end
end

local threads = {}
function setup(thread) threads[#threads + 1] = thread end

function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    for code, c in pairs(t:get("statuses") or {}) do io.write(string.format("STATUS %s %d\n", tostring(code), c)) end
  end
end
