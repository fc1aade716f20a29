#!/usr/bin/env bash
# Kith benchmarks (KithBench*.java, compiled here with javac) against the packaged jar on a fresh data directory.
#   auth:  cold start, warm start, then password / refresh / health throughput
#   graph: bulk create N profile objects, then permission-checked reads, cascade reads, first pages
#
# Usage: bash bench/run.sh auth  [seconds-per-measurement] [concurrency] [warmup-seconds]
#        bash bench/run.sh graph [seconds-per-measurement] [concurrency] [warmup-seconds] [objects]
#   defaults: 30 s, 4 concurrent clients, 5 s warm-up, 10000 objects
# Environment: KITH_JAR (default api/target/kith.jar), JAVA_OPTS (extra JVM options for the server),
#   KITH_BENCH_PHASE_HOOK (a program run with start|stop and the workload name around each measurement;
#   it sees the server's process id in KITH_BENCH_SERVER_PID: bench/profile.sh uses it).
#   graph mode: KITH_BENCH_USERS seeds that many users (in groups of 100) into the database between the cold and
#   the warm start (bench/GraphSeed.java); KITH_BENCH_OWNERS people bulk-create the objects between them (default
#   1); KITH_BENCH_SHARES objects are shared with the viewer and seeded users and groups (default 1000, if seeded);
#   KITH_BENCH_LOADERS bulk-create clients (default 1). bench/graph-1m.sh runs the issue-25 size.
# The req/cpu-s column is successful requests per CPU second the server process used in the window
# (user + system, from /proc/PID/stat): the figure to compare with other servers, since the load
# generator shares the machine.
#
# Everything runs on this machine, so the load generator competes with the server for CPU; compare
# numbers only between runs on the same machine. Exits non-zero if any measured request failed.
set -euo pipefail

MODE=${1:-auth}
[[ $MODE == auth || $MODE == graph ]] || { echo "usage: bash bench/run.sh auth|graph [seconds] [concurrency] [warmup] [objects]" >&2; exit 2; }
MEASURE_SECONDS=${2:-30}
CONCURRENCY=${3:-4}
WARMUP_SECONDS=${4:-5}
OBJECTS=${5:-10000}
STARTUP_LIMIT=120   # seconds to wait for /actuator/health to report UP
SHUTDOWN_LIMIT=60   # graceful shutdown allows 20 s per phase; SIGKILL only past this

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAR=${KITH_JAR:-$HERE/../api/target/kith.jar}
[[ -f $JAR ]] || { echo "no server jar at $JAR (build it first)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is required" >&2; exit 2; }

WORK=$(mktemp -d -t kith-bench.XXXXXX)
DATA=$WORK/data
SERVER_PID=""

# Ask the kernel for a free port instead of hoping a fixed one is unused.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
PORT=$(free_port)
BASE=http://127.0.0.1:$PORT

stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local waited=0
    while kill -0 "$SERVER_PID" 2>/dev/null && (( waited < SHUTDOWN_LIMIT * 10 )); do
      sleep 0.1; waited=$((waited + 1))
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "server $SERVER_PID ignored SIGTERM for ${SHUTDOWN_LIMIT}s; killing it" >&2
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

