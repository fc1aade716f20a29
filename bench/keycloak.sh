#!/usr/bin/env bash
# Keycloak for side-by-side benchmarks (issue 25): fetch org.keycloak:keycloak-quarkus-dist from Maven Central
# through Maven (cached in bench/.cache, never committed; later runs use the cached zip offline), unpack it,
# `kc.sh build --db=dev-file --health-enabled=true`, `kc.sh start --optimized` on loopback with Kith's Argon2id
# parameters, then configure a realm through the admin REST API the way Kith is configured:
#   - argon2 hashing (the provider's options: Argon2id, m=19456 KiB, t=2, p=1, 32-byte hash, as
#     crypto/.../Argon2idPasswordHasher.OWASP) and the realm's password policy hashAlgorithm(argon2);
#   - refresh-token rotation (revokeRefreshToken true, refreshTokenMaxReuse 0);
#   - ES256 as the default signature algorithm, with an active ecdsa-generated P-256 key provider;
#   - a public client "bench" with direct access grants (the password grant), and N users.
# The stored credential of the first user is read back and checked, to prove the hashing matches.
#
# Run on its own: bash bench/keycloak.sh   (starts, configures, prints the credential, stops)
# Sourced by bench/auth-vs-keycloak.sh for the kc_* functions. Environment: KC_VERSION (default 26.5.6),
# KC_CACHE (default bench/.cache), KC_JAVA_HOME (a JDK >= 21; default: the newest one found on the machine).
KC_VERSION=${KC_VERSION:-26.5.6}
KC_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KC_CACHE=${KC_CACHE:-$KC_HERE/.cache}
KC_ZIP=$KC_CACHE/keycloak-quarkus-dist-$KC_VERSION.zip
KC_REALM=kith-bench
KC_CLIENT=bench
# Kith's parameters (Argon2idPasswordHasher.OWASP and its 32-byte hash)
KC_ARGON2_MEMORY=19456 KC_ARGON2_ITERATIONS=2 KC_ARGON2_PARALLELISM=1 KC_ARGON2_HASH_LENGTH=32
KC_START_LIMIT=${KC_START_LIMIT:-300}   # seconds from launch to /health/ready
KC_STOP_LIMIT=60
KC_SH_PID="" KC_PID=""

