#!/usr/bin/env bash
# The permission graph at issue 25's size: 1,000,000 profile objects bulk-created by 100 owners (10,000 each: the
# first page's owner owns 10,000), 100,000 seeded users in 1,000 groups, 1,000 objects each shared with the viewer,
# two seeded users and two seeded groups; then bench/run.sh graph's measurements.
#
# Usage: bash bench/graph-1m.sh [objects] [users] [seconds] [warmup]   (defaults 1000000 100000 20 15)
# Holds /tmp/kith-bench.lock while it runs (other sessions bench on this machine too).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OBJECTS=${1:-1000000}
export KITH_BENCH_USERS=${2:-100000}
export KITH_BENCH_OWNERS=${KITH_BENCH_OWNERS:-$(( OBJECTS >= 1000000 ? 100 : (OBJECTS + 9999) / 10000 ))}
export KITH_BENCH_SHARES=${KITH_BENCH_SHARES:-1000}
exec flock /tmp/kith-bench.lock bash "$HERE/run.sh" graph "${3:-20}" 4 "${4:-15}" "$OBJECTS"
