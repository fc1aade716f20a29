#!/usr/bin/env bash
# Draws bench/graph-latency.png from bench/graph-latency.dat (objects, then p50 and p99 in ms of the
# permission-checked GET and of the owner's first page, as printed by `bench/run.sh graph ... <objects>`).
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
set terminal pngcairo size 900,540 font "DejaVu Sans,11"
set output "$HERE/graph-latency.png"
set title "Kith read latency against dataset size (2 cores, load generator on the same machine)"
set logscale x
set xlabel "profile objects in the graph"
set ylabel "latency (ms)"
set key top left
set grid
set xtics ("10k" 10000, "100k" 100000, "1M" 1000000)
set xrange [7000:1400000]
set yrange [0:*]
plot "$HERE/graph-latency.dat" using 1:2 with linespoints title "GET object p50", \
     "" using 1:3 with linespoints title "GET object p99", \
     "" using 1:4 with linespoints title "first page (owner) p50", \
     "" using 1:5 with linespoints title "first page (owner) p99"
GP
echo "wrote $HERE/graph-latency.png"
