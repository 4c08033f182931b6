#!/usr/bin/env bash
# The HTTP engine: the worker's fetch of one file from nginx on loopback against aria2c's, side by side.
# nginx serves SIZE_MIB of random bytes twice: (a) as fast as it can, (b) under /slow/ with limit_rate 8m per
# connection (a server that throttles each connection, where segmenting matters). For each of RUNS runs:
#   engine:   the worker's HTTP engine alone (FetchToFile, from the worker's jar, its default limits: up to 16
#             connections) into a local file, as aria2c does, in one JVM that stays up between runs as a running
#             worker does (warmed up by the warm-up round) — the comparison the target is set on;
#   cold:     the same in a JVM started for the run (startup and JIT compilation included), for information;
#   cloudget: submit the URL through the gateway, poll until COMPLETED: the whole ingest (fetched, hashed and stored
#             in S3; SHA-256 checked), for information;
#   aria2c:   aria2c -x16 -s16 into a local file.
# Each run asks for its own URL, so nothing is answered from an earlier run. Prints every run, the medians, the
# connections each client opened for its last run (nginx's log) and, last, the ratios to aria2c of the median
# times for (a) and (b) (target for the engine ≤ 1.1 for both). The engine hashes every byte as the worker does
# (SHA-256, eD2k MD4, CRC-32); aria2c hashes nothing. cloudget's connections per job:
# WORKER_CONNECTIONS_PER_JOB at ./cloudget up (16 by default). Stops what it started (by PID) on exit.
# Usage: CLOUDGET_ALLOWLIST=127.0.0.0/8 ./cloudget up; bench/engine.sh [RUNS=3] [SIZE_MIB=1024]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bench/lib.sh
runs=${1:-3}
size_mib=${2:-1024}
need_tools nginx aria2c curl python3 bc
need_gateway

