#!/usr/bin/env bash
# Measures one offline download end to end on the running local system (./cloudget up first): serves SIZE_MIB of
# random bytes from a loopback origin, submits it through the gateway, waits for COMPLETED, then fetches it from
# the entry address; prints cloud-fetch and client-fetch throughput and the worker's peak RSS.
# Usage: CLOUDGET_ALLOWLIST=127.0.0.1:18999 ./cloudget up; bench/download.sh [SIZE_MIB]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
size_mib=${1:-256}
dir=$(mktemp -d)
trap 'kill $origin_pid 2>/dev/null || true; rm -rf "$dir"' EXIT
head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$dir/bench-$$.bin"
expected=$(sha256sum "$dir/bench-$$.bin" | cut -d' ' -f1)
python3 -m http.server 18999 --bind 127.0.0.1 --directory "$dir" >/dev/null 2>&1 &
origin_pid=$!
sleep 1
token=$(./cloudget token bench)
t0=$(date +%s.%N)
id=$(curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"source\":\"http://127.0.0.1:18999/bench-$$.bin\"}" http://127.0.0.1:8080/api/v1/tasks | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
while :; do
  task=$(curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:8080/api/v1/tasks/$id")
  status=$(echo "$task" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')
  case $status in COMPLETED|FAILED|CANCELLED) break ;; esac
  sleep 0.2
done
t1=$(date +%s.%N)
[ "$status" = COMPLETED ] || { echo "task ended $status: $task"; exit 1; }
url=$(echo "$task" | python3 -c 'import json,sys; print(json.load(sys.stdin)["files"][0]["entryUrl"])')
got=$(curl -fsS -H "Authorization: Bearer $token" "$url" | sha256sum | cut -d' ' -f1)
t2=$(date +%s.%N)
[ "$got" = "$expected" ] || { echo "SHA-256 mismatch"; exit 1; }
printf 'cloud fetch (submit → COMPLETED): %d MiB in %.2f s = %.0f MiB/s\n' "$size_mib" "$(echo "$t1-$t0" | bc)" "$(echo "$size_mib/($t1-$t0)" | bc -l)"
printf 'client fetch via gateway:          %d MiB in %.2f s = %.0f MiB/s\n' "$size_mib" "$(echo "$t2-$t1" | bc)" "$(echo "$size_mib/($t2-$t1)" | bc -l)"
printf 'download-worker peak RSS: %s MiB\n' "$(( $(awk '/VmHWM/ {print $2}' /proc/"$(cat .cloudget/pids/download-worker.pid)"/status) / 1024 ))"
