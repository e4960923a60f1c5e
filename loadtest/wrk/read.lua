-- Closed-loop reads for wrk that name a player: around-me and one player's rank (ours and
-- Nakama's), each request for a random player of a list.
--
--   wrk -t1 -c64 -d15s --latency -s loadtest/wrk/read.lua http://127.0.0.1:8080 -- TEMPLATE IDS [TOKENS]
--
--   TEMPLATE  the path, "{id}" standing for the player, e.g.
--             /leaderboards/global/users/{id}/around?radius=5        (ours)
--             /v2/leaderboard/global/owner/{id}?limit=11             (Nakama, around)
--             /v2/leaderboard/global?owner_ids={id}&limit=1          (Nakama, rank)
--   IDS       a file with one id per line, or "tokens": the second column of TOKENS
--   TOKENS    optional: "token<TAB>userId" lines; each request carries one of the tokens
--             (Nakama reads need a session) — "-" or absent: no Authorization header
--
-- Every request is encoded once in init (one per id); request() only picks one.
local reqs, n

function init(args)
  local template, ids_file, tokens_file = args[1], args[2], args[3]
  local host = wrk.host .. ((wrk.port and wrk.port ~= "") and (":" .. wrk.port) or "")
  local tokens, ids = {}, {}
  if tokens_file and tokens_file ~= "-" then
    for line in io.lines(tokens_file) do
      local token, id = line:match("^([^\t]+)\t?([^\t]*)")
      if token and token ~= "" then
        tokens[#tokens + 1] = token
        if ids_file == "tokens" and id ~= "" then
          ids[#ids + 1] = id
        end
      end
    end
  end
  if ids_file ~= "tokens" then
    for line in io.lines(ids_file) do
      local id = line:match("^%s*(%S+)")
      if id then
        ids[#ids + 1] = id
      end
    end
  end
  if #ids == 0 then
    error("read.lua: no ids")
  end
  reqs = {}
  for i, id in ipairs(ids) do
    local auth = ""
    if #tokens > 0 then
      auth = "Authorization: Bearer " .. tokens[(i - 1) % #tokens + 1] .. "\r\n"
    end
    local path = template:gsub("{id}", id)
    reqs[i] = "GET " .. path .. " HTTP/1.1\r\nHost: " .. host .. "\r\n" .. auth .. "\r\n"
  end
  n = #reqs
  math.randomseed(os.time() + (tid or 0))
end

function request()
  return reqs[math.random(1, n)]
end
