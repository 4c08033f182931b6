#!/usr/bin/env bash
# Client fetch: a stored file from its entry address, against the same bytes straight from the S3 server and from
# nginx. nginx serves SIZE_MIB of random bytes on loopback; cloudget ingests it once (submit → COMPLETED) and the
# same file is PUT into the S3 server as a plain object. Then for each of RUNS runs, each tool writing a file in one
# scratch dir (both tools pay for the disk alike):
#   cloudget curl:    curl the task's entryUrl (a capability URL, no header; -L follows redirect mode's 302)
#   cloudget aria2c:  aria2c -x16 -s16 of the same URL to disk
#   S3 curl / aria2c: the same two against a presigned GET of the plain object (the store's own speed)
#   nginx curl / aria2c: the same two against nginx serving the file
# Prints every run, the medians in MiB/s and, last, the ratios the hot-paths issue sets targets for: cloudget curl /
# S3 curl (redirect mode ≥ 0.9, proxy mode ≥ 0.6) and cloudget aria2c / cloudget curl (≥ 1), beside the same
# aria2c / curl ratio against S3 and nginx (on loopback aria2c's own cost decides it). The serving mode is
# whatever the running system uses: CLOUDGET_STORAGE_SERVING=redirect|proxy ./cloudget up.
# Usage: CLOUDGET_ALLOWLIST=127.0.0.0/8 ./cloudget up; bench/fetch.sh [RUNS=5] [SIZE_MIB=512]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bench/lib.sh
runs=${1:-5}
size_mib=${2:-512}
need_tools nginx aria2c curl python3 bc
need_gateway

dir=$(mktemp -d /tmp/cloudget-bench-fetch.XXXXXX)
chmod 755 "$dir"
cleanup() {
  stop_nginx
  s3 -X DELETE "$s3_endpoint/cloudget/bench-fetch/plain.bin" -o /dev/null 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$dir/www" "$dir/disk"
head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$dir/www/fetch-$$.bin"
chmod 644 "$dir/www/fetch-$$.bin"
expected=$(sha256sum "$dir/www/fetch-$$.bin" | cut -d' ' -f1)
start_nginx "$dir" "fetch-$$.bin"

token=$(./cloudget token bench-fetch)
auth=(-H "Authorization: Bearer $token")
id=$(api -H 'Content-Type: application/json' -d "{\"source\":\"http://127.0.0.1:$port/fetch-$$.bin\"}" \
  "$gateway/api/v1/tasks" | json 'd["id"]')
entry_url=$(await_task "$id" | json 'd["files"][0]["entryUrl"]')
s3 -T "$dir/www/fetch-$$.bin" "$s3_endpoint/cloudget/bench-fetch/plain.bin" -o /dev/null
# a presigned GET of the plain object, as a client holding one would use it (the store's own speed, no signing cost)
s3_url=$(python3 - "$s3_endpoint" "${s3_user%%:*}" "${s3_user#*:}" <<'PY'
import datetime, hashlib, hmac, sys, urllib.parse
endpoint, key, secret = sys.argv[1:4]
host = urllib.parse.urlparse(endpoint).netloc
now = datetime.datetime.now(datetime.timezone.utc)
date, stamp = now.strftime('%Y%m%d'), now.strftime('%Y%m%dT%H%M%SZ')
scope = f'{date}/us-east-1/s3/aws4_request'
query = urllib.parse.urlencode(sorted({'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Credential': f'{key}/{scope}',
    'X-Amz-Date': stamp, 'X-Amz-Expires': '3600', 'X-Amz-SignedHeaders': 'host'}.items()), quote_via=urllib.parse.quote)
path = '/cloudget/bench-fetch/plain.bin'
request = '\n'.join(['GET', path, query, f'host:{host}\n', 'host', 'UNSIGNED-PAYLOAD'])
to_sign = '\n'.join(['AWS4-HMAC-SHA256', stamp, scope, hashlib.sha256(request.encode()).hexdigest()])
k = ('AWS4' + secret).encode()
for part in (date, 'us-east-1', 's3', 'aws4_request'):
    k = hmac.new(k, part.encode(), hashlib.sha256).digest()
print(f'{endpoint}{path}?{query}&X-Amz-Signature=' + hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest())
PY
)

with_curl() { # url → $elapsed: one stream to a file on disk; the bytes are checked before the runs, not during them
  local t0
  rm -f "$dir/disk/"*
  sync # no run starts while the page cache still writes back an earlier one's file
  t0=$(now)
  curl -sS --fail -L -o "$dir/disk/got.bin" "$1"
  elapsed=$(echo "$(now) - $t0" | bc)
}
with_aria2c() { # url → $elapsed: 16 connections to a file on disk
  local t0
  rm -f "$dir/disk/"*
  sync
  t0=$(now)
  aria2c --no-conf=true -x16 -s16 --min-split-size=1M --file-allocation=none --allow-overwrite=true \
    --summary-interval=0 --console-log-level=warn -d "$dir/disk" -o got.bin "$1" >/dev/null
  elapsed=$(echo "$(now) - $t0" | bc)
}
[ "$(curl -sS --fail -L "$entry_url" | sha256sum | cut -d' ' -f1)" = "$expected" ] || { echo "entry address served other bytes" >&2; exit 1; }
with_aria2c "$entry_url"
[ "$(sha256sum "$dir/disk/got.bin" | cut -d' ' -f1)" = "$expected" ] || { echo "aria2c got other bytes" >&2; exit 1; }
[ "$(curl -sS --fail "$s3_url" | sha256sum | cut -d' ' -f1)" = "$expected" ] || { echo "the S3 GET served other bytes" >&2; exit 1; }

echo "client fetch of $size_mib MiB, serving mode: $(curl -s -o /dev/null -w '%{http_code}' "$entry_url" | sed 's/302/redirect/; s/200/proxy/'), $runs runs" >&2
run_one() {
  case $1 in
    "cloudget curl") with_curl "$entry_url" ;;
    "cloudget aria2c") with_aria2c "$entry_url" ;;
    "S3 curl") with_curl "$s3_url" ;;
    "S3 aria2c") with_aria2c "$s3_url" ;;
    "nginx curl") with_curl "http://127.0.0.1:$port/fetch-$$.bin" ;;
    "nginx aria2c") with_aria2c "http://127.0.0.1:$port/fetch-$$.bin" ;;
  esac
}
compare_rates "cloudget curl" "cloudget aria2c" "S3 curl" "S3 aria2c" "nginx curl" "nginx aria2c"
ratio() { echo "${mib[$1]} / ${mib[$2]}" | bc -l; }
printf 'aria2c -x16 / curl: cloudget %.2f, S3 %.2f, nginx %.2f\n' "$(ratio "cloudget aria2c" "cloudget curl")" \
  "$(ratio "S3 aria2c" "S3 curl")" "$(ratio "nginx aria2c" "nginx curl")"
printf 'ratio cloudget curl / S3 curl: %.2f\n' "$(ratio "cloudget curl" "S3 curl")"
