#!/usr/bin/env bash
# Measures the local start: wall time of `./cloudget up --no-build` (jars already built) until every service is
# ready, then the RSS of each process; stops everything again. Usage: bench/local-start.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./cloudget down >/dev/null 2>&1 || true
trap './cloudget down >/dev/null 2>&1' EXIT
start=$(date +%s.%N)
./cloudget up --no-build >/tmp/cloudget-bench-up.log 2>&1 || { cat /tmp/cloudget-bench-up.log; exit 1; }
end=$(date +%s.%N)
printf 'local start (up --no-build, until all ready): %.1f s\n' "$(echo "$end - $start" | bc)"
printf '%-28s %10s %10s\n' process rss_mib peak_mib
for f in .cloudget/pids/*.pid; do
  pid=$(cat "$f")
  rss=$(awk '/VmRSS/ {print $2}' /proc/"$pid"/status)
  hwm=$(awk '/VmHWM/ {print $2}' /proc/"$pid"/status)
  printf '%-28s %10.0f %10.0f\n' "$(basename "$f" .pid)" "$(echo "$rss/1024" | bc -l)" "$(echo "$hwm/1024" | bc -l)"
done
