#!/usr/bin/env bash
# Compares a BitTorrent download through cloudget with aria2c on one local swarm. Makes a SIZE_MIB payload of 3 random
# files, an opentracker and 3 aria2c seeders on loopback, then for each of RUNS runs times
#   cloudget: upload the .torrent (POST /api/v1/torrents), submit {seedId} (POST /api/v1/tasks), poll until COMPLETED
#             (files' SHA-256 checked against the payload);
#   aria2c:   a leecher with a user's flags (--seed-time=0 --enable-dht=false --bt-enable-lpd=false) into a temp dir.
# Every download gets a torrent of its own (the same bytes under another name, so another info-hash): content cloudget
# stored in an earlier run cannot answer, and neither tool is helped by the other. Prints every run, the medians and,
# last, the ratio cloudget/aria2c of the median times. Stops what it started (by PID) on exit.
# Usage (the worker must be allowed to reach loopback peers):
#   CLOUDGET_ALLOWLIST=127.0.0.0/8 ./cloudget up
#   bench/bt.sh [RUNS=3] [SIZE_MIB=200]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bench/lib.sh
runs=${1:-3}
size_mib=${2:-200}
need_tools aria2c opentracker mktorrent python3 curl bc
need_gateway

dir=$(mktemp -d /tmp/cloudget-bench-bt.XXXXXX)
chmod 755 "$dir"
pids=()
leecher=
cleanup() {
  local pid
  [ -n "${leecher:-}" ] && pids+=("$leecher")
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$dir/payload/sub" "$dir/seed" "$dir/torrents" "$dir/tracker" "$dir/logs"


# payload: 3 files, ~50/30/20 %, sizes off every piece boundary
total=$((size_mib * 1024 * 1024))
sizes=($((total / 2 + 12345)) $((total * 3 / 10 - 6789)) $((total - total / 2 - 12345 - total * 3 / 10 + 6789)))
names=(a.bin sub/b.bin c.bin)
for i in 0 1 2; do head -c "${sizes[$i]}" /dev/urandom >"$dir/payload/${names[$i]}"; done
expected=$(cd "$dir/payload" && sha256sum "${names[@]}" | cut -d' ' -f1 | sort | tr '\n' ' ')
piece_exp=15
while [ $piece_exp -lt 22 ] && [ $((total >> piece_exp)) -gt 1500 ]; do piece_exp=$((piece_exp + 1)); done

tracker_port=$(free_port)
announce="http://127.0.0.1:$tracker_port/announce"
# one torrent per download: hard links of the payload under a new name (no copy), so a new info-hash
declare -A hash_of
for r in $(seq 1 "$runs"); do
  for tool in cloudget aria2c; do
    name="bench-$tool-$r"
    cp -al "$dir/payload" "$dir/seed/$name"
    mktorrent -d -l "$piece_exp" -a "$announce" -o "$dir/torrents/$name.torrent" "$dir/seed/$name" >/dev/null
    hash_of[$name]=$(aria2c -S "$dir/torrents/$name.torrent" | sed -n 's/^Info Hash: //p')
    echo "${hash_of[$name]}" >>"$dir/tracker/whitelist.txt"
  done
done
chmod 644 "$dir/tracker/whitelist.txt"

# Debian's opentracker is whitelist-only; as root it chroots to -d (then drops to nobody) and reads -w inside it
if [ "$(id -u)" = 0 ]; then
  opentracker -i 127.0.0.1 -p "$tracker_port" -P "$tracker_port" -d "$dir/tracker" -w /whitelist.txt >"$dir/logs/tracker.log" 2>&1 &
else
  opentracker -i 127.0.0.1 -p "$tracker_port" -P "$tracker_port" -w "$dir/tracker/whitelist.txt" >"$dir/logs/tracker.log" 2>&1 &
fi
pids+=($!)
for s in 1 2 3; do
  # seed every torrent forever (--seed-ratio=0.0); the files were just written, no need to hash them again
  aria2c --no-conf=true --bt-seed-unverified=true --seed-ratio=0.0 --max-concurrent-downloads=$((2 * runs + 1)) \
    --enable-dht=false --enable-dht6=false --bt-enable-lpd=false --enable-peer-exchange=false --disable-ipv6=true \
    --listen-port="$(free_port)" --interface=127.0.0.1 --bt-external-ip=127.0.0.1 \
    --dir="$dir/seed" --summary-interval=0 --console-log-level=warn "$dir"/torrents/*.torrent \
    >"$dir/logs/seeder-$s.log" 2>&1 &
  pids+=($!)
done

seeders_on_tracker() { # info-hash → how many complete peers the tracker lists
  curl -s "http://127.0.0.1:$tracker_port/scrape?info_hash=$(sed 's/../%&/g' <<<"$1")" \
    | LC_ALL=C grep -a -o '8:completei[0-9]*' | sed 's/.*i//' || true
}
echo "payload $size_mib MiB in 3 files, pieces of $((1 << piece_exp >> 10)) KiB; waiting for 3 seeders of $((2 * runs)) torrents…" >&2
for name in "${!hash_of[@]}"; do
  for _ in $(seq 1 120); do
    [ "$(seeders_on_tracker "${hash_of[$name]}")" = 3 ] && break
    sleep 0.5
  done
  [ "$(seeders_on_tracker "${hash_of[$name]}")" = 3 ] \
    || { echo "seeders of $name never reached the tracker; logs:" >&2; tail -n 5 "$dir"/logs/*.log >&2; exit 1; }
done

token=$(./cloudget token bench-bt)
auth=(-H "Authorization: Bearer $token")


elapsed=
run_cloudget() { # torrent name → $elapsed: seconds from upload to COMPLETED
  local t0 seed_id id task t1
  t0=$(now)
  seed_id=$(api -H 'Content-Type: application/x-bittorrent' --data-binary "@$dir/torrents/$1.torrent" \
    "$gateway/api/v1/torrents" | json 'd["seedId"]')
  id=$(api -H 'Content-Type: application/json' -d "{\"seedId\":\"$seed_id\"}" "$gateway/api/v1/tasks" \
    | json 'd["id"]')
  task=$(await_task "$id")
  t1=$(now)
  [ "$(json '" ".join(sorted(f["sha256"] for f in d["files"])) + " "' <<<"$task")" = "$expected" ] \
    || { echo "cloudget stored other bytes for $1: $task" >&2; return 1; }
  elapsed=$(echo "$t1 - $t0" | bc)
}

run_aria2c() { # torrent name → $elapsed: seconds until the leecher has every file
  local into="$dir/leech-$1" t0 t1
  t0=$(now)
  aria2c --no-conf=true --seed-time=0 --enable-dht=false --bt-enable-lpd=false --dir="$into" \
    --summary-interval=0 --console-log-level=warn "$dir/torrents/$1.torrent" >"$dir/logs/leecher-$1.log" 2>&1 &
  leecher=$!
  wait "$leecher" || { echo "aria2c leecher of $1 failed:" >&2; tail -n 20 "$dir/logs/leecher-$1.log" >&2; return 1; }
  leecher=
  t1=$(now)
  [ "$(cd "$into/$1" && sha256sum "${names[@]}" | cut -d' ' -f1 | sort | tr '\n' ' ')" = "$expected" ] \
    || { echo "aria2c got other bytes for $1" >&2; return 1; }
  rm -rf "$into"
  elapsed=$(echo "$t1 - $t0" | bc)
}


cloudget_times=()
aria2c_times=()
for r in $(seq 1 "$runs"); do
  # alternate who goes first, so neither always meets a warmer machine
  if [ $((r % 2)) = 1 ]; then
    run_cloudget "bench-cloudget-$r"; c=$elapsed
    run_aria2c "bench-aria2c-$r"; a=$elapsed
  else
    run_aria2c "bench-aria2c-$r"; a=$elapsed
    run_cloudget "bench-cloudget-$r"; c=$elapsed
  fi
  cloudget_times+=("$c")
  aria2c_times+=("$a")
  printf 'run %d/%d: cloudget %6.2f s (%5.1f MiB/s)   aria2c %6.2f s (%5.1f MiB/s)\n' "$r" "$runs" \
    "$c" "$(rate "$c")" "$a" "$(rate "$a")"
done
cm=$(median "${cloudget_times[@]}")
am=$(median "${aria2c_times[@]}")
printf 'median of %d runs, %d MiB: cloudget %.2f s (%.1f MiB/s)   aria2c %.2f s (%.1f MiB/s)\n' "$runs" "$size_mib" \
  "$cm" "$(rate "$cm")" "$am" "$(rate "$am")"
printf 'ratio cloudget/aria2c (median time): %.2f\n' "$(echo "$cm / $am" | bc -l)"