dir=$(mktemp -d /tmp/cloudget-bench-engine.XXXXXX)
chmod 755 "$dir"
cleanup() {
  stop_nginx
  [ -n "${ENGINE_PID:-}" ] && kill "$ENGINE_PID" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$dir/www" "$dir/disk"
head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$dir/www/payload.bin"
chmod 644 "$dir/www/payload.bin"
expected=$(sha256sum "$dir/www/payload.bin" | cut -d' ' -f1)
for r in $(seq 0 "$runs"); do
  ln -s payload.bin "$dir/www/cloudget-$$-$r.bin"; ln -s payload.bin "$dir/www/aria2c-$r.bin"; ln -s payload.bin "$dir/www/engine-$r.bin"
  ln -s payload.bin "$dir/www/cold-$r.bin"
done
start_nginx "$dir" "payload.bin"
cat "$dir/www/payload.bin" >/dev/null

token=$(./cloudget token bench-engine)
auth=(-H "Authorization: Bearer $token")

run_cloudget() { ingest_via_cloudget "http://127.0.0.1:$port$1" "$expected"; } # path → $elapsed
worker_jar=$(ls download-worker/target/download-worker-*.jar | head -n 1)
run_engine() { # path → $elapsed: the worker's HTTP engine into a local file
  local t0 got
  rm -f "$dir/disk/"*
  sync
  t0=$(now)
  got=$("$JAVA_HOME/bin/java" -cp "$worker_jar" -Dloader.main=dev.cloudget.worker.engine.FetchToFile \
    org.springframework.boot.loader.launch.PropertiesLauncher "http://127.0.0.1:$port$1" "$dir/disk/got.bin" \
    "127.0.0.1:$port")
  elapsed=$(echo "$(now) - $t0" | bc)
  [ "${got%% *}" = "$expected" ] || { echo "the engine got other bytes: $got" >&2; return 1; }
}
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
# the warm engine: one JVM for the whole bench, fed "URL FILE" lines, answering "SHA-256 SIZE" per line
coproc ENGINE { exec "$JAVA_HOME/bin/java" -cp "$worker_jar" -Dloader.main=dev.cloudget.worker.engine.FetchToFile \
  org.springframework.boot.loader.launch.PropertiesLauncher --stdin "$dir/disk" "127.0.0.1:$port"; }
run_engine_warm() { # path → $elapsed: the engine, warm, into a local file
  local t0 got
  rm -f "$dir/disk/"*
  sync
  t0=$(now)
  echo "http://127.0.0.1:$port$1 $dir/disk/got.bin" >&"${ENGINE[1]}"
  read -r got <&"${ENGINE[0]}"
  elapsed=$(echo "$(now) - $t0" | bc)
  [ "${got%% *}" = "$expected" ] || { echo "the engine got other bytes: $got" >&2; return 1; }
}
run_aria2c() { # path → $elapsed: aria2c -x16 -s16 to disk
  local t0
  rm -f "$dir/disk/"*
  sync
  t0=$(now)
  aria2c --no-conf=true -x16 -s16 --file-allocation=none --allow-overwrite=true --summary-interval=0 \
    --console-log-level=warn -d "$dir/disk" -o got.bin "http://127.0.0.1:$port$1" >/dev/null
  elapsed=$(echo "$(now) - $t0" | bc)
  [ "$(sha256sum "$dir/disk/got.bin" | cut -d' ' -f1)" = "$expected" ] || { echo "aria2c got other bytes" >&2; return 1; }
}

ratios=()
engine_ratios=()
cold_ratios=()
for mode in a b; do
  prefix=/; label="(a) unthrottled"
  [ $mode = b ] && { prefix=/slow/; label="(b) limit_rate 8m per connection"; }
  cloudget_times=(); aria2c_times=(); engine_times=(); cold_times=()
  echo "$label: $size_mib MiB from nginx on 127.0.0.1:$port, $runs runs each after a warm-up round" >&2
  run_engine_warm "${prefix}engine-0.bin"; run_engine_warm "${prefix}engine-0.bin"
  run_engine "${prefix}cold-0.bin"; run_cloudget "${prefix}cloudget-$$-0.bin"; run_aria2c "${prefix}aria2c-0.bin"
  for r in $(seq 1 "$runs"); do
    # each run a new link for cloudget (no dedup); the warm-up's links are not reused
    ln -sf payload.bin "$dir/www/cloudget-$$-$mode$r.bin"
    if [ $((r % 2)) = 1 ]; then
      run_engine_warm "${prefix}engine-$r.bin"; e=$elapsed; run_aria2c "${prefix}aria2c-$r.bin"; a=$elapsed
      run_engine "${prefix}cold-$r.bin"; k=$elapsed; run_cloudget "${prefix}cloudget-$$-$mode$r.bin"; c=$elapsed
    else
      run_aria2c "${prefix}aria2c-$r.bin"; a=$elapsed; run_engine_warm "${prefix}engine-$r.bin"; e=$elapsed
      run_cloudget "${prefix}cloudget-$$-$mode$r.bin"; c=$elapsed; run_engine "${prefix}cold-$r.bin"; k=$elapsed
    fi
    engine_times+=("$e"); cold_times+=("$k"); cloudget_times+=("$c"); aria2c_times+=("$a")
    printf '%s run %d/%d: engine %6.2f s (%5.1f MiB/s)   aria2c -x16 -s16 %6.2f s (%5.1f MiB/s)   engine cold %6.2f s   cloudget ingest %6.2f s\n' \
      "$mode" "$r" "$runs" "$e" "$(rate "$e")" "$a" "$(rate "$a")" "$k" "$c"
  done
  em=$(median "${engine_times[@]}"); km=$(median "${cold_times[@]}"); cm=$(median "${cloudget_times[@]}")
  am=$(median "${aria2c_times[@]}")
  printf '%s median of %d runs: engine %.2f s (%.1f MiB/s, %d connections)   aria2c %.2f s (%.1f MiB/s, %d connections)   engine cold %.2f s   cloudget ingest %.2f s (%d connections)\n' \
    "$label" "$runs" "$em" "$(rate "$em")" "$(connections_for "$dir" "${prefix}engine-$runs.bin")" \
    "$am" "$(rate "$am")" "$(connections_for "$dir" "${prefix}aria2c-$runs.bin")" "$km" \
    "$cm" "$(connections_for "$dir" "${prefix}cloudget-$$-$mode$runs.bin")"
  engine_ratios+=("$(echo "$em / $am" | bc -l)")
  cold_ratios+=("$(echo "$km / $am" | bc -l)")
  ratios+=("$(echo "$cm / $am" | bc -l)")
done
printf 'ratio cloudget ingest/aria2c (median time, for information): (a) %.2f   (b) %.2f\n' "${ratios[0]}" "${ratios[1]}"
printf 'ratio engine cold/aria2c (a JVM started per run, for information): (a) %.2f   (b) %.2f\n' "${cold_ratios[0]}" "${cold_ratios[1]}"
printf 'ratio engine/aria2c (median time, target ≤ 1.1): (a) %.2f   (b) %.2f\n' "${engine_ratios[0]}" "${engine_ratios[1]}"
