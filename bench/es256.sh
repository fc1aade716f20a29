#!/usr/bin/env bash
# ES256 sign and verify per provider (SunEC, BouncyCastle) with the libraries of the packaged jar: the figure behind
# org.kith.crypto.keys.Es256. Usage: bash bench/es256.sh [operations] [rounds]   (defaults 20000, 3)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/lib.sh"
bench_init es256
echo "$(java -version 2>&1 | head -n 1); $(nproc) cores"
java -cp "$LIBS" "$HERE/Es256Bench.java" "${1:-20000}" "${2:-3}"
