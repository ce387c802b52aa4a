# Shared by the bench scripts (sourced, from the repository root): builds the jar when missing, runs the service on
# loopback on MySQL (a fresh database on the local server on 127.0.0.1:3306), on PostgreSQL (a fresh database on the
# local server on 127.0.0.1:5432, user postgres), or on either in BENCH_JDBC_URL, or on the embedded default, and stops
# it on exit. The caller sets $store (mysql|postgresql|embedded) and $build (0|1) first, then sources this; start and stop then
# run the service ($pid, $base, $admin_key, $work, $first_200_ms), rss_mb reads its resident memory.
# LATCHKEY_* variables of the caller reach the service; BENCH_JAVA_OPTS its JVM.

# BENCH_JAR: another build to measure (e.g. an older commit's, for an A/B in one session)
jar=${BENCH_JAR:-bootstrap/target/latchkey.jar}
if [ -z "${BENCH_JAR:-}" ] && { [ "$build" = 1 ] || [ ! -f "$jar" ]; }; then
  ./mvnw -B -q package -DskipTests
fi
jar=$(realpath "$jar")

port=${BENCH_PORT:-18080}
base="http://127.0.0.1:$port"
work=$(mktemp -d)
pid=""
database=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  if [ -n "$database" ]; then
    if [ "$store" = postgresql ]; then
      pg_sql "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
    else
      sql "DROP DATABASE IF EXISTS $database" || true
    fi
  fi
  rm -rf "$work"
}
trap cleanup EXIT

sql() {
  if command -v mariadb >/dev/null; then mariadb --protocol=TCP -h 127.0.0.1 -u root -e "$1"
  else mysql --protocol=TCP -h 127.0.0.1 -u root -e "$1"; fi
}

pg_sql() {
  psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -U "${BENCH_PG_USER:-postgres}" -d postgres -c "$1"
}

admin_key=$(java -jar "$jar" generate-key)
declare -a env_vars=("LATCHKEY_BOOTSTRAP_ADMIN_KEY=$admin_key" "MICRONAUT_SERVER_PORT=$port"
  "LATCHKEY_PEPPER=bench-pepper-0123456789abcdef0123456789abcdef")
# wrk and the oracle send thousands of wrong keys from one address: unless the caller says otherwise, the failure
# throttle is raised out of their way, so that they measure the refusal itself, not the throttle
[ -z "${LATCHKEY_THROTTLE_MAX_FAILURES:-}" ] && env_vars+=("LATCHKEY_THROTTLE_MAX_FAILURES=1000000000")
# any LATCHKEY_* setting of the caller's reaches the service, e.g. LATCHKEY_CACHE_PRELOAD=0
while IFS= read -r name; do
  env_vars+=("$name=${!name}")
done < <(compgen -e | grep '^LATCHKEY_' | grep -v '^LATCHKEY_BOOTSTRAP_ADMIN_KEY$' || true)
if [ "$store" != embedded ] && [ -n "${BENCH_JDBC_URL:-}" ]; then
  env_vars+=("DATASOURCES_DEFAULT_URL=$BENCH_JDBC_URL" "DATASOURCES_DEFAULT_USERNAME=${BENCH_JDBC_USER:-root}"
    "DATASOURCES_DEFAULT_PASSWORD=${BENCH_JDBC_PASSWORD:-}")
elif [ "$store" = postgresql ]; then
  database="latchkey_bench_$$"
  pg_sql "CREATE DATABASE $database ENCODING 'UTF8' TEMPLATE template0"
  env_vars+=("DATASOURCES_DEFAULT_URL=jdbc:postgresql://127.0.0.1:5432/$database"
    "DATASOURCES_DEFAULT_USERNAME=${BENCH_PG_USER:-postgres}" "DATASOURCES_DEFAULT_PASSWORD=")
elif [ "$store" = mysql ]; then
  database="latchkey_bench_$$"
  sql "CREATE DATABASE $database"
  driver=mysql
  sql "SELECT VERSION()" | grep -qi mariadb && driver=mariadb
  env_vars+=("DATASOURCES_DEFAULT_URL=jdbc:$driver://127.0.0.1:3306/$database" "DATASOURCES_DEFAULT_USERNAME=root"
    "DATASOURCES_DEFAULT_PASSWORD=")
fi

rss_mb() { echo $(( $(ps -o rss= -p "$pid") / 1024 )); }

start() {
  local t0 t1
  t0=$(date +%s%N)
  (cd "$work" && exec env "${env_vars[@]}" java ${BENCH_JAVA_OPTS:-} -jar "$jar" >>"$work/latchkey.log" 2>&1) &
  pid=$!
  until curl -sf -o /dev/null "$base/livez"; do
    kill -0 "$pid" 2>/dev/null || { echo "bench: the service did not start:" >&2; tail -20 "$work/latchkey.log" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%N)
  first_200_ms=$(( (t1 - t0) / 1000000 ))
}

stop() {
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
}

to_ms() { # wrk's 1.23ms / 456.00us / 1.02s
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
