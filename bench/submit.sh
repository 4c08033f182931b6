#!/usr/bin/env bash
# Submit through the gateway under load, with wrk (16 connections, DURATION seconds each):
#   (a) one stored link submitted over and over (the dedup hit: "already downloaded", answered at once);
#   (b) distinct new links (each a new task and a new job: a tiny file from nginx with its own query string);
# then (c) a 1 MiB file from nginx on loopback, submit → COMPLETED as a polling client sees it, RUNS times.
# Prints wrk's figures, the medians and, last, each against its target: (a) ≥ 300/s with p99 ≤ 50 ms,
# (b) ≥ 150/s with p99 ≤ 100 ms, (c) median ≤ 300 ms. Stops what it started (by PID) on exit.
# (a) and (b) each run once untimed first (the services' JIT warms up: the first seconds after ./cloudget up run
# slower) and then WRK_RUNS times (3); the medians of the rates and of the p99s are reported.
# One token submits thousands a second here: start the system with the per-user limits lifted (the gateway's rate
# limit, task-management's quotas), which this benchmark is not about:
# Usage: CLOUDGET_ALLOWLIST=127.0.0.0/8 CLOUDGET_SUBMIT_RATE=100000 CLOUDGET_SUBMIT_BURST=100000 \
#          CLOUDGET_QUOTA_SUBMITS_PER_MINUTE=unlimited CLOUDGET_QUOTA_RUNNING_TASKS=unlimited ./cloudget up
#        bench/submit.sh [RUNS=20] [DURATION=15] [WRK_RUNS=3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bench/lib.sh
runs=${1:-20}
duration=${2:-15}
wrk_runs=${3:-3}
need_tools nginx wrk curl python3 bc
need_gateway

dir=$(mktemp -d /tmp/cloudget-bench-submit.XXXXXX)
chmod 755 "$dir"
cleanup() {
  stop_nginx
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$dir/www"
head -c 1048576 /dev/urandom >"$dir/www/one-mib.bin"
head -c 4096 /dev/urandom >"$dir/www/tiny.bin"
for r in $(seq 1 "$runs"); do ln -s one-mib.bin "$dir/www/small-$$-$r.bin"; done
chmod -R a+r "$dir/www"
start_nginx "$dir" "tiny.bin"

token=$(./cloudget token bench-submit)
auth=(-H "Authorization: Bearer $token")
origin="http://127.0.0.1:$port"

# (a) needs the link stored first
await_task "$(api -H 'Content-Type: application/json' -d "{\"source\":\"$origin/tiny.bin\"}" "$gateway/api/v1/tasks" \
  | json 'd["id"]')" >/dev/null

cat >"$dir/stored.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '{"source":"$origin/tiny.bin"}'
LUA
cat >"$dir/new.lua" <<LUA
local counter = 0
local thread_id = 0
local threads = 0
function setup(thread) threads = threads + 1; thread:set("thread_id", threads) end
request = function()
  counter = counter + 1
  local body = '{"source":"$origin/tiny.bin?bench=$$-' .. thread_id .. '-' .. counter .. '"}'
  return wrk.format("POST", "/api/v1/tasks", {["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer $token"}, body)
end
LUA
wrk_run() { # label script → wrk's report, then "label rps p99ms non2xx"
  local out rps p99 errors
  out=$(wrk -t2 -c16 -d"${duration}s" --latency -s "$2" "$gateway/api/v1/tasks")
  echo "$out" | sed "s/^/  [$1] /" >&2
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {v = $2; if (v ~ /ms$/) {sub("ms", "", v)} else if (v ~ /us$/) {sub("us", "", v); v = v / 1000} else if (v ~ /s$/) {sub("s", "", v); v = v * 1000}; print v}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  echo "${1// /_} ${rps:-0} ${p99:-0} ${errors:-0}"
}
# (c) first, on a quiet system: small files, one at a time, each its own link (a new job every time). The client is
# one Python process on one keep-alive connection polling every 10 ms (a shell loop would spend ~40 ms per poll
# starting curl and python: its own overhead, not cloudget's).
mapfile -t small < <(python3 - "$gateway" "$token" "$origin" "$$" "$runs" <<'PY'
import http.client, json, sys, time, urllib.parse
gateway, token, origin, pid, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
url = urllib.parse.urlsplit(gateway)
conn = http.client.HTTPConnection(url.hostname, url.port)
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
def call(method, path, body=None):
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.status // 100 != 2:
        sys.exit(f"cloudget answered {response.status} to {method} {path}: {data[:300]!r}")
    return json.loads(data)
for r in range(1, runs + 1):
    t0 = time.monotonic()
    task = call("POST", "/api/v1/tasks", json.dumps({"source": f"{origin}/small-{pid}-{r}.bin"}))
    while task["status"] not in ("COMPLETED", "FAILED", "CANCELLED", "EXPIRED"):
        time.sleep(0.01)
        task = call("GET", "/api/v1/tasks/" + task["id"])
    if task["status"] != "COMPLETED":
        sys.exit(f"task {task['id']} ended {task['status']}: {task}")
    print((time.monotonic() - t0) * 1000)
PY
)
[ ${#small[@]} = "$runs" ] || { echo "the small-file runs failed" >&2; exit 1; }
c_median=$(median "${small[@]}")

wrk_medians() { # label script → "rps p99ms non2xx": medians of $wrk_runs runs after one untimed warm-up run
  local rates=() p99s=() errors=0 label rps p99 err
  wrk_run "$1 warm-up" "$2" >/dev/null
  for r in $(seq 1 "$wrk_runs"); do
    read -r label rps p99 err < <(wrk_run "$1 #$r" "$2")
    rates+=("$rps"); p99s+=("$p99"); errors=$((errors + err))
  done
  echo "$(median "${rates[@]}") $(median "${p99s[@]}") $errors"
}
read -r a_rps a_p99 a_err < <(wrk_medians stored "$dir/stored.lua")
read -r b_rps b_p99 b_err < <(wrk_medians new "$dir/new.lua")

printf '(a) stored link, 16 connections, median of %d: %.0f submits/s, p99 %.1f ms, %s non-2xx   (target ≥ 300/s, p99 ≤ 50 ms)\n' \
  "$wrk_runs" "$a_rps" "$a_p99" "$a_err"
printf '(b) new links, 16 connections, median of %d:   %.0f submits/s, p99 %.1f ms, %s non-2xx   (target ≥ 150/s, p99 ≤ 100 ms)\n' \
  "$wrk_runs" "$b_rps" "$b_p99" "$b_err"
printf '(c) 1 MiB from loopback, submit → COMPLETED: median %.0f ms of %d runs (min %.0f, max %.0f)   (target ≤ 300 ms)\n' \
  "$c_median" "$runs" "$(printf '%s\n' "${small[@]}" | sort -g | head -1)" "$(printf '%s\n' "${small[@]}" | sort -g | tail -1)"
