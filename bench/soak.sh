#!/usr/bin/env bash
# Soak: a mixed workload at a fixed rate for a long time against the packaged jar on a fresh data directory
# (reads 50 %, creates 20 %, grants 10 %, shares 10 %, record signing and checking 10 %), then per-10-s
# throughput, p50/p99 latency (from each request's scheduled start, so stalls are not hidden), errors, and the
# server's live heap (after a full collection once a minute, from its GC log), drawn into bench/soak.png. The first
# 60 s run the same workload as a warm-up and are reported separately.
# Usage: bash bench/soak.sh [seconds] [requests-per-second]     defaults: 900 s (15 minutes), 100 requests/s
# Build first: ./mvnw -q -DskipTests install. Needs gnuplot (Debian: gnuplot-nox; installed when run as root).
set -euo pipefail
SECONDS_TOTAL=${1:-900}
RATE=${2:-100}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/lib.sh"
if ! command -v gnuplot >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null
  else
    echo "install gnuplot (Debian: sudo apt-get install gnuplot-nox)" >&2; exit 2
  fi
fi
bench_init soak
kithbench_compile
JAVA_OPTS="${JAVA_OPTS:--Xmx1g} -Xlog:gc:file=$WORK/gc.log:time" bench_start --kith.admin.usernames=soak-admin@example.com
# the live heap: a full collection once a minute (jcmd GC.run), whose "after" value the GC log records
( while kill -0 "$SERVER_PID" 2>/dev/null; do sleep 60; jcmd "$SERVER_PID" GC.run >/dev/null 2>&1 || true; done ) &
status=0
java -cp "$KITHBENCH_CP:$LIBS" KithBench soak "$BASE" "$WORK/data" "$SECONDS_TOTAL" "$RATE" "$WORK/gc.log" "$WORK/out" \
  || status=$?
cp "$WORK/out/soak.dat" "$HERE/soak.dat"
cp "$WORK/out/heap.dat" "$HERE/soak-heap.dat"
gnuplot <<GP
set terminal pngcairo size 1000,900 font "DejaVu Sans,10"
set output "$HERE/soak.png"
set multiplot layout 3,1 title "Kith soak: $RATE requests/s mixed workload for $SECONDS_TOTAL s (2 cores, load generator on the same machine)"
set grid
set xrange [0:$SECONDS_TOTAL]
set xlabel "seconds"
set ylabel "requests/s"
set y2label "errors per 10 s"
set y2tics
set yrange [0:$RATE * 1.25]
set y2range [0:*]
plot "$HERE/soak.dat" using 1:2 with lines title "completed requests/s", "" using 1:5 axes x1y2 with lines title "errors"
unset y2label
unset y2tics
set ylabel "latency (ms)"
set yrange [0:*]
plot "$HERE/soak.dat" using 1:3 with lines title "p50", "" using 1:4 with lines title "p99 (spikes: the forced full GC each minute)"
set ylabel "live heap (MB)"
plot "$HERE/soak-heap.dat" using 1:2 with linespoints title "heap after a full GC (once a minute)"
unset multiplot
GP
echo "plot: $HERE/soak.png"
exit $status
