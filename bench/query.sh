#!/usr/bin/env bash
# Analyst query guard benchmark (graph/src/test/java/org/kith/graph/query/QueryBench.java): builds N profile
# objects in an embedded Neo4j and times five analyst queries guarded vs raw (same run, interleaved), plus the
# guard's own steps. No server, no HTTP: this measures the guard, not the web stack.
#
# Usage: bash bench/query.sh [objects] [rounds] [cascades]
#   defaults: 100000 objects, 30 rounds per query, cascades=true (three cascading grants over large subtrees)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$HERE/.."
export KITH_SKIP_OS_PACKAGES=1
./mvnw -B -q -pl core,graph -am install -DskipTests
./mvnw -B -q -pl graph test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
    -Dmdep.includeScope=test
CP="graph/target/test-classes:graph/target/classes:$(cat graph/target/bench.classpath)"
exec java -Xmx4g -cp "$CP" org.kith.graph.query.QueryBench "${1:-100000}" "${2:-30}" "${3:-true}"
