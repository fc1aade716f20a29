#!/usr/bin/env bash
# The permission graph at issue 25's size: 1,000,000 profile objects bulk-created by 100 owners (10,000 each: the
# first page's owner owns 10,000), 100,000 seeded users in 1,000 groups, 1,000 objects each shared with the viewer,
# two seeded users and two seeded groups; then bench/run.sh graph's measurements.
#
# Usage: bash bench/graph-1m.sh [objects] [users] [seconds] [warmup]   (defaults 1000000 100000 20 15)
# Holds /tmp/kith-bench.lock while it runs (other sessions bench on this machine too). KITH_PROFILE=1 runs the
# server under async-profiler (the jar in the local Maven repository), one collapsed-stack file per 15 s in
# bench/.profile/, which bench/graph-steps.py sorts into steps (the window start times match the printed ones).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OBJECTS=${1:-1000000}
export KITH_BENCH_USERS=${2:-100000}
export KITH_BENCH_OWNERS=${KITH_BENCH_OWNERS:-$(( OBJECTS >= 1000000 ? 100 : (OBJECTS + 9999) / 10000 ))}
export KITH_BENCH_SHARES=${KITH_BENCH_SHARES:-1000}
if [[ ${KITH_PROFILE:-} == 1 ]]; then
  AP=$HERE/.profile/ap
  mkdir -p "$AP" && unzip -o -q ~/.m2/repository/tools/profiler/async-profiler/4.2/async-profiler-4.2.jar \
    'linux-x64/*' -d "$AP"
  export JAVA_OPTS="${JAVA_OPTS:-} -agentpath:$AP/linux-x64/libasyncProfiler.so=start,event=itimer,interval=5ms,\
file=$HERE/.profile/%t.collapsed,collapsed,loop=15s"
fi
exec flock /tmp/kith-bench.lock bash "$HERE/run.sh" graph "${3:-20}" 4 "${4:-15}" "$OBJECTS"
