-- wrk script: POSTs with a CSRF token, each request unique, outcomes counted.
-- The Python driver writes bench/out/load-pool.lua defining:
--   kind ("story" or "tick"), session_cookie, csrf_token, participants (list of
--   cookie values), paths (list of tick paths), body_prefix.
dofile(os.getenv("ADVOCACY_LOAD_POOL"))

local threads = {}
-- Offset, so that a warm-up run and the measured run never send the same request.
local counter = tonumber(os.getenv("ADVOCACY_LOAD_OFFSET") or "0")

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  ok, redirects, client_errors, server_errors = 0, 0, 0, 0
end

function request()
  counter = counter + 1
  local n = counter * 8 + id  -- unique across (up to 8) threads
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  if kind == "tick" then
    local pair = n % (#participants * #paths)
    local who = participants[math.floor(pair / #paths) + 1]
    local path = paths[(pair % #paths) + 1]
    headers["Cookie"] = session_cookie .. "; " .. who
    return wrk.format("POST", path, headers, "done=1&csrf_token=" .. csrf_token)
  end
  headers["Cookie"] = session_cookie
  local body = body_prefix .. "&title=Story+" .. n .. "&email=load" .. n ..
    "%40example.org&body=Our+library+helped+family+number+" .. n ..
    "+with+hotspots+laptops+and+a+quiet+place+to+work.&csrf_token=" .. csrf_token
  return wrk.format("POST", "/stories/new", headers, body)
end

function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1
  elseif status >= 400 then client_errors = client_errors + 1
  elseif status >= 300 then redirects = redirects + 1
  else ok = ok + 1 end
end

function done(summary, latency, requests)
  local t = {ok = 0, redirects = 0, client_errors = 0, server_errors = 0}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(t) do t[key] = t[key] + thread:get(key) end
  end
  io.write(string.format("OUTCOMES ok=%d redirects=%d client_errors=%d server_errors=%d\n",
    t.ok, t.redirects, t.client_errors, t.server_errors))
end
