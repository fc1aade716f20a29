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
source "$HERE/lib.sh"
bench_init verify
java -cp "$LIBS" "$HERE/VerifyBench.java" keys "$WORK/data"
bench_start --kith.verify.checks-per-second=100000000
java -cp "$LIBS" "$HERE/VerifyBench.java" run "$BASE" "$WORK/data" "$SECONDS_EACH" "$CONCURRENCY" "$BATCH"
