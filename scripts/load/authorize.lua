-- wrk script for the real-time authorization load test (docs/performance.md, "OCPI tokens"):
-- POST /ocpi/2.2.1/tokens/{uid}/authorize round-robin over the cards openmsp_tokens_seed created.
--
--   OPENMSP_AUTHORIZATION="Token $(printf %s "$TOKEN_C" | base64 -w0)" OPENMSP_CARDS=10000 \
--     wrk -t2 -c50 -d10s --latency -s scripts/load/authorize.lua http://127.0.0.1:PORT
local authorization = os.getenv("OPENMSP_AUTHORIZATION")
local cards = tonumber(os.getenv("OPENMSP_CARDS") or "10000")
local body = '{"location_id":"LOC1","evse_uids":["EVSE-1"]}'
local headers = {
  ["Authorization"] = authorization,
  ["Content-Type"] = "application/json",
  ["X-Request-ID"] = "wrk",
}
local counter = 0

function request()
  counter = counter + 1
  local path = string.format("/ocpi/2.2.1/tokens/04%012X/authorize?type=RFID", counter % cards)
  return wrk.format("POST", path, headers, body)
end
