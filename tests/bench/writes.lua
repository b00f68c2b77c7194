-- writes.lua: wrk script for booking_writes_per_s — every request creates a new one-hour booking that overlaps no other.
-- Environment (set by tests/bench/bench.py):
--   WB_SESSIONS  "token:csrf,token:csrf,..." signed-in members, used in turn (one per client)
--   WB_ORIGIN    http://127.0.0.1:PORT      WB_THREADS  wrk's -t
--   WB_VFIRST, WB_VCOUNT  the vehicles to book (ids VFIRST .. VFIRST+VCOUNT-1)
--   WB_BASE_DAY  UTC midnight (epoch) of the first day to book; far beyond the generated data
-- Request k of all threads books vehicle VFIRST + k % VCOUNT on day (k / VCOUNT) / 16 after the
-- base day, hour 06:00 + (k / VCOUNT) % 16 local time (no DST switch inside 06:00-22:00), so
-- no two requests ask for the same vehicle and hour.
local sessions = {}
for tok, csrf in string.gmatch(os.getenv("WB_SESSIONS") or "", "(%x+):(%x+)") do
  sessions[#sessions + 1] = { cookie = "wb_session=" .. tok, csrf = csrf }
end
local origin = os.getenv("WB_ORIGIN")
local nthreads = tonumber(os.getenv("WB_THREADS") or "1")
local vfirst = tonumber(os.getenv("WB_VFIRST"))
local vcount = tonumber(os.getenv("WB_VCOUNT"))
local base = tonumber(os.getenv("WB_BASE_DAY"))

local threads = {}
local nextid = 0
function setup(thread)
  thread:set("tid", nextid)
  nextid = nextid + 1
  threads[#threads + 1] = thread
end

local n = 0
statuses = {}

function request()
  local k = n * nthreads + tid
  n = n + 1
  local v = vfirst + k % vcount
  local r = math.floor(k / vcount)
  local date = os.date("!%Y-%m-%d", base + math.floor(r / 16) * 86400)
  local hour = 6 + r % 16
  local s = sessions[k % #sessions + 1]
  local body = string.format("csrf=%s&vehicle=%d&start=%sT%02d%%3A00&end=%sT%02d%%3A00&purpose=bench-write",
                             s.csrf, v, date, hour, date, hour + 1)
  return wrk.format("POST", "/calendar/booking/new", {
    ["Cookie"] = s.cookie,
    ["Origin"] = origin,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local st = t:get("statuses")
    for code, c in pairs(st or {}) do total[code] = (total[code] or 0) + c end
  end
  for code, c in pairs(total) do io.write(string.format("STATUS %s %d\n", tostring(code), c)) end
end
