-- soak.lua: wrk's mixed load for bench/soak.sh. Each request is drawn at random: reads (cats,
-- history, due, summary, events, assessments, kb), writes (an entry added, edited or deleted;
-- a cat added or removed) and checks (assess, and a cat's assess, which stores one). Every
-- request is valid, so any answer but 2xx is a failure. A thread edits and deletes only the
-- entries it added (their ids come from the answers), and removes what it adds, so that the
-- journal stays about the same size however long it runs. done() prints the counts as
-- "soak.* value unit" lines.

local cats = { "Mimi", "Tom", "Zoe", "Rex" }
local json = { ["Content-Type"] = "application/json" }

local n = 0
local entries = {} -- ids of entries this thread added, oldest first
local checks = {} -- ids of stored checks this thread made
local mine = {} -- names of the cats this thread added
-- counts, read by done() through thread:get
s2xx, s4xx, s5xx, sother, nreads, nwrites, nassess = 0, 0, 0, 0, 0, 0, 0

-- tid: the thread's number, set by setup() (which runs in wrk's own state, as done() does)
local threads = {}
function setup(thread)
    table.insert(threads, thread)
    thread:set("tid", #threads)
end

function init(args)
    math.randomseed(os.time() * 1000 + (tid or 0))
end

local bodies = {
    function() return '{"kind":"weight","data":{"kg":' .. string.format("%.1f", 3.5 + math.random() * 2) .. '}}' end,
    function() return '{"kind":"stool","data":{"score":' .. math.random(2, 5) .. '}}' end,
    function() return '{"kind":"episode","data":{"amount":"spot","look":["brown"]},"note":"soak"}' end,
    function() return '{"kind":"pain","data":{"ears":0,"eyes":' .. math.random(0, 1) .. ',"muzzle":0}}' end,
    function() return '{"kind":"care","data":{"care":"warm_compress","minutes":10}}' end,
    function() return '{"kind":"observation","data":{"finding":"scooting","value":false}}' end,
}

local case = '{"cat":{"sex":"female","coat":"long"},"findings":{"discharge_seen":true,' ..
    '"pain_on_touch":false,"swelling":false,"not_eating":false},"history":{"episodes_last_30_days":1}}'

local function cat() return cats[math.random(#cats)] end

local function read(path)
    nreads = nreads + 1
    return wrk.format("GET", path)
end

function request()
    n = n + 1
    local r = math.random(100)
    if r <= 6 then return read("/api/v1/cats")
    elseif r <= 14 then return read("/api/v1/cats/" .. cat() .. "/history")
    elseif r <= 22 then return read("/api/v1/due")
    elseif r <= 30 then return read("/api/v1/cats/" .. cat() .. "/summary")
    elseif r <= 38 then return read("/api/v1/cats/" .. cat() .. "/events?limit=50")
    elseif r <= 41 then return read("/api/v1/cats/" .. cat() .. "/assessments")
    elseif r <= 45 then return read("/api/v1/kb")
    elseif r <= 62 then
        nwrites = nwrites + 1
        -- about 40 entries of this thread at a time: past that, the oldest goes
        if #entries >= 40 then
            return wrk.format("DELETE", "/api/v1/events/" .. table.remove(entries, 1))
        end
        return wrk.format("POST", "/api/v1/cats/" .. cat() .. "/events", json, bodies[math.random(#bodies)]())
    elseif r <= 70 then
        nwrites = nwrites + 1
        if #entries == 0 then
            return wrk.format("POST", "/api/v1/cats/" .. cat() .. "/events", json, bodies[1]())
        end
        -- the oldest entry, put back at the end when its answer comes
        return wrk.format("PATCH", "/api/v1/events/" .. table.remove(entries, 1), json,
            '{"note":"edited ' .. n .. '"}')
    elseif r <= 73 then
        nwrites = nwrites + 1
        if #mine >= 3 then
            return wrk.format("DELETE", "/api/v1/cats/" .. table.remove(mine, 1))
        end
        return wrk.format("POST", "/api/v1/cats", json,
            '{"name":"soak-' .. tid .. '-' .. n .. '","sex":"male","age_years":4}')
    elseif r <= 90 then
        nassess = nassess + 1
        return wrk.format("POST", "/api/v1/assess" .. (r % 2 == 0 and "?texts=brief" or ""), json, case)
    else
        nassess = nassess + 1
        if #checks >= 10 then
            return wrk.format("DELETE", "/api/v1/events/" .. table.remove(checks, 1))
        end
        return wrk.format("POST", "/api/v1/cats/" .. cat() .. "/assess?texts=brief", json,
            '{"findings":{"pain_on_touch":false,"swelling":false}}')
    end
end

function response(status, headers, body)
    if status >= 200 and status < 300 then s2xx = s2xx + 1
    elseif status >= 400 and status < 500 then s4xx = s4xx + 1
    elseif status >= 500 then s5xx = s5xx + 1
    else sother = sother + 1 end
    if status ~= 200 and status ~= 201 then
        if status ~= 204 and s4xx + s5xx + sother <= 5 then
            io.stderr:write("soak: " .. status .. " " .. string.sub(body or "", 1, 300) .. "\n")
        end
        return
    end
    local id = string.match(body, '^{"id":(%d+),"kind":"')
    if id then table.insert(entries, id); return end
    id = string.match(body, '^{"id":(%d+),"result":')
    if id then table.insert(checks, id); return end
    local name = string.match(body, '^{"id":%d+,"name":"(soak%-[%d%-]+)"')
    if name then table.insert(mine, name) end
end

function done(summary, latency, requests)
    local t = { s2xx = 0, s4xx = 0, s5xx = 0, sother = 0, nreads = 0, nwrites = 0, nassess = 0 }
    for _, th in ipairs(threads) do
        for k, _ in pairs(t) do t[k] = t[k] + (tonumber(th:get(k)) or 0) end
    end
    local e = summary.errors
    local secs = summary.duration / 1e6
    io.write(string.format("soak.requests %d requests (%d reads, %d writes, %d checks)\n",
        summary.requests, t.nreads, t.nwrites, t.nassess))
    io.write(string.format("soak.rate %.0f req_per_s\n", summary.requests / secs))
    io.write(string.format("soak.p99 %.1f ms\n", latency:percentile(99) / 1000))
    io.write(string.format("soak.5xx %d answers\n", t.s5xx))
    io.write(string.format("soak.non_2xx %d answers (4xx %d, other %d)\n", t.s4xx + t.s5xx + t.sother,
        t.s4xx, t.sother))
    io.write(string.format("soak.connection_errors %d (connect %d, read %d, write %d, timeout %d)\n",
        e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout))
end
