#!/usr/bin/env bash
# The download client's get against the tools a user would otherwise take to the same entry address. nginx serves
# SIZE_MIB of random bytes on loopback; cloudget ingests it once (submit → COMPLETED). Then for each of RUNS runs,
# each writing the file to one scratch dir (all pay for the disk alike):
#   cloudget-client:  ./cloudget-client get -c 8 (segmented Range requests, ledger, SHA-256 check, atomic rename, report)
#   aria2c -x8:       aria2c -x8 -s8 of the task's entryUrl
#   curl:             one stream of the entryUrl
# Prints every run, the medians in MiB/s and, last, the ratio cloudget-client / aria2c -x8 (the client's own cost:
# its segment ledger, the capped socket receive buffers and the final SHA-256 read of the file).
# Usage: CLOUDGET_ALLOWLIST=127.0.0.0/8 ./cloudget up; bench/client.sh [RUNS=5] [SIZE_MIB=512]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bench/lib.sh
runs=${1:-5}
size_mib=${2:-512}
need_tools nginx aria2c curl python3 bc
need_gateway

dir=$(mktemp -d /tmp/cloudget-bench-client.XXXXXX)
chmod 755 "$dir"
cleanup() {
  stop_nginx
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$dir/www" "$dir/disk" "$dir/config"
head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$dir/www/client-$$.bin"
chmod 644 "$dir/www/client-$$.bin"
expected=$(sha256sum "$dir/www/client-$$.bin" | cut -d' ' -f1)
start_nginx "$dir" "client-$$.bin"

token=$(./cloudget token bench-client)
auth=(-H "Authorization: Bearer $token")
id=$(api -H 'Content-Type: application/json' -d "{\"source\":\"http://127.0.0.1:$port/client-$$.bin\"}" \
  "$gateway/api/v1/tasks" | json 'd["id"]')
entry_url=$(await_task "$id" | json 'd["files"][0]["entryUrl"]')
client=(env XDG_CONFIG_HOME="$dir/config" CLOUDGET_TOKEN="$token" CLOUDGET_GATEWAY="$gateway" ./cloudget-client)

timed() { # command... → $elapsed, the scratch dir emptied first
  local t0
  rm -rf "${dir:?}/disk/"*
  sync # no run starts while the page cache still writes back an earlier one's file
  t0=$(now)
  "$@"
  elapsed=$(echo "$(now) - $t0" | bc)
}
with_client() { "${client[@]}" get "$id" -c 8 -o "$dir/disk" --no-report >/dev/null; }
with_aria2c() {
  aria2c --no-conf=true -x8 -s8 --min-split-size=1M --file-allocation=none --allow-overwrite=true \
    --summary-interval=0 --console-log-level=warn -d "$dir/disk" -o "client-$$.bin" "$entry_url" >/dev/null
}
with_curl() { curl -sS --fail -o "$dir/disk/client-$$.bin" "$entry_url"; }

for tool in with_client with_aria2c with_curl; do # each once, checked, before the timed runs
  timed $tool
  [ "$(sha256sum "$dir/disk/client-$$.bin" | cut -d' ' -f1)" = "$expected" ] || { echo "$tool got other bytes" >&2; exit 1; }
done

echo "client get of $size_mib MiB from an entry address, $runs runs" >&2
run_one() {
  case $1 in
    "cloudget-client") timed with_client ;;
    "aria2c -x8") timed with_aria2c ;;
    "curl") timed with_curl ;;
  esac
}
compare_rates "cloudget-client" "aria2c -x8" "curl"
printf 'ratio cloudget-client / aria2c -x8: %.2f\n' "$(echo "${mib[cloudget-client]} / ${mib[aria2c -x8]}" | bc -l)"
