#!/usr/bin/env bash
# Kith against Keycloak, side by side (issue 25): the same Argon2id parameters, refresh-token rotation, ES256, one
# load client (bench/AuthVsKeycloak.java) for both, in alternating rounds; each phase's requests per CPU-second of
# the server process (/proc/<pid>/stat), Kith ÷ Keycloak as the median over rounds. Also: cold start on a fresh
# data dir and restart on kept data (launch -> ready), resident memory and threads after the run, idle CPU over
# 30 s, distribution size. Keycloak is set up by bench/keycloak.sh (fetched once through Maven into bench/.cache).
#
# Usage: bash bench/auth-vs-keycloak.sh [rounds] [seconds-per-phase] [concurrency] [warmup-seconds]
#   defaults: 5 rounds, 20 s per phase and server, 4 clients, 5 s warm-up per phase and server
# Needs the jar: rm -f api/target/kith.jar && flock /tmp/kith-build.lock ./mvnw -B -ntp -o -q -Dexec.skip=true \
#   -DskipFuzz=true -DskipTests package -pl api -am
# Environment: KITH_JAR, KITH_JAVA_HOME (Kith's JVM; default: java on the PATH), JAVA_OPTS (extra options for
# Kith's JVM), KC_JAVA_HOME (Keycloak's JVM, >= 21; default: the newest JDK found), KC_VERSION, KC_CACHE.
# Holds /tmp/kith-bench.lock for the whole run (one bench at a time on this machine; KITH_BENCH_LOCK_HELD=1 when the
# caller holds it already). Loopback only. Exits non-zero
# if any request failed. One run with the defaults takes about 30 minutes.
set -euo pipefail
ROUNDS=${1:-5}
SECONDS_PER_PHASE=${2:-20}
CONCURRENCY=${3:-4}
WARMUP=${4:-5}
IDLE_SECONDS=30
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/keycloak.sh"
JAR_SRC=${KITH_JAR:-$HERE/../api/target/kith.jar}
KITH_JAVA=${KITH_JAVA_HOME:+$KITH_JAVA_HOME/bin/}java
STARTUP_LIMIT=180 SHUTDOWN_LIMIT=60
[[ -f $JAR_SRC ]] || { echo "no server jar at $JAR_SRC (build it first, see the header)" >&2; exit 2; }
for tool in curl python3 unzip flock javac; do
  command -v $tool >/dev/null || { echo "$tool is required" >&2; exit 2; }
done

kc_find_java
kc_fetch   # takes the build lock only if Maven has to run
if [[ ${KITH_BENCH_LOCK_HELD:-} != 1 ]]; then   # set it when the caller holds the lock already
  exec 9>/tmp/kith-bench.lock
  echo "== waiting for /tmp/kith-bench.lock" >&2
  flock -w 3600 9 || { echo "bench lock busy for an hour" >&2; exit 1; }
fi