kc_now() { date +%s.%N; }
kc_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# KC_JAVA_HOME: the newest JDK >= 21 on the machine (Keycloak 26 needs 21+), unless set already.
kc_find_java() {
  if [[ -n ${KC_JAVA_HOME:-} ]]; then return 0; fi
  local best="" best_v=0 home v
  local candidates=("${JAVA_HOME:-}" /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/*jdk* "$HOME"/.sdkman/candidates/java/*
    "$HOME"/.jdks/*)
  command -v java >/dev/null && candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  for home in "${candidates[@]}"; do
    [[ -n $home && -x $home/bin/java && -x $home/bin/javac ]] || continue
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    [[ $v =~ ^[0-9]+$ ]] || continue
    if (( v >= 21 && v > best_v )); then best=$home best_v=$v; fi
  done
  [[ -n $best ]] || { echo "no JDK >= 21 found (set KC_JAVA_HOME)" >&2; return 2; }
  KC_JAVA_HOME=$best
}

# The dist zip in $KC_CACHE: from Maven's local repository offline if it is there, else from Maven Central.
kc_fetch() {
  if [[ -f $KC_ZIP ]] && unzip -tqq "$KC_ZIP" >/dev/null 2>&1; then return 0; fi
  rm -f "$KC_ZIP"
  mkdir -p "$KC_CACHE"
  local root; root=$(cd "$KC_HERE/.." && pwd)
  local mvn=(flock /tmp/kith-build.lock "$root/mvnw" -B -ntp -N -q -f "$root/pom.xml"
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy
    "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" "-DoutputDirectory=$KC_CACHE")
  echo "== fetching keycloak-quarkus-dist $KC_VERSION through Maven into $KC_CACHE" >&2
  timeout 1800 "${mvn[@]}" -o >/dev/null 2>&1 || timeout 1800 "${mvn[@]}" >&2 || return 1
  unzip -tqq "$KC_ZIP" >/dev/null || { echo "$KC_ZIP is not a complete zip" >&2; rm -f "$KC_ZIP"; return 1; }
}

# kc_unpack <dir>: unpacks the dist into <dir>, sets KC_HOME and KC_DIST_BYTES (unpacked, before the build),
# then runs the build-time configuration (dev-file database, health endpoints) on KC_JAVA_HOME.
kc_unpack() {
  unzip -q "$KC_ZIP" -d "$1"
  KC_HOME=$1/keycloak-$KC_VERSION
  KC_DIST_BYTES=$(du -sb "$KC_HOME" | cut -f1)
  echo "== kc.sh build --db=dev-file --health-enabled=true ($KC_JAVA_HOME)" >&2
  JAVA_HOME=$KC_JAVA_HOME timeout 600 "$KC_HOME/bin/kc.sh" build --db=dev-file --health-enabled=true \
    >"$1/kc-build.log" 2>&1 9>&- || { tail -n 30 "$1/kc-build.log" >&2; return 1; }
}

# kc_start <log>: starts Keycloak (http on a free loopback port, management on another), waits for
# /health/ready, sets KC_BASE, KC_MGMT, KC_PID (the java process) and KC_STARTUP (seconds launch -> ready).
# The bootstrap admin only takes effect on an empty database. The lock fd 9 is not passed on.
kc_start() {
  local log=$1
  KC_PORT=${KC_PORT:-$(kc_free_port)}
  KC_MGMT_PORT=${KC_MGMT_PORT:-$(kc_free_port)}
  KC_BASE=http://127.0.0.1:$KC_PORT
  KC_MGMT=http://127.0.0.1:$KC_MGMT_PORT
  KC_ADMIN_PASSWORD=${KC_ADMIN_PASSWORD:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')}
  local t0; t0=$(kc_now)
  JAVA_HOME=$KC_JAVA_HOME KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=$KC_ADMIN_PASSWORD \
    "$KC_HOME/bin/kc.sh" start --optimized --http-enabled=true --http-host=127.0.0.1 --http-port="$KC_PORT" \
    --http-management-port="$KC_MGMT_PORT" --hostname-strict=false \
    --spi-password-hashing--argon2--type=id --spi-password-hashing--argon2--version=1.3 \
    --spi-password-hashing--argon2--memory=$KC_ARGON2_MEMORY \
    --spi-password-hashing--argon2--iterations=$KC_ARGON2_ITERATIONS \
    --spi-password-hashing--argon2--parallelism=$KC_ARGON2_PARALLELISM \
    --spi-password-hashing--argon2--hash-length=$KC_ARGON2_HASH_LENGTH >"$log" 2>&1 9>&- &
  KC_SH_PID=$!
  KC_PID=""
  local deadline; deadline=$(awk -v t="$t0" -v l="$KC_START_LIMIT" 'BEGIN { printf "%.3f", t + l }')
  while true; do
    if curl -fsS --max-time 2 "$KC_MGMT/health/ready" 2>/dev/null | grep -q '"status": *"UP"'; then
      KC_STARTUP=$(awk -v a="$t0" -v b="$(kc_now)" 'BEGIN { printf "%.2f", b - a }')
      break
    fi
    if ! kill -0 "$KC_SH_PID" 2>/dev/null; then
      echo "Keycloak exited during start-up; last log lines:" >&2; tail -n 30 "$log" >&2; return 1
    fi
    if awk -v d="$deadline" -v n="$(kc_now)" 'BEGIN { exit !(n > d) }'; then
      echo "Keycloak not ready within ${KC_START_LIMIT}s; last log lines:" >&2; tail -n 30 "$log" >&2; return 1
    fi
    sleep 0.1
  done
  # kc.sh runs java as its child (it forwards signals to it); the CPU and memory figures are the java process's
  local child
  for child in $(ps -o pid= --ppid "$KC_SH_PID"); do
    [[ $(cat "/proc/$child/comm" 2>/dev/null) == java ]] && KC_PID=$child
  done
  [[ -n $KC_PID ]] || { echo "no java process under kc.sh ($KC_SH_PID)" >&2; return 1; }
}

kc_stop() {
  [[ -n $KC_SH_PID ]] || return 0
  if kill -0 "$KC_SH_PID" 2>/dev/null; then
    kill -TERM "$KC_SH_PID" 2>/dev/null || true
    local waited=0
    while kill -0 "$KC_SH_PID" 2>/dev/null && (( waited < KC_STOP_LIMIT * 10 )); do
      sleep 0.1; waited=$((waited + 1))
    done
    if kill -0 "$KC_SH_PID" 2>/dev/null; then
      echo "Keycloak ignored SIGTERM for ${KC_STOP_LIMIT}s; killing it" >&2
      [[ -n $KC_PID ]] && kill -KILL "$KC_PID" 2>/dev/null
      kill -KILL "$KC_SH_PID" 2>/dev/null || true
    fi
  fi
  wait "$KC_SH_PID" 2>/dev/null || true
  KC_SH_PID="" KC_PID=""
}

# kc_api <method> <path> [json]: an admin REST call with a fresh master-realm token (they live 60 s); prints the body
kc_api() {
  local token
  token=$(curl -fsS --max-time 30 "$KC_BASE/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli -d username=admin --data-urlencode "password=$KC_ADMIN_PASSWORD" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])') || return 1
  local args=(-fsS --max-time 60 -X "$1" -H "Authorization: Bearer $token")
  [[ $# -ge 3 ]] && args+=(-H 'Content-Type: application/json' --data-binary "$3")
  curl "${args[@]}" "$KC_BASE/admin/realms$2" || { echo "Keycloak admin API: $1 $2 failed" >&2; return 1; }
}

# kc_configure <users> <users-file>: the bench realm, its ES256 key, client and users ("username password" lines)
kc_configure() {
  local count=$1 file=$2 realm_json
  realm_json=$(cat <<JSON
{"realm": "$KC_REALM", "enabled": true, "sslRequired": "none", "passwordPolicy": "hashAlgorithm(argon2)",
 "revokeRefreshToken": true, "refreshTokenMaxReuse": 0, "defaultSignatureAlgorithm": "ES256",
 "bruteForceProtected": false,
 "clients": [{"clientId": "$KC_CLIENT", "enabled": true, "publicClient": true, "directAccessGrantsEnabled": true,
   "standardFlowEnabled": false, "protocol": "openid-connect"}]}
JSON
)
  kc_api POST "" "$realm_json" >/dev/null || return 1
  local realm_id
  realm_id=$(kc_api GET "/$KC_REALM" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])') || return 1
  kc_api POST "/$KC_REALM/components" "{\"name\": \"es256\", \"providerId\": \"ecdsa-generated\",
    \"providerType\": \"org.keycloak.keys.KeyProvider\", \"parentId\": \"$realm_id\", \"config\": {
    \"priority\": [\"200\"], \"enabled\": [\"true\"], \"active\": [\"true\"],
    \"ecdsaEllipticCurveKey\": [\"P-256\"]}}" \
    >/dev/null || return 1
  : >"$file"
  local i name password id
  for ((i = 1; i <= count; i++)); do
    name=bench-$i
    password=Bench-$(python3 -c 'import secrets; print(secrets.token_hex(12))')
    kc_api POST "/$KC_REALM/users" "{\"username\": \"$name\", \"email\": \"$name@example.org\",
      \"firstName\": \"Bench\",
      \"lastName\": \"User $i\", \"emailVerified\": true, \"enabled\": true}" >/dev/null || return 1
    id=$(kc_api GET "/$KC_REALM/users?username=$name&exact=true" |
      python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])') || return 1
    kc_api PUT "/$KC_REALM/users/$id/reset-password" \
      "{\"type\": \"password\", \"value\": \"$password\", \"temporary\": false}" >/dev/null || return 1
    echo "$name $password" >>"$file"
    [[ $i == 1 ]] && KC_FIRST_USER_ID=$id
  done
  kc_check
}

# Reads the configuration back and fails unless it is what the comparison claims.
kc_check() {
  local realm keys cred
  realm=$(kc_api GET "/$KC_REALM") || return 1
  keys=$(kc_api GET "/$KC_REALM/keys") || return 1
  cred=$(kc_api GET "/$KC_REALM/users/$KC_FIRST_USER_ID/credentials") || return 1
  python3 - "$realm" "$keys" "$cred" "$KC_ARGON2_MEMORY" "$KC_ARGON2_ITERATIONS" "$KC_ARGON2_PARALLELISM" \
    "$KC_ARGON2_HASH_LENGTH" <<'PY'
import json, sys
realm, keys, creds = (json.loads(a) for a in sys.argv[1:4])
memory, iterations, parallelism, length = sys.argv[4:8]
cred = next(c for c in creds if c["type"] == "password")
data = json.loads(cred["credentialData"])
print("Keycloak stored credential (admin API, GET /users/{id}/credentials):")
print("  credentialData:", cred["credentialData"])
params = data.get("additionalParameters", {})
first = lambda k: (params.get(k) or [None])[0]
es256 = [k for k in keys["keys"]
         if k.get("algorithm") == "ES256" and k.get("status") == "ACTIVE" and k.get("use") == "SIG"]
print("realm: passwordPolicy=%s revokeRefreshToken=%s refreshTokenMaxReuse=%s defaultSignatureAlgorithm=%s "
      "active ES256 keys=%d" % (realm.get("passwordPolicy"), realm.get("revokeRefreshToken"),
      realm.get("refreshTokenMaxReuse"), realm.get("defaultSignatureAlgorithm"), len(es256)))
ok = (data.get("algorithm") == "argon2" and str(data.get("hashIterations")) == iterations
      and first("type") == "id" and first("memory") == memory and first("parallelism") == parallelism
      and first("hashLength") == length and realm.get("passwordPolicy") == "hashAlgorithm(argon2)"
      and realm.get("revokeRefreshToken") is True and realm.get("refreshTokenMaxReuse") == 0
      and realm.get("defaultSignatureAlgorithm") == "ES256" and len(es256) >= 1)
print("matches Kith (Argon2id m=%s KiB t=%s p=%s, %s-byte hash; rotation; ES256): %s"
      % (memory, iterations, parallelism, length, "yes" if ok else "NO"))
sys.exit(0 if ok else 1)
PY
}

# Run on its own: start a throwaway Keycloak, configure it, show the credential, stop.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  kc_find_java
  kc_fetch
  exec 9>/tmp/kith-bench.lock
  flock -w 3600 9 || { echo "bench lock busy for an hour" >&2; exit 1; }
  KC_WORK=$(mktemp -d -t kith-keycloak.XXXXXX)
  trap 'kc_stop; rm -rf "$KC_WORK"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  kc_unpack "$KC_WORK"
  kc_start "$KC_WORK/kc.log"
  echo "== Keycloak $KC_VERSION ready in ${KC_STARTUP}s at $KC_BASE (management $KC_MGMT, pid $KC_PID," \
    "$("$KC_JAVA_HOME/bin/java" -version 2>&1 | head -n 1))"
  kc_configure 1 "$KC_WORK/users"
fi
