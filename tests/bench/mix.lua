-- mix.lua: wrk script for mix_p99_ms — each thread is one signed-in member on one connection who,
-- after a think time of 50-200 ms, browses weeks, opens own bookings, creates, changes and cancels.
-- Run with wrk -tN -cN (one connection per thread, so answers come back in the order asked).
-- Environment (set by tests/bench/bench.py):
--   WB_SESSIONS  "token:csrf,..." one per thread      WB_ORIGIN  http://127.0.0.1:PORT
--   WB_THREADS   wrk's -t     WB_AREA  the area of the weeks shown    WB_TODAY  YYYY-MM-DD
--   WB_VFIRST, WB_VCOUNT  the vehicles to book      WB_BASE_DAY  UTC midnight (epoch) of the first
--                day to book, beyond every other benchmark's bookings
-- Creation k of all threads books vehicle VFIRST + k % VCOUNT, day (k / VCOUNT) / 16 after the base
-- day, hour 06 + (k / VCOUNT) % 16 (as writes.lua), so no two creations ask for the same hour.
-- done() prints STATUS lines per kind ("week 200") and one line per created booking:
-- "BOOKING id state" with state active, changed or cancelled, for bench.py to check in the database.
local sessions = {}
for tok, csrf in string.gmatch(os.getenv("WB_SESSIONS") or "", "(%x+):(%x+)") do
  sessions[#sessions + 1] = { cookie = "wb_session=" .. tok, csrf = csrf }
end
local origin = os.getenv("WB_ORIGIN")
local nthreads = tonumber(os.getenv("WB_THREADS") or "1")
local area = os.getenv("WB_AREA")
local vfirst = tonumber(os.getenv("WB_VFIRST"))
local vcount = tonumber(os.getenv("WB_VCOUNT"))
local base = tonumber(os.getenv("WB_BASE_DAY"))
local y, m, d = string.match(os.getenv("WB_TODAY") or "", "(%d+)-(%d+)-(%d+)")
local today = os.time({ year = tonumber(y), month = tonumber(m), day = tonumber(d), hour = 12 })

local threads = {}
local nextid = 0
function setup(thread)
  thread:set("tid", nextid)
  nextid = nextid + 1
  threads[#threads + 1] = thread
end

local n = 0            -- creations of this thread
local own = {}         -- own bookings still active: {id, v, date, hour}
local pending = nil    -- what the request on the wire does
statuses = {}
booked = {}            -- id -> "active" | "changed" | "cancelled"

function init(args)
  math.randomseed(os.time() + tid * 7919)
end

function delay()
  return 50 + math.random(150)
end

local function post(path, body)
  local s = sessions[tid % #sessions + 1]
  return wrk.format("POST", path, {
    ["Cookie"] = s.cookie, ["Origin"] = origin, ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "csrf=" .. s.csrf .. body)
end

local function form(b, purpose)
  return string.format("&vehicle=%d&start=%sT%02d%%3A00&end=%sT%02d%%3A00&purpose=%s",
                       b.v, b.date, b.hour, b.date, b.hour + 1, purpose)
end

function request()
  local s = sessions[tid % #sessions + 1]
  local r = math.random()
  if #own > 0 and r < 0.10 then
    local i = math.random(#own)
    pending = { kind = "change", i = i }
    return post("/calendar/booking/" .. own[i].id .. "/edit", form(own[i], "bench-mix-changed"))
  elseif #own > 0 and r < 0.15 then
    local i = math.random(#own)
    pending = { kind = "cancel", i = i }
    return post("/calendar/booking/" .. own[i].id .. "/delete", "")
  elseif r < 0.35 then
    local k = n * nthreads + tid
    n = n + 1
    local rr = math.floor(k / vcount)
    local b = { v = vfirst + k % vcount, date = os.date("!%Y-%m-%d", base + math.floor(rr / 16) * 86400),
                hour = 6 + rr % 16 }
    pending = { kind = "create", b = b }
    return post("/calendar/booking/new", form(b, "bench-mix"))
  elseif #own > 0 and r < 0.50 then
    pending = { kind = "booking" }
    return wrk.format("GET", "/calendar/booking/" .. own[math.random(#own)].id, { ["Cookie"] = s.cookie })
  end
  pending = { kind = "week" }
  local date = os.date("%Y-%m-%d", today + math.random(0, 8) * 7 * 86400)
  return wrk.format("GET", "/calendar?area=" .. area .. "&date=" .. date .. "&view=week", { ["Cookie"] = s.cookie })
end

function response(status, headers, body)
  local p = pending or { kind = "?" }
  pending = nil
  local key = p.kind .. " " .. status
  statuses[key] = (statuses[key] or 0) + 1
  if status ~= 303 then
    return
  end
  if p.kind == "create" then
    local id = string.match(headers["Location"] or headers["location"] or "", "/booking/(%d+)")
    if id then
      p.b.id = id
      own[#own + 1] = p.b
      booked[id] = "active"
    else
      statuses["create 303-without-id"] = (statuses["create 303-without-id"] or 0) + 1
    end
  elseif p.kind == "change" then
    booked[own[p.i].id] = "changed"
  elseif p.kind == "cancel" then
    booked[own[p.i].id] = "cancelled"
    table.remove(own, p.i)
  end
end

function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    for key, c in pairs(t:get("statuses") or {}) do io.write(string.format("STATUS %s %d\n", key, c)) end
    for id, state in pairs(t:get("booked") or {}) do io.write(string.format("BOOKING %s %s\n", id, state)) end
  end
end
