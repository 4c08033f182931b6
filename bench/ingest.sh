#!/usr/bin/env bash
# Ingest: an origin's file into the cloud, cloudget against what a user would do by hand with tools nobody here
# wrote. nginx serves SIZE_MIB of random bytes on loopback; for each of RUNS runs (alternating who goes first):
#   cloudget: submit the URL through the gateway, poll until COMPLETED (SHA-256 checked);
#   by hand:  aria2c -x16 -s16 to local disk, then one S3 PUT of the file (curl --aws-sigv4) into the same S3
#             server cloudget stores in.
# Each run asks for its own URL (a link to the same bytes), so no run is answered from an earlier one's dedup
# (storage then drops the duplicate upload: the upload is still made in full). A first round of both, not counted,
# warms the JVMs (the worker's and the S3 server's) and the page cache. Prints every run, the medians and,
# last, the ratio cloudget/by-hand of the median times (target ≤ 0.8). Stops what it started (by PID) on exit.
# Usage: CLOUDGET_ALLOWLIST=127.0.0.0/8 ./cloudget up; bench/ingest.sh [RUNS=5] [SIZE_MIB=1024]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bench/lib.sh
runs=${1:-5}
size_mib=${2:-1024}
need_tools nginx aria2c curl python3 bc
need_gateway

dir=$(mktemp -d /tmp/cloudget-bench-ingest.XXXXXX)
chmod 755 "$dir"
cleanup() {
  stop_nginx
  s3 -X DELETE "$s3_endpoint/cloudget/bench-ingest/by-hand.bin" -o /dev/null 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$dir/www" "$dir/disk"
head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$dir/www/payload.bin"
chmod 644 "$dir/www/payload.bin"
expected=$(sha256sum "$dir/www/payload.bin" | cut -d' ' -f1)
for r in $(seq 0 "$runs"); do ln -s payload.bin "$dir/www/cloudget-$$-$r.bin"; ln -s payload.bin "$dir/www/by-hand-$r.bin"; done

start_nginx "$dir" "payload.bin"
cat "$dir/www/payload.bin" >/dev/null # the origin serves from the page cache for both

token=$(./cloudget token bench-ingest)
auth=(-H "Authorization: Bearer $token")

run_cloudget() { ingest_via_cloudget "http://127.0.0.1:$port/cloudget-$$-$1.bin" "$expected"; } # run → $elapsed
run_by_hand() { # run → $elapsed: aria2c -x16 -s16 to disk, then one PUT into the S3 server
  local t0
  rm -f "$dir/disk/"*
  sync
  t0=$(now)
  aria2c --no-conf=true -x16 -s16 --file-allocation=none --allow-overwrite=true --summary-interval=0 \
    --console-log-level=warn -d "$dir/disk" -o by-hand.bin "http://127.0.0.1:$port/by-hand-$1.bin" >/dev/null
  s3 -T "$dir/disk/by-hand.bin" "$s3_endpoint/cloudget/bench-ingest/by-hand.bin" -o /dev/null
  elapsed=$(echo "$(now) - $t0" | bc)
  [ "$(sha256sum "$dir/disk/by-hand.bin" | cut -d' ' -f1)" = "$expected" ] || { echo "aria2c got other bytes" >&2; return 1; }
}

cloudget_times=()
by_hand_times=()
echo "ingest of $size_mib MiB from nginx on 127.0.0.1:$port, $runs runs each after a warm-up round" >&2
run_cloudget 0; run_by_hand 0
for r in $(seq 1 "$runs"); do
  if [ $((r % 2)) = 1 ]; then
    run_cloudget "$r"; c=$elapsed; run_by_hand "$r"; h=$elapsed
  else
    run_by_hand "$r"; h=$elapsed; run_cloudget "$r"; c=$elapsed
  fi
  cloudget_times+=("$c")
  by_hand_times+=("$h")
  printf 'run %d/%d: cloudget %6.2f s (%5.1f MiB/s)   aria2c -x16 + S3 PUT %6.2f s (%5.1f MiB/s)\n' "$r" "$runs" \
    "$c" "$(rate "$c")" "$h" "$(rate "$h")"
done
cm=$(median "${cloudget_times[@]}")
hm=$(median "${by_hand_times[@]}")
printf 'median of %d runs, %d MiB: cloudget %.2f s (%.1f MiB/s)   aria2c -x16 + S3 PUT %.2f s (%.1f MiB/s)\n' "$runs" \
  "$size_mib" "$cm" "$(rate "$cm")" "$hm" "$(rate "$hm")"
printf 'ratio cloudget/by-hand (median time): %.2f\n' "$(echo "$cm / $hm" | bc -l)"
