-- wrk script: each request takes the next path from a file (one path per line), so every request
-- of a run can be different (no cache hits). The (at most two) threads start half the file apart.
-- Usage: wrk -s bench/paths.lua http://127.0.0.1:PORT -- /path/to/paths.txt

local threads = {}
local index = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  index = math.floor(id * #paths / 2)
end

function request()
  index = index + 1
  if index > #paths then
    index = 1
  end
  return wrk.format("GET", paths[index])
end
