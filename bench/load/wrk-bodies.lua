-- wrk script of the benchmarks' load generator: POSTs one body per request from a file (one body per line), each wrk thread taking its own share of the lines in turn, and prints one JSON line with the figures at the end.
-- Usage: wrk -t1 -c32 -d5s -s bench/load/wrk-bodies.lua <url> -- <bodies file> <threads> <path> [header lines "name: value" ...]

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_index", #threads)
end

function init(args)
  local file, count, path = args[1], tonumber(args[2]), args[3]
  bodies = {}
  local i = 0
  for line in io.lines(file) do
    if i % count == thread_index - 1 then table.insert(bodies, line) end
    i = i + 1
  end
  next_body = 0
  wrk.method = "POST"
  wrk.path = path
  for j = 4, #args do
    local name, value = string.match(args[j], "^([^:]+):%s*(.*)$")
    if name then wrk.headers[name] = value end
  end
end

function request()
  -- Past the end of its share a thread starts again (repeats are duplicates to the server).
  next_body = next_body % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[next_body])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.6f,"p50":%.3f,"p99":%.3f,"max":%.3f,"errors":%d,"non2xx":%d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect + e.read + e.write + e.timeout, e.status))
end
