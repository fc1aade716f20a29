#!/usr/bin/env bash
# Clarity extraction: per-card latency (1 client), cards/s with concurrent clients, and full-page OCR of the
# same card photos in the same run. Card photos and the training request come from the extraction module's
# synthetic documents (SyntheticCards.main in its test jar).
# Usage: bash bench/clarity.sh [seconds] [clients] [warmup-seconds]      defaults: 30 s, 2 clients, 10 s
#        bash bench/clarity.sh shipped [documents]                        default: 20 per model
# "shipped": the models Kith ships (extraction/src/main/resources/kith/clarity/models), no training: photos of
# [documents] synthetic documents per model that none was trained on, read in-process with one OCR engine;
# prints the fields read exactly and the median time per document (orientation, anchors and fields).
# Build first: ./mvnw -q -DskipTests install
set -euo pipefail
SECONDS_EACH=${1:-30}
CLIENTS=${2:-2}
WARMUP=${3:-10}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TESTS_JAR=$(ls "$HERE"/../extraction/target/kith-extraction-*-tests.jar 2>/dev/null | head -n 1)
[[ -f $TESTS_JAR ]] || { echo "build first: ./mvnw -q -DskipTests install" >&2; exit 2; }
source "$HERE/lib.sh"
bench_init clarity
if [[ ${1:-} == shipped ]]; then
  MAIN_JAR=$(ls "$HERE"/../extraction/target/kith-extraction-*.jar | grep -v -- -tests.jar | head -n 1)
  java -cp "$MAIN_JAR:$TESTS_JAR:$LIBS" org.kith.extraction.clarity.ShippedModelSets bench "${2:-20}"
  exit 0
fi
kithbench_compile
java -cp "$TESTS_JAR:$LIBS" org.kith.extraction.clarity.SyntheticCards "$WORK/cards"
bench_start --kith.admin.usernames=bench-admin@example.org
java -cp "$KITHBENCH_CP" KithBench clarity "$BASE" "$WORK/data" "$SECONDS_EACH" "$CLIENTS" "$WARMUP" "$WORK/cards"
