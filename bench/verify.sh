#!/usr/bin/env bash
# /v1/verify/check throughput vs raw in-process verification (bench/VerifyBench.java), same key, same records.
# Usage: bash bench/verify.sh [seconds] [concurrency] [batch]     defaults: 15 s, 4 clients, 100 records per request
# Build first: ./mvnw -q -DskipTests install. The server runs from api/target/kith.jar with a fresh data dir and
# the per-address rate limit of the check routes lifted (it would otherwise answer 429 to a load generator).
set -euo pipefail
SECONDS_EACH=${1:-15}
CONCURRENCY=${2:-4}
BATCH=${3:-100}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAR=${KITH_JAR:-$HERE/../api/target/kith.jar}
[[ -f $JAR ]] || { echo "no server jar at $JAR (build it first)" >&2; exit 2; }
WORK=$(mktemp -d -t kith-verify-bench.XXXXXX)
SERVER_PID=""
cleanup() { [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE=http://127.0.0.1:$PORT
cp "$JAR" "$WORK/kith.jar"
# Kith's own libraries (crypto, nimbus, Jackson, JCS) for the load generator, taken from the server jar.
(cd "$WORK" && python3 -c 'import zipfile,sys; z=zipfile.ZipFile("kith.jar"); [z.extract(n, "x") for n in z.namelist() if n.startswith("BOOT-INF/lib/") and n.endswith(".jar")]')
CP="$WORK/x/BOOT-INF/lib/*"
java -cp "$CP" "$HERE/VerifyBench.java" keys "$WORK/data"
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -jar "$WORK/kith.jar" --kith.data-dir="$WORK/data" --server.port="$PORT" \
  --kith.verify.checks-per-second=100000000 >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 1200); do
  curl -fsS --max-time 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"' && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done
echo "== $(nproc) cores, $(java -version 2>&1 | head -n 1); load generator on the same machine"
java -cp "$CP" "$HERE/VerifyBench.java" run "$BASE" "$WORK/data" "$SECONDS_EACH" "$CONCURRENCY" "$BATCH"