WORK=$(mktemp -d -t kith-vs-keycloak.XXXXXX)
KITH_PID=""
stop_kith() {
  [[ -n $KITH_PID ]] || return 0
  if kill -0 "$KITH_PID" 2>/dev/null; then
    kill -TERM "$KITH_PID" 2>/dev/null || true
    local waited=0
    while kill -0 "$KITH_PID" 2>/dev/null && (( waited < SHUTDOWN_LIMIT * 10 )); do
      sleep 0.1; waited=$((waited + 1))
    done
    kill -KILL "$KITH_PID" 2>/dev/null || true
  fi
  wait "$KITH_PID" 2>/dev/null || true
  KITH_PID=""
}
cleanup() {
  local rc=$?
  stop_kith
  kc_stop
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A private copy of the jar (a rebuild under a running JVM breaks it), checked to be complete
cp "$JAR_SRC" "$WORK/kith.jar"
python3 -c 'import sys, zipfile; sys.exit(zipfile.ZipFile(sys.argv[1]).testzip() is not None)' "$WORK/kith.jar" ||
  { echo "$JAR_SRC is not a complete jar (being rebuilt?)" >&2; exit 2; }
JAR_INFO="$JAR_SRC ($(stat -c '%s bytes, modified %y' "$JAR_SRC"))"
KITH_JAR_BYTES=$(stat -c %s "$WORK/kith.jar")
javac -d "$WORK/classes" "$HERE"/AuthVsKeycloak.java "$HERE"/KithBench*.java

KITH_PORT=$(kc_free_port)
KITH_BASE=http://127.0.0.1:$KITH_PORT
# kith_start <log>: launch -> /actuator/health UP, on $WORK/data; sets KITH_PID and KITH_STARTUP
kith_start() {
  local log=$WORK/$1.log t0; t0=$(kc_now)
  # shellcheck disable=SC2086  # JAVA_OPTS is meant to split into separate options
  "$KITH_JAVA" ${JAVA_OPTS:-} -jar "$WORK/kith.jar" --kith.data-dir="$WORK/data" --server.port="$KITH_PORT" \
    --server.address=127.0.0.1 >"$log" 2>&1 9>&- &
  KITH_PID=$!
  local deadline; deadline=$(awk -v t="$t0" -v l="$STARTUP_LIMIT" 'BEGIN { printf "%.3f", t + l }')
  until curl -fsS --max-time 2 "$KITH_BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
    kill -0 "$KITH_PID" 2>/dev/null || { echo "Kith exited during start-up:" >&2; tail -n 30 "$log" >&2; exit 1; }
    awk -v d="$deadline" -v n="$(kc_now)" 'BEGIN { exit !(n > d) }' &&
      { echo "Kith not UP within ${STARTUP_LIMIT}s:" >&2; tail -n 30 "$log" >&2; exit 1; }
    sleep 0.1
  done
  KITH_STARTUP=$(awk -v a="$t0" -v b="$(kc_now)" 'BEGIN { printf "%.2f", b - a }')
}

echo "== Keycloak $KC_VERSION: unpack and build"
kc_unpack "$WORK/kc"
# Starts alone on an otherwise idle machine: each server is timed while the other is stopped
echo "== Kith: cold start (empty data dir), then restart (kept data)"
kith_start kith-cold; KITH_COLD=$KITH_STARTUP; stop_kith
kith_start kith-warm; KITH_WARM=$KITH_STARTUP; stop_kith
echo "Kith: cold ${KITH_COLD}s, restart ${KITH_WARM}s"
echo "== Keycloak: cold start (empty data dir), realm set-up, then restart (kept data)"
kc_start "$WORK/kc-cold.log"; KC_COLD=$KC_STARTUP
kc_configure "$CONCURRENCY" "$WORK/kc-users"
kc_stop
kc_start "$WORK/kc-warm.log"; KC_WARM=$KC_STARTUP
echo "Keycloak: cold ${KC_COLD}s, restart ${KC_WARM}s"
kith_start kith-run   # not timed: Keycloak is idling beside it
grep -q "127.0.0.1:$KC_MGMT_PORT" <(ss -ltnH 2>/dev/null || echo "127.0.0.1:$KC_MGMT_PORT") ||
  echo "note: Keycloak's management port is not bound to loopback only" >&2

TICKS=$(getconf CLK_TCK)
LIMIT=$(( (ROUNDS * SECONDS_PER_PHASE + WARMUP) * 12 + (ROUNDS + 1) * 12 * 15 + 600 ))
BENCH_RC=0
timeout "$LIMIT" java -cp "$WORK/classes" AuthVsKeycloak "$KITH_BASE" "$KITH_PID" "$WORK/data" "$KC_BASE" "$KC_MGMT" \
  "$KC_PID" "$KC_REALM" "$KC_CLIENT" "$WORK/kc-users" "$ROUNDS" "$SECONDS_PER_PHASE" "$CONCURRENCY" "$WARMUP" "$TICKS" \
  9>&- | tee "$WORK/bench.out" || BENCH_RC=$?

status() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
KITH_RSS=$(status "$KITH_PID" VmRSS) KC_RSS=$(status "$KC_PID" VmRSS)
KITH_THREADS=$(status "$KITH_PID" Threads) KC_THREADS=$(status "$KC_PID" Threads)
echo "== idle for ${IDLE_SECONDS}s (both servers at once)"
K0=$(cpu_ticks "$KITH_PID") C0=$(cpu_ticks "$KC_PID")
sleep "$IDLE_SECONDS"
K1=$(cpu_ticks "$KITH_PID") C1=$(cpu_ticks "$KC_PID")
ms_per_s() { awk -v a="$1" -v b="$2" -v t="$TICKS" -v s="$IDLE_SECONDS" 'BEGIN { printf "%.1f", (b - a) * 1000 / t / s }'; }
KITH_IDLE=$(ms_per_s "$K0" "$K1") KC_IDLE=$(ms_per_s "$C0" "$C1")
KC_ZIP_BYTES=$(stat -c %s "$KC_ZIP")
stop_kith
kc_stop

mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1e6 }'; }
ratio() { awk -v p="$1" '$1 == "MEDIAN" && $2 == p { print $3 }' "$WORK/bench.out"; }
range() { awk -v p="$1" '$1 == "MEDIAN" && $2 == p { print $4 "–" $5 }' "$WORK/bench.out"; }
echo
echo "================ Kith against Keycloak $KC_VERSION ================"
echo "machine:  $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'),"\
  "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "Kith:     $JAR_INFO on $("$KITH_JAVA" -version 2>&1 | head -n 1) ${JAVA_OPTS:-}"
