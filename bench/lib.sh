# Helpers the benchmarks share; source it from a script that has cd'ed to the repository root.
# Every benchmark runs against the local system (./cloudget up) through its gateway.
gateway=${CLOUDGET_GATEWAY:-http://127.0.0.1:8080}
s3_endpoint=http://127.0.0.1:${S3_PORT:-9000}
# the local run's S3 credentials, which ./cloudget up generated with the installation's other secrets
secrets_file="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.cloudget/secrets/common.env"
if [ -z "${S3_SECRET_KEY:-}" ] && [ -f "$secrets_file" ]; then
  S3_SECRET_KEY=$(. "$secrets_file"; echo "$S3_SECRET_KEY")
fi
s3_user=${S3_ACCESS_KEY:-cloudget}:${S3_SECRET_KEY:?no S3 secret: start the system with ./cloudget up (it generates one) or set S3_SECRET_KEY}

now() { date +%s.%N; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rate() { echo "$size_mib / $1" | bc -l; } # seconds → MiB/s of the script's $size_mib
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }

need_tools() { # tool... → exits with what to install when one is missing
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$0 needs $tool (Debian packages; ./cloudget test installs them as root)" >&2; exit 1; }
  done
}

need_gateway() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$gateway/api/v1/tasks")" = 401 ] \
    || { echo "no cloudget gateway at $gateway: start it with CLOUDGET_ALLOWLIST=127.0.0.0/8 ./cloudget up" >&2; exit 1; }
}

api() { # curl arguments → the answer's body; fails with the body shown when the status is not 2xx. Needs $auth.
  local answer code
  answer=$(curl -sS -w '\n%{http_code}' "${auth[@]}" "$@")
  code=${answer##*$'\n'}
  [ "${code:0:1}" = 2 ] || { echo "cloudget answered $code to ${*: -1}: ${answer%$'\n'*}" >&2; return 1; }
  printf '%s\n' "${answer%$'\n'*}"
}

await_task() { # task id → the task's JSON once it has ended (polled every 50 ms); fails unless COMPLETED
  local task status
  while :; do
    task=$(api "$gateway/api/v1/tasks/$1")
    status=$(json 'd["status"]' <<<"$task")
    case $status in COMPLETED|FAILED|CANCELLED|EXPIRED) break ;; esac
    sleep 0.05
  done
  [ "$status" = COMPLETED ] || { echo "task $1 ended $status: $task" >&2; return 1; }
  printf '%s\n' "$task"
}

elapsed=
ingest_via_cloudget() { # url expected-sha256 → $elapsed: submit → COMPLETED, the stored file's SHA-256 checked. Needs $auth.
  local t0 id task
  sync # no run starts while the page cache still writes back an earlier one's gigabyte
  t0=$(now)
  id=$(api -H 'Content-Type: application/json' -d "{\"source\":\"$1\"}" "$gateway/api/v1/tasks" | json 'd["id"]')
  task=$(await_task "$id")
  elapsed=$(echo "$(now) - $t0" | bc)
  [ "$(json 'd["files"][0]["sha256"]' <<<"$task")" = "$2" ] || { echo "cloudget stored other bytes: $task" >&2; return 1; }
}

s3() { # curl arguments → a SigV4-signed request to the local S3 server (the same one cloudget stores in)
  curl -sS --fail-with-body --aws-sigv4 "aws:amz:us-east-1:s3" --user "$s3_user" \
    -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' "$@"
}

nginx_pid=
start_nginx() { # dir file → nginx (Debian's, one worker) serving dir/www on 127.0.0.1:$port, once file answers;
  # stop it with stop_nginx. Its config, pid and temp files live in dir/nginx. $slow_rate (8m) is /slow/'s limit.
  local dir=$1
  port=$(free_port)
  mkdir -p "$dir/nginx"
  cat >"$dir/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log;
events { worker_connections 1024; }
http {
  # one line per request: the connection it came on (a bench counts the connections a client used), the bytes sent
  log_format connections '\$connection \$request_uri \$body_bytes_sent "\$http_range"';
  access_log $dir/nginx/access.log connections;
  sendfile on;
  client_body_temp_path $dir/nginx; proxy_temp_path $dir/nginx; fastcgi_temp_path $dir/nginx;
  uwsgi_temp_path $dir/nginx; scgi_temp_path $dir/nginx;
  # fresh for an hour (Cache-Control: max-age=3600): a stored link is answered from storage, not revalidated
  expires 1h;
  server {
    listen 127.0.0.1:$port;
    root $dir/www;
    # the same files from a server that throttles each connection (to 8 MiB/s unless told otherwise)
    location /slow/ { alias $dir/www/; limit_rate ${slow_rate:-8m}; }
  }
}
CONF
  nginx -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log" &
  nginx_pid=$!
  for _ in $(seq 1 50); do curl -sf -o /dev/null -r 0-0 "http://127.0.0.1:$port/$2" && return 0; sleep 0.1; done
  echo "nginx did not serve $2 on 127.0.0.1:$port: $(cat "$dir/nginx/error.log")" >&2
  return 1
}
connections_for() { # dir path → how many connections nginx served path on
  awk -v p="$2" '$2 == p {print $1}' "$1/nginx/access.log" | sort -u | wc -l
}
stop_nginx() { [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true; }

declare -A mib=()
compare_rates() { # name… → each name run $runs times in turn through the caller's run_one NAME (which sets $elapsed);
  # prints every run and the medians in MiB/s of $size_mib, and leaves the medians in mib[NAME]
  local r name line
  local -A times=()
  for r in $(seq 1 "$runs"); do
    line="run $r/$runs:"
    for name in "$@"; do
      run_one "$name"
      times[$name]="${times[$name]:-} $elapsed"
      line+=$(printf '  %s %6.0f' "$name" "$(rate "$elapsed")")
    done
    echo "$line MiB/s"
  done
  line="median MiB/s:"
  for name in "$@"; do
    # shellcheck disable=SC2086
    mib[$name]=$(rate "$(median ${times[$name]})")
    line+=$(printf '  %s %6.0f' "$name" "${mib[$name]}")
  done
  echo "$line"
}
