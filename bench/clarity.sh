#!/usr/bin/env bash
# Clarity extraction: per-card latency (1 client), cards/s with concurrent clients, and full-page OCR of the
# same card photos in the same run. Card photos and the training request come from the extraction module's
# synthetic documents (SyntheticCards.main in its test jar).
# Usage: bash bench/clarity.sh [seconds] [clients] [warmup-seconds]      defaults: 30 s, 2 clients, 10 s
# Build first: ./mvnw -q -DskipTests install
set -euo pipefail
SECONDS_EACH=${1:-30}
CLIENTS=${2:-2}
WARMUP=${3:-10}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JAR=${KITH_JAR:-$HERE/../api/target/kith.jar}
TESTS_JAR=$(ls "$HERE"/../extraction/target/kith-extraction-*-tests.jar 2>/dev/null | head -n 1)
[[ -f $JAR && -f $TESTS_JAR ]] || { echo "build first: ./mvnw -q -DskipTests install" >&2; exit 2; }
WORK=$(mktemp -d -t kith-clarity-bench.XXXXXX)
SERVER_PID=""
cleanup() { [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE=http://127.0.0.1:$PORT
cp "$JAR" "$WORK/kith.jar"
(cd "$WORK" && python3 -c 'import zipfile; z=zipfile.ZipFile("kith.jar"); [z.extract(n, "x") for n in z.namelist() if n.startswith("BOOT-INF/lib/") and n.endswith(".jar")]')
java -cp "$TESTS_JAR:$WORK/x/BOOT-INF/lib/*" org.kith.extraction.clarity.SyntheticCards "$WORK/cards"
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -jar "$WORK/kith.jar" --kith.data-dir="$WORK/data" --server.port="$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 1200); do
  curl -fsS --max-time 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"' && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$WORK/server.log" >&2; exit 1; }
  sleep 0.1
done
echo "== $(nproc) cores, $(java -version 2>&1 | head -n 1); load generator on the same machine"
java "$HERE/KithBench.java" clarity "$BASE" "$WORK/data" "$SECONDS_EACH" "$CLIENTS" "$WARMUP" "$WORK/cards"
