#!/usr/bin/env bash
# Kith's OpenID Provider side by side with the npm oidc-provider (bench/oidc/server.js, configured alike: ES256 ID
# tokens, ES256 JWT access tokens, PKCE S256, client_secret_basic): code exchange at the token endpoint and userinfo,
# in requests per CPU-second of the server process. One server runs at a time, on loopback; each gets the same
# warm-up first. See KithBenchOidc.java for how codes are obtained and what is measured.
#
# Usage: bash bench/oidc.sh [codes] [concurrency] [warmup-codes] [round]
#   defaults: 1000 codes measured, 4 concurrent clients, 300 warm-up codes, rounds of 100 codes (codes live 60 s).
#   Kith's warm-up goes on past warmup-codes, 1,000 codes at a time, until its JIT compiler threads take under 5 %
#   of its CPU in the warm-up's batches (at most 12,000 codes); oidc-provider then gets as many warm-up codes.
# Needs: the jar (./mvnw -B -ntp -o -Dexec.skip=true -DskipFuzz=true -DskipTests package -pl api -am), node >= 20.19
# and the node project installed once: (cd bench/oidc && npm ci). Environment: KITH_JAR, JAVA_OPTS (Kith's JVM),
# KITH_PROFILE=1 (record Kith with Flight Recorder and print which steps its threads spent the batches in),
# OIDC_NODE_MODES (default "memory durable": oidc-provider's in-memory adapter, then bench/oidc/durable-adapter.js).
set -euo pipefail
CODES=${1:-1000}
CONCURRENCY=${2:-4}
WARMUP=${3:-300}
ROUND=${4:-100}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v node >/dev/null || { echo "node is required" >&2; exit 2; }
[[ -d $HERE/oidc/node_modules/oidc-provider ]] || { echo "install first: (cd bench/oidc && npm ci)" >&2; exit 2; }
source "$HERE/lib.sh"
bench_init oidc
kithbench_compile
TICKS=$(getconf CLK_TCK)
ADMIN=bench-admin@example.org
BENCH_RC=0

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

echo "== Kith $(basename "$(readlink -f "${KITH_JAR:-$HERE/../api/target/kith.jar}")"): $CODES codes after $WARMUP" \
  "warm-up, $CONCURRENCY clients, rounds of $ROUND"
if [[ -n ${KITH_PROFILE:-} ]]; then
  # Flight Recorder's sampling costs Kith a few per cent of CPU: profile runs are not for the table
  JAVA_OPTS="${JAVA_OPTS:-} -XX:StartFlightRecording=filename=$WORK/kith.jfr,settings=profile"
  export OIDC_BENCH_WINDOWS=$WORK/windows
fi
bench_start --kith.admin.usernames="$ADMIN" --kith.issuer-url="$BASE"
java -cp "$KITHBENCH_CP" KithBenchOidc kith "$BASE" "$SERVER_PID" "$WORK/data" "$CODES" "$CONCURRENCY" "$WARMUP" \
  "$ROUND" "$TICKS" "$ADMIN" | tee "$WORK/kith.out" || BENCH_RC=$?
stop_server
# Kith warms up until its JIT compilers settle (KithBenchOidc): oidc-provider gets as many warm-up codes
WARMUP=$(sed -n 's/^kith: warm-up of \([0-9]*\) codes done.*/\1/p' "$WORK/kith.out" | tail -n 1)
WARMUP=${WARMUP:-${3:-300}}
if [[ -n ${KITH_PROFILE:-} ]]; then
  echo "== where Kith's Java threads spent the measured batches (Flight Recorder samples)"
  python3 "$HERE/jfr-steps.py" "$WORK/kith.jfr" "$WORK/windows"
  unset OIDC_BENCH_WINDOWS
fi

NODE_VERSION=$(cd "$HERE/oidc" && node -p \
  'require("./package-lock.json").packages["node_modules/oidc-provider"].version')
# memory: oidc-provider's default in-memory adapter; durable: bench/oidc/durable-adapter.js (a JSON-lines log,
# fdatasync'ed before each write is acknowledged, in $WORK)
for MODE in ${OIDC_NODE_MODES:-memory durable}; do
  echo "== oidc-provider $NODE_VERSION on node $(node --version), $MODE storage: same workload"
  SECRET=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
  STORE=()
  [[ $MODE == durable ]] && STORE=("$WORK/node-durable.jsonl")
  (cd "$HERE/oidc" && exec node server.js "$PORT" "$SECRET" "${STORE[@]}") >"$WORK/node-$MODE.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    curl -fsS --max-time 2 "$BASE/.well-known/openid-configuration" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/node-$MODE.log" >&2; exit 1; }
    sleep 0.1
  done
  java -cp "$KITHBENCH_CP" KithBenchOidc node "$BASE" "$SERVER_PID" "$SECRET" "$CODES" "$CONCURRENCY" "$WARMUP" \
    "$ROUND" "$TICKS" | sed "s/^RESULT node /RESULT node-$MODE /" | tee "$WORK/node-$MODE.out" || BENCH_RC=$?
  stop_server
done

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//');" \
  "$(java -version 2>&1 | head -n 1); node $(node --version); load generator on the same machine"
cat "$WORK"/kith.out "$WORK"/node-*.out | grep '^RESULT' | awk '
  { key = $2 " " $3; n[key] = $4; cpu[key] = $5; wall[key] = $6; err[key] = $7; p50[key] = $8; p99[key] = $9; jit[key] = $10 }
  END {
    printf "| phase | server | requests | server CPU-s | per CPU-s | per CPU-s without JIT threads | per s (wall) |"
    printf " p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|---|---|---|\n"
    split("exchange userinfo discovery", phases, " ")
    split("kith node-memory node-durable", servers, " ")
    label["kith"] = "Kith"; label["node-memory"] = "oidc-provider (memory)"; label["node-durable"] = "oidc-provider (durable)"
    for (i = 1; i <= 3; i++) {
      ph = phases[i]
      for (s = 1; s <= 3; s++) {
        k = servers[s] " " ph
        if (!(k in n)) continue
        printf "| %s | %s | %d | %.2f | %.1f | %.1f | %.1f | %.1f | %.1f | %d |\n", ph, label[servers[s]], n[k], \
          cpu[k], n[k] / cpu[k], n[k] / (cpu[k] - jit[k]), n[k] / wall[k], p50[k], p99[k], err[k]
      }
      for (s = 2; s <= 3; s++) {
        o = servers[s] " " ph; kk = "kith " ph
        if (!(kk in n) || !(o in n)) continue
        printf "| %s | **Kith ÷ %s** | | | **%.2f** | %.2f | %.2f | | | |\n", ph, label[servers[s]], \
          (n[kk] / cpu[kk]) / (n[o] / cpu[o]), (n[kk] / (cpu[kk] - jit[kk])) / (n[o] / (cpu[o] - jit[o])), \
          (n[kk] / wall[kk]) / (n[o] / wall[o])
      }
    }
  }'
exit "$BENCH_RC"
