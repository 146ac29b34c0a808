-- wrk script: POSTs CDRs to the OCPI cdrs receiver, each request with a CDR id of its own, as a CPO would
-- (docs/performance.md, "OCPI CDR POST").
--
--   wrk -t2 -c64 -d20s --latency -s tests/load/cdr_post.lua http://127.0.0.1:8080/ocpi/2.2.1/cdrs -- TOKEN_C TEMPLATE [RUN]
--
-- TOKEN_C is the peer's credentials token (sent Base64-encoded, as OCPI 2.2.1 wants), TEMPLATE a CDR file
-- whose id is `@ID@` (tests/tools/ocpi_load_setup.cpp writes both), RUN a prefix that keeps the ids of
-- several runs on one database apart. Ids are RUN-T-N: thread T's N-th request.

local threads = {}
local counter = 1

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function base64(text)
  local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  return ((text:gsub(".", function(c)
    local bits, byte = "", c:byte()
    for i = 8, 1, -1 do bits = bits .. (byte % 2 ^ i - byte % 2 ^ (i - 1) > 0 and "1" or "0") end
    return bits
  end) .. "0000"):gsub("%d%d%d?%d?%d?%d?", function(bits)
    if #bits < 6 then return "" end
    local value = 0
    for i = 1, 6 do value = value + (bits:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return alphabet:sub(value + 1, value + 1)
  end) .. ({ "", "==", "=" })[#text % 3 + 1])
end

local before, after, prefix
local sent = 0

function init(args)
  local file = assert(io.open(args[2], "rb"))
  local template = file:read("*a")
  file:close()
  local at = assert(template:find("@ID@", 1, true), "the template has no @ID@")
  before, after = template:sub(1, at - 1), template:sub(at + 4)
  prefix = (args[3] or "run") .. "-" .. index .. "-"
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Token " .. base64(args[1])
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  sent = sent + 1
  return wrk.format(nil, nil, nil, before .. prefix .. sent .. after)
end

local failures = 0

function response(status, headers, body)
  if status ~= 201 then
    failures = failures + 1
    if failures <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; %d requests, %d errors\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, summary.errors.status + summary.errors.connect +
    summary.errors.read + summary.errors.write + summary.errors.timeout))
end
