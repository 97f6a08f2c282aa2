-- wrk script of Scripts/bench-ingest.
--   KIOSK_MODE=rating: POST /api/v1/ratings, a new rating each time (its id made of the run, the thread and a
--                      counter, so no two requests of any run share one), with the kiosk's bearer token.
--   KIOSK_MODE=health: GET /health, the same server's ceiling.
-- Prints one line "JSON:{...}" with the counts and the latency percentiles at the end.
local mode = os.getenv("KIOSK_MODE") or "rating"
local token = os.getenv("KIOSK_TOKEN") or ""
local run = tonumber(os.getenv("KIOSK_RUN") or "1")
local choices = { "very_satisfied", "satisfied", "satisfied", "very_satisfied", "dissatisfied" }
local threads = {}
local number = 0

function setup(thread)
  number = number + 1
  thread:set("thread_number", number)
  table.insert(threads, thread)
end

local counter = 0

function request()
  if mode == "health" then
    return wrk.format("GET", "/health")
  end
  counter = counter + 1
  local id = string.format("%08x-%04x-4000-8000-%012x", run, thread_number, counter)
  local body = string.format('{"id":"%s","survey":"quick","answers":{"overall":"%s"}}', id, choices[counter % 5 + 1])
  return wrk.format("POST", "/api/v1/ratings",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'JSON:{"requests":%d,"seconds":%.3f,"non2xx":%d,"socketErrors":%d,"p50Ms":%.3f,"p90Ms":%.3f,"p99Ms":%.3f,"maxMs":%.3f}\n',
    summary.requests, summary.duration / 1e6, errors.status, errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
