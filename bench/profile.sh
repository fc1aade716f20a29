#!/usr/bin/env bash
# CPU flame graphs of Kith's auth hot paths: runs `bench/run.sh auth` with async-profiler attached to the server
# for each measurement window only (password grant, refresh grant, /v1/auth/me, JWKS, health), and renders each
# window's stacks as an SVG in bench/profiles/ with the npm package flamegraph (installed into bench/profile/).
# Also prints, per request kind, the share of CPU samples spent in named parts (hash, database, signing, ...).
#
# Usage: bash bench/profile.sh [seconds-per-measurement] [concurrency] [warmup-seconds]   (defaults 20 4 5)
# Environment: KITH_JAR (the server jar, as for run.sh), PROFILE_DIR (where the SVGs go; default bench/profiles).
# Needs: async-profiler 4.2 in the local Maven repository (tools.profiler:async-profiler:4.2), jcmd, node/npm.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
AP_JAR=${AP_JAR:-$HOME/.m2/repository/tools/profiler/async-profiler/4.2/async-profiler-4.2.jar}
[[ -f $AP_JAR ]] || { echo "no async-profiler at $AP_JAR: ./mvnw dependency:get -Dartifact=tools.profiler:async-profiler:4.2" >&2; exit 2; }
command -v jcmd >/dev/null || { echo "jcmd is required" >&2; exit 2; }

(cd "$HERE/profile" && npm install --no-audit --no-fund --silent)

WORK=$(mktemp -d -t kith-profile.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
unzip -q -o "$AP_JAR" 'linux-x64/libasyncProfiler.so' -d "$WORK"
export KITH_PROFILER_LIB=$WORK/linux-x64/libasyncProfiler.so KITH_PROFILE_OUT=$WORK/stacks
mkdir -p "$KITH_PROFILE_OUT"

# Started and stopped by KithBench around each measurement window (KITH_BENCH_PHASE_HOOK) through jcmd's
# JVMTI.agent_load, so start-up, account creation and warm-up are left out. Samples every 1 ms of CPU time
# (itimer, which needs no perf_events).
cat >"$WORK/hook.sh" <<'HOOK'
#!/usr/bin/env bash
set -euo pipefail
slug=$(printf '%s' "$2" | tr -c 'A-Za-z0-9' '-' | tr -s '-' | sed 's/^-//; s/-$//' | tr 'A-Z' 'a-z')
if [[ $1 == start ]]; then
  options="start,event=itimer,interval=1ms"
else
  options="stop,file=$KITH_PROFILE_OUT/$slug.collapsed,collapsed"
fi
# jcmd parses key=value arguments itself: the agent's options go in quotes to reach it whole. A busy machine can
# be slow to answer an attach, hence the longer timeout.
out=$(jcmd -J-Dsun.tools.attach.attachTimeout=30000 "$KITH_BENCH_SERVER_PID" JVMTI.agent_load "$KITH_PROFILER_LIB" \
  "\"$options\"" 2>&1)
grep -q 'return code: 0' <<<"$out" || { echo "profiler $1 failed: $out" >&2; exit 1; }
HOOK
chmod +x "$WORK/hook.sh"

KITH_BENCH_PHASE_HOOK=$WORK/hook.sh bash "$HERE/run.sh" auth "${1:-20}" "${2:-4}" "${3:-5}" | tee "$WORK/run.out"

# What each request kind spends its CPU on: a sample goes to the first part one of its frames matches, looking from
# the running frame towards the root (so a signature computed inside a Netty handler counts as signing), and the
# parts add up to 100 % with "other".
PARTS=(
  'GC=GC Thread|G1[A-Z]|gc_|ParallelGC|SafepointSynchronize'
  'JIT compiler=CompileBroker|C2Compiler|C1Compiler|Compile::|PhaseIdealLoop|CompilerThread'
  'Argon2id hash=Argon2'
  'ES256 signing=ECDSASigner|engineSign|Es256.*sign|JWSSigner|SignedJWT\.sign'
  'ES256 verification=ECDSAVerifier|engineVerify|JWSVerifier|SignedJWT\.verify'
  'JSON (Jackson)=com/fasterxml/jackson|com\.fasterxml\.jackson'
  'Bolt driver=org/neo4j/driver|org\.neo4j\.driver|org/neo4j/bolt|org\.neo4j\.bolt'
  'Neo4j (queries, transactions, storage)=org/neo4j|org\.neo4j'
  'Kith code=org/kith|org\.kith'
  'Spring (WebFlux, Actuator, Security)=org/springframework|org\.springframework'
  'Reactor=reactor/core|reactor\.core'
  'Netty, HTTP and sockets=io/netty|io\.netty|reactor/netty|reactor\.netty|sun/nio|sun\.nio|epoll|send|recv|writev|readv'
)
OUT=${PROFILE_DIR:-$HERE/profiles}
mkdir -p "$OUT"
ls "$KITH_PROFILE_OUT"/*.collapsed >/dev/null || { echo "no profiles were written" >&2; exit 1; }
for f in "$KITH_PROFILE_OUT"/*.collapsed; do
  name=$(basename "$f" .collapsed)
  node "$HERE/profile/render.js" "$f" "$OUT/$name.svg" "Kith CPU: $name" "${PARTS[@]}"
done