cleanup() {
  local rc=$?
  stop_server
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now() { date +%s.%N; }

# Run from a private copy: a concurrent rebuild rewriting the jar under a running JVM makes it fail
# with ClassNotFoundException midway. The copy is checked so a half-written jar is caught up front.
cp "$JAR" "$WORK/kith.jar"
if ! python3 -c 'import sys, zipfile; sys.exit(zipfile.ZipFile(sys.argv[1]).testzip() is not None)' \
    "$WORK/kith.jar" 2>/dev/null; then
  echo "$JAR is not a complete jar (being rebuilt?); try again when the build is done" >&2; exit 2
fi
JAR_INFO="$JAR ($(stat -c '%s bytes, modified %y' "$JAR"))"
JAR=$WORK/kith.jar

# KithBench is several source files, which java's single-file source launcher cannot run: compile them first
# (before the server starts, so a compile error costs nothing).
javac -d "$WORK/bench-classes" "$HERE"/KithBench*.java

# Starts the server on $DATA and waits until it reports UP; sets STARTUP to the seconds from launch
# to UP. Not called in $(...): the subshell would lose SERVER_PID and orphan the server.
# $1 names the log file, kept under $WORK so a failure can show its tail.
start_and_time() {
  local log=$WORK/$1.log
  local t0; t0=$(now)
  # shellcheck disable=SC2086  # JAVA_OPTS is meant to split into separate options
  java ${JAVA_OPTS:-} -jar "$JAR" --kith.data-dir="$DATA" --server.port="$PORT" >"$log" 2>&1 &
  SERVER_PID=$!
  local deadline; deadline=$(awk -v t="$t0" -v l="$STARTUP_LIMIT" 'BEGIN { printf "%.3f", t + l }')
  while true; do
    if curl -fsS --max-time 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then
      STARTUP=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "server exited during startup; last log lines:" >&2; tail -n 30 "$log" >&2; return 1
    fi
    if awk -v d="$deadline" -v n="$(now)" 'BEGIN { exit !(n > d) }'; then
      echo "server not UP within ${STARTUP_LIMIT}s; last log lines:" >&2; tail -n 30 "$log" >&2; return 1
    fi
    sleep 0.1
  done
}

# Spring's own figure, which excludes JVM launch and the health round trip.
spring_started() {
  grep -o 'Started KithApplication in [0-9.]* seconds' "$WORK/$1.log" | grep -o '[0-9.]*' | head -n 1 || true
}

echo "== Kith $MODE benchmark: port $PORT, data dir $DATA"
echo "== cold start (empty data dir)"
start_and_time cold
COLD=$STARTUP
COLD_SPRING=$(spring_started cold)
echo "cold start: ${COLD}s to UP (Spring: ${COLD_SPRING:-?}s)"
stop_server

SEEDED=""
if [[ $MODE == graph && ${KITH_BENCH_USERS:-0} -gt 0 ]]; then
  echo "== seeding ${KITH_BENCH_USERS} users into the stopped server's database"
  (cd "$WORK" && python3 -c 'import zipfile; z=zipfile.ZipFile("kith.jar"); [z.extract(n, "x") for n in z.namelist() if n.startswith("BOOT-INF/lib/") and n.endswith(".jar")]')
  javac -cp "$WORK/x/BOOT-INF/lib/*" -d "$WORK/seed-classes" "$HERE/GraphSeed.java"
  SEEDED=$WORK/seeded.txt
  java -cp "$WORK/seed-classes:$WORK/x/BOOT-INF/lib/*" GraphSeed "$DATA" "$KITH_BENCH_USERS" "$SEEDED"
fi

echo "== warm start (same data dir)"
start_and_time warm
WARM=$STARTUP
WARM_SPRING=$(spring_started warm)
echo "warm start: ${WARM}s to UP (Spring: ${WARM_SPRING:-?}s)"

echo "== load: ${MEASURE_SECONDS}s per measurement, ${WARMUP_SECONDS}s warm-up, concurrency $CONCURRENCY"
BENCH_RC=0
KITH_BENCH_SEEDED=$SEEDED KITH_BENCH_SERVER_PID=$SERVER_PID java -cp "$WORK/bench-classes" KithBench "$MODE" "$BASE" "$DATA" "$MEASURE_SECONDS" "$CONCURRENCY" "$WARMUP_SECONDS" \
  "$OBJECTS" | tee "$WORK/bench.out" || BENCH_RC=$?
stop_server

echo
echo "================ summary ================"
echo "machine:     $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
echo "java:        $(java -version 2>&1 | head -n 1)"
echo "jar:         $JAR_INFO"
echo "cold start:  ${COLD} s launch->UP (Spring reported ${COLD_SPRING:-?} s)"
echo "warm start:  ${WARM} s launch->UP (Spring reported ${WARM_SPRING:-?} s)"
echo "load:        ${MEASURE_SECONDS} s each after ${WARMUP_SECONDS} s warm-up, ${CONCURRENCY} clients, same machine"
grep -E '^(bulk create|permission-checked|seeded|[0-9]+ users and)' "$WORK/bench.out" || true
# The table KithBench prints last: header line plus one row per workload.
sed -n '/^workload /,$p' "$WORK/bench.out"
echo "========================================="
exit "$BENCH_RC"
