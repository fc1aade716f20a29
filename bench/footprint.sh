#!/usr/bin/env bash
# Kith's footprint, one server at a time: distribution size, cold start (empty data dir) and restart (kept data
# dir) from launch to health UP, then, idle after the restart, CPU per second, threads and resident memory, read
# from /proc. Run it with nothing else busy (other servers, builds): `flock /tmp/kith-bench.lock bash
# bench/footprint.sh [jar] [idle seconds]`. JAVA_OPTS is passed to the JVM.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${1:-$HERE/../api/target/kith.jar}
IDLE=${2:-30}
WORK=$(mktemp -d -t kith-footprint.XXXXXX)
PID=""
trap '[[ -n $PID ]] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
now() { date +%s.%N; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)

# not called in $(...): the subshell would lose PID and orphan the server
start() {
  local t0; t0=$(now)
  # shellcheck disable=SC2086  # JAVA_OPTS is meant to split into separate options
  java ${JAVA_OPTS:-} -jar "$JAR" --kith.data-dir="$WORK/data" --server.port="$PORT" >>"$WORK/server.log" 2>&1 &
  PID=$!
  until curl -fsS --max-time 2 "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    kill -0 "$PID" 2>/dev/null || { tail -n 30 "$WORK/server.log" >&2; exit 1; }
    sleep 0.05
  done
  STARTUP=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
}

stop() {
  kill "$PID"
  wait "$PID" 2>/dev/null || true
  PID=""
}

echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -n 1), JAVA_OPTS=${JAVA_OPTS:-}"
echo "distribution: $(stat -c %s "$JAR" | awk '{ printf "%.1f MB", $1 / 1e6 }') ($JAR)"
start
echo "cold start (empty data dir), launch -> UP: $STARTUP s"
stop
start
echo "restart (kept data dir), launch -> UP: $STARTUP s"
grep -o 'Started KithApplication in [0-9.]* seconds' "$WORK/server.log" | sed 's/^/  spring: /'
sleep 10
c0=$(ticks "$PID")
threadticks() { for t in /proc/"$PID"/task/*; do echo "$(awk '{ print $14 + $15 }' "$t/stat") $(tr ' ' _ <"$t/comm")"; done; }
threadticks >"$WORK/t0"
sleep "$IDLE"
threadticks >"$WORK/t1"
c1=$(ticks "$PID")
awk -v a="$c0" -v b="$c1" -v hz="$HZ" -v s="$IDLE" \
  'BEGIN { printf "idle CPU over %d s: %.1f ms per s\n", s, (b - a) * 1000 / hz / s }'
echo "threads: $(awk '/^Threads:/ { print $2 }' "/proc/$PID/status")"
echo "resident memory: $(awk '/^VmRSS:/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$PID/status")"
echo "busiest threads while idle (CPU ms over the $IDLE s, thread name):"
awk -v hz="$HZ" 'NR == FNR { a[$2] += $1; next } { b[$2] += $1 } END { for (n in b) if (b[n] - a[n] > 0)
  printf "  %6.0f %s\n", (b[n] - a[n]) * 1000 / hz, n }' "$WORK/t0" "$WORK/t1" | sort -rn | head -12
echo "thread names (count):"
for t in /proc/"$PID"/task/*; do cat "$t/comm" 2>/dev/null; done | sed 's/[-#]*[0-9]*$//' | sort | uniq -c | sort -rn | head -25
stop
