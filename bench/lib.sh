# Shared by the single-server benchmarks (verify.sh, clarity.sh); source it after setting HERE.
# bench_init <name>: a private work dir (removed on exit), a free port, BASE, a copy of the server jar, and
#   LIBS: a class path of Kith's own libraries taken from that jar, for load generators that need them.
# bench_start [server args…]: starts the server on $WORK/data and waits until it reports UP.
# kithbench_compile: compiles KithBench*.java (several files, so not runnable by java's single-file source
#   launcher) into $WORK/kithbench and sets KITHBENCH_CP to that directory.
bench_init() {
  JAR=${KITH_JAR:-$HERE/../api/target/kith.jar}
  [[ -f $JAR ]] || { echo "no server jar at $JAR (build first: ./mvnw -q -DskipTests install)" >&2; exit 2; }
  WORK=$(mktemp -d -t "kith-$1-bench.XXXXXX")
  SERVER_PID=""
  trap 'bench_cleanup' EXIT
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  BASE=http://127.0.0.1:$PORT
  cp "$JAR" "$WORK/kith.jar"
  (cd "$WORK" && python3 -c 'import zipfile; z=zipfile.ZipFile("kith.jar"); [z.extract(n, "x") for n in z.namelist() if n.startswith("BOOT-INF/lib/") and n.endswith(".jar")]')
  LIBS="$WORK/x/BOOT-INF/lib/*"
}

bench_cleanup() {
  if [[ -n ${SERVER_PID:-} ]]; then
    kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}

bench_start() {
  # shellcheck disable=SC2086  # JAVA_OPTS is meant to split into separate options
  java ${JAVA_OPTS:-} -jar "$WORK/kith.jar" --kith.data-dir="$WORK/data" --server.port="$PORT" "$@" \
    >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 1200); do
    curl -fsS --max-time 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"' && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$WORK/server.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "== $(nproc) cores, $(java -version 2>&1 | head -n 1); load generator on the same machine"
}

kithbench_compile() {
  javac -d "$WORK/kithbench" "$HERE"/KithBench*.java
  KITHBENCH_CP=$WORK/kithbench
}
