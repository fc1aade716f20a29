#!/usr/bin/env bash
# Logins with a second factor beside a plain password login, side by side in one run against one server on
# loopback: password; password then mfa_otp (TOTP computed by the client); a passkey alone (authentication options,
# then grant_type=webauthn with a software authenticator's assertion); password then the passkey with the mfa_token.
# The figure is logins per CPU-second of the server process (utime + stime from /proc/<pid>/stat before and after
# each measured batch), so the load generator's CPU does not count. Each phase gets the same warm-up first. See
# KithBenchFactors.java for the accounts and the software authenticator.
#
# Usage: bash bench/factors.sh [logins] [concurrency] [warmup]
#   defaults: 200 logins measured per phase, 4 concurrent clients, 100 warm-up logins per phase
# Needs: the jar (./mvnw -B -ntp -o -Dexec.skip=true -DskipFuzz=true -DskipTests package -pl api -am).
# Environment: KITH_JAR, JAVA_OPTS (Kith's JVM).
set -euo pipefail
LOGINS=${1:-200}
CONCURRENCY=${2:-4}
WARMUP=${3:-100}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/lib.sh"
bench_init factors
kithbench_compile
TICKS=$(getconf CLK_TCK)
# passkeys are bound to a domain name (the relying party id), so the server is named localhost; it listens on
# loopback only; the options route's per-address limit is lifted, as verify.sh does for its check routes
ORIGIN=http://localhost:$PORT
echo "== Kith $(basename "$(readlink -f "${KITH_JAR:-$HERE/../api/target/kith.jar}")"): $LOGINS logins per phase after" \
  "$WARMUP warm-up, $CONCURRENCY clients"
bench_start --server.address=127.0.0.1 --kith.issuer-url="$ORIGIN" --kith.verify.checks-per-second=100000000
java -cp "$KITHBENCH_CP" KithBenchFactors "$BASE" "$ORIGIN" localhost "$SERVER_PID" "$WORK/data" "$LOGINS" \
  "$CONCURRENCY" "$WARMUP" "$TICKS" | tee "$WORK/factors.out"

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//');" \
  "$(java -version 2>&1 | head -n 1); load generator on the same machine"
grep -h '^RESULT' "$WORK/factors.out" | awk '
  { name[NR] = $2; n[NR] = $3; cpu[NR] = $4; wall[NR] = $5; err[NR] = $6; p50[NR] = $7; p99[NR] = $8; req[NR] = $9 }
  END {
    printf "| login | requests per login | logins | server CPU-s | logins per CPU-s | ÷ password | per s (wall) |"
    printf " p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|---|---|---|\n"
    for (i = 1; i <= NR; i++) {
      printf "| %s | %d | %d | %.2f | %.1f | %.2f | %.1f | %.1f | %.1f | %d |\n", name[i], req[i], n[i], cpu[i], \
        n[i] / cpu[i], (n[i] / cpu[i]) / (n[1] / cpu[1]), n[i] / wall[i], p50[i], p99[i], err[i]
    }
  }'
