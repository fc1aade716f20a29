#!/usr/bin/env bash
# Draws bench/graph-latency.png from bench/graph-latency.dat (objects, then p50 and p99 in ms of the
# permission-checked GET and of the owner's first page with 4 clients sending back to back, then p50 and p99 of
# the GET offered open loop at half its measured throughput, as printed by `bench/run.sh graph ... <objects>`).
# Needs gnuplot (Debian: gnuplot-nox); installs it when run as root.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if ! command -v gnuplot >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnuplot-nox >/dev/null
  else
    echo "install gnuplot (Debian: sudo apt-get install gnuplot-nox)" >&2; exit 2
  fi
fi
gnuplot <<GP
set terminal pngcairo size 1000,600 font "DejaVu Sans,11"
set output "$HERE/graph-latency.png"
set title "Kith read latency against dataset size (2 cores, load generator on the same machine)"
set logscale x
set xlabel "profile objects in the graph"
set ylabel "latency (ms)"
set key below maxrows 3 width -4
set grid
set xtics ("10k" 10000, "100k" 100000, "1M" 1000000)
set xrange [7000:1400000]
set yrange [0:*]
plot "$HERE/graph-latency.dat" using 1:2 with linespoints title "GET object p50, 4 clients (saturated)", \
     "" using 1:3 with linespoints title "GET object p99, 4 clients (saturated)", \
     "" using 1:4 with linespoints title "first page (owner) p50, 4 clients", \
     "" using 1:5 with linespoints title "first page (owner) p99, 4 clients", \
     "" using 1:6 with linespoints dashtype 2 title "GET object p50, open loop at half throughput", \
     "" using 1:7 with linespoints dashtype 2 title "GET object p99, open loop at half throughput"
GP
echo "wrote $HERE/graph-latency.png"