echo "Keycloak: keycloak-quarkus-dist $KC_VERSION, dev-file (H2)," \
  "on $("$KC_JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
echo "load:     $ROUNDS rounds x $SECONDS_PER_PHASE s per phase and server after $WARMUP s warm-up," \
  "$CONCURRENCY clients,"\
  "load client on the same machine; ratios are requests per server CPU-second, median over rounds (min–max)"
echo
echo "| work | Kith ÷ Keycloak | goal |"
echo "|---|---|---|"
echo "| password login | $(ratio login) ($(range login)) | ≥ 1.0 |"
echo "| refresh grant with rotation | $(ratio refresh) ($(range refresh)) | ≥ 2 |"
echo "| who-am-I with the access token (/v1/auth/me vs userinfo) | $(ratio me) ($(range me)) | ≥ 2 |"
echo "| JWKS | $(ratio jwks) ($(range jwks)) | ≥ 2 |"
echo "| health (/actuator/health vs /health) | $(ratio health) ($(range health)) | cheap (cached database probe) |"
echo "| liveness (/actuator/health/liveness vs /health/live) | $(ratio live) ($(range live)) | — |"
echo "| cold start on a fresh data dir / restart on kept data | $KITH_COLD s vs $KC_COLD s / $KITH_WARM s vs" \
  "$KC_WARM s | ≤ Keycloak both ways |"
echo "| resident memory after the run | $(mib "${KITH_RSS% kB}") vs $(mib "${KC_RSS% kB}") MiB | ≤ Keycloak |"
echo "| threads / idle CPU / distribution | $KITH_THREADS vs $KC_THREADS / $KITH_IDLE vs $KC_IDLE ms per s /" \
  "$(mb "$KITH_JAR_BYTES") MB vs $(mb "$KC_DIST_BYTES") MB (zip $(mb "$KC_ZIP_BYTES") MB) | fewer / less / ≤ 150 MB |"
echo
echo "raw, medians over rounds (requests per server CPU-second; latency in ms as the client saw it):"
echo "| work | Kith per CPU-s | Keycloak per CPU-s | Kith p50 / p99 | Keycloak p50 / p99 |"
echo "|---|---|---|---|---|"
awk '$1 == "MEDIAN" && $2 != "phase" {
  printf "| %s | %s | %s | %s / %s | %s / %s |\n", $2, $6, $7, $8, $10, $9, $11 }' \
  "$WORK/bench.out"
echo "========================================================="
[[ $BENCH_RC == 0 ]] || echo "some requests failed or the load client stopped (exit $BENCH_RC): see above" >&2
exit "$BENCH_RC"
