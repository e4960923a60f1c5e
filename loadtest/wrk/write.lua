-- Closed-loop score writes for wrk, where every submission improves its player's best
-- (a `best` board keeps each one). Ours and Nakama's differ only in the path and the body:
--
--   wrk -t1 -c16 -d20s --latency -s loadtest/wrk/write.lua http://127.0.0.1:8080 \
--       -- TOKENS PATH FORMAT BASE THREADS
--
--   TOKENS   a file with one bearer token per line (a line may be "token<TAB>userId")
--   PATH     /scores (ours: the global board) or /v2/leaderboard/<id> (Nakama)
--   FORMAT   "number": {"score":N} (ours); "string": {"score":"N"} (Nakama: int64 as a string)
--   BASE     the first score of this run; later runs pass a larger one, so every score is a new best
--   THREADS  wrk's -t: thread k writes only the players k, k+THREADS, ... with its own counter,
--            so each player's scores only ever go up
--
-- Players are taken in turn (not at random): a player comes back only after every other
-- player of the thread did, so two requests of one player are never in flight together.
-- No response() callback: wrk would parse every answer's headers into Lua for it; wrk counts
-- non-2xx answers by itself.
local counter = 0
local thread_index = 0

function setup(thread)
  thread:set("tid", thread_index)
  thread_index = thread_index + 1
end

local heads, bodies_quote, base, n

function init(args)
  local tokens_file, path, format = args[1], args[2], args[3]
  base = tonumber(args[4])
  local threads = tonumber(args[5] or "1")
  local me = tid or 0
  bodies_quote = (format == "string") and '"' or ""
  local host = wrk.host .. ((wrk.port and wrk.port ~= "") and (":" .. wrk.port) or "")
  heads = {}
  local i = 0
  for line in io.lines(tokens_file) do
    local token = line:match("^([^\t]+)")
    if token and token ~= "" then
      if i % threads == me then
        heads[#heads + 1] = "POST " .. path .. " HTTP/1.1\r\nHost: " .. host ..
          "\r\nContent-Type: application/json\r\nAuthorization: Bearer " .. token .. "\r\nContent-Length: "
      end
      i = i + 1
    end
  end
  n = #heads
  if n == 0 then
    error("write.lua: no tokens for thread " .. me .. " in " .. tokens_file)
  end
  math.randomseed(os.time() + me)
  counter = math.random(0, n - 1)
end

function request()
  counter = counter + 1
  local body = '{"score":' .. bodies_quote .. string.format("%.0f", base + counter) .. bodies_quote .. "}"
  return heads[counter % n + 1] .. #body .. "\r\n\r\n" .. body
end
