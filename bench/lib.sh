# Shared by the bench scripts (sourced, from the repository root): builds the jar when missing, runs the service on
# loopback on MySQL (a fresh database on the local server on 127.0.0.1:3306), on PostgreSQL (a fresh database on the
# local server on 127.0.0.1:5432, user postgres), or on either in BENCH_JDBC_URL, or on the embedded default, and stops
# it on exit. The caller sets $store (mysql|postgresql|embedded) and $build (0|1) first, then sources this; start and stop then
# run the service ($pid, $base, $admin_key, $work, $first_200_ms), rss_mb reads its resident memory, heap_after_gc_mb
# its heap after a full GC, cpu_ticks its CPU time, store_mb the size of its store, stop_timed how long a SIGTERM takes.
# start_nginx / start_fastapi run the two peers of bench/peers/ on loopback ($nginx_base, $fastapi_base).
# LATCHKEY_* variables of the caller reach the service; BENCH_JAVA_OPTS its JVM; BENCH_KEEP_WORK=1 keeps the work
# directory (logs, wrk reports) instead of deleting it at exit. The service listens on BENCH_PORT,
# else on a free loopback port (never a fixed one: 8080 may be taken). A caller that sends its wrong keys from many
# client addresses sets bench_default_throttle=1 first: the failure throttle then keeps its default.

# BENCH_JAR: another build to measure (e.g. an older commit's, for an A/B in one session)
jar=${BENCH_JAR:-bootstrap/target/latchkey.jar}
if [ -z "${BENCH_JAR:-}" ] && { [ "$build" = 1 ] || [ ! -f "$jar" ]; }; then
  ./mvnw -B -q package -DskipTests
fi
jar=$(realpath "$jar")

# free_port: a loopback port nothing listens on now
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port=${BENCH_PORT:-$(free_port)}
base="http://127.0.0.1:$port"
work=$(mktemp -d)
pid=""
database=""
nginx_pid=""
fastapi_pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  stop_peers
  if [ -n "$database" ]; then
    if [ "$store" = postgresql ]; then
      pg_sql "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
    else
      sql "DROP DATABASE IF EXISTS $database" || true
    fi
  fi
  if [ "${BENCH_KEEP_WORK:-0}" = 1 ]; then echo "bench: work directory kept: $work" >&2; else rm -rf "$work"; fi
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
declare -a env_vars=("LATCHKEY_BOOTSTRAP_ADMIN_KEY=$admin_key" "MICRONAUT_SERVER_PORT=$port" "MICRONAUT_SERVER_HOST=127.0.0.1"
  "LATCHKEY_PEPPER=bench-pepper-0123456789abcdef0123456789abcdef")
# wrk and the oracle send thousands of wrong keys from one address: unless the caller says otherwise, the failure
# throttle is raised out of their way, so that they measure the refusal itself, not the throttle
[ -z "${LATCHKEY_THROTTLE_MAX_FAILURES:-}" ] && [ "${bench_default_throttle:-0}" != 1 ] && env_vars+=("LATCHKEY_THROTTLE_MAX_FAILURES=1000000000")
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

# heap_after_gc_mb: the service's heap in use right after a full GC (jcmd GC.run, then GC.heap_info), in MB
heap_after_gc_mb() {
  jcmd "$pid" GC.run >/dev/null
  jcmd "$pid" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); print int(v / 1024); exit } }'
}

# cpu_ticks [PID]: user + system CPU time of a process so far, in clock ticks (getconf CLK_TCK a second)
cpu_ticks() {
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/${1:-$pid}/stat"
}

# idle_after_load [PID]: after a load stopped, samples the process's CPU every 0.5 s (at most 30 s); prints the
# seconds until the first half-second under 5% of a core, and the samples ("never" when it stayed busy)
idle_after_load() {
  local p=${1:-$pid} hz t0 t_prev ticks_prev now ticks pct elapsed series="" answer=never
  hz=$(getconf CLK_TCK)
  t0=$(date +%s%N); t_prev=$t0; ticks_prev=$(cpu_ticks "$p")
  while :; do
    sleep 0.5
    now=$(date +%s%N); ticks=$(cpu_ticks "$p")
    pct=$(awk -v d="$((ticks - ticks_prev))" -v hz="$hz" -v ns="$((now - t_prev))" 'BEGIN { printf "%.0f", 100 * d / hz / (ns / 1e9) }')
    elapsed=$(awk -v ns="$((now - t0))" 'BEGIN { printf "%.1f", ns / 1e9 }')
    series="$series $elapsed:$pct%"
    if [ "$pct" -lt 5 ]; then answer=$elapsed; break; fi
    awk -v e="$elapsed" 'BEGIN { exit !(e >= 30) }' && break
    t_prev=$now; ticks_prev=$ticks
  done
  echo "$answer s (CPU of a core each 0.5 s:$series)"
}

# store_mb: the size of the service's store in MB. Embedded: the data directory on disk; MySQL-compatible: the
# schema's data_length + index_length (after ANALYZE TABLE, so that InnoDB's figures are current) and, on MariaDB, its
# tablespace files; PostgreSQL: pg_database_size. "n/a" for BENCH_JDBC_URL.
store_mb() {
  case "$store" in
    embedded) du -sb "$work/data" | awk '{ printf "%.1f", $1 / 1048576 }' ;;
    mysql)
      [ -n "$database" ] || { echo n/a; return; }
      local tables
      tables=$(sql "SELECT GROUP_CONCAT(CONCAT('\`', table_name, '\`')) FROM information_schema.tables WHERE table_schema = '$database' AND table_type = 'BASE TABLE'" | tail -1)
      [ -n "$tables" ] && [ "$tables" != NULL ] && sql "USE $database; ANALYZE TABLE $tables" >/dev/null
      local logical files
      logical=$(sql "SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables WHERE table_schema = '$database'" | tail -1)
      files=$(sql "SELECT COALESCE(SUM(allocated_size), 0) FROM information_schema.innodb_sys_tablespaces WHERE name LIKE '$database/%'" 2>/dev/null | tail -1 || echo 0)
      awk -v l="$logical" -v f="${files:-0}" 'BEGIN { if (f > 0) printf "%.1f (files %.1f)", l / 1048576, f / 1048576; else printf "%.1f", l / 1048576 }' ;;
    postgresql)
      [ -n "$database" ] || { echo n/a; return; }
      psql -q -X -t -A -h 127.0.0.1 -U "${BENCH_PG_USER:-postgres}" -d postgres -c "SELECT pg_database_size('$database')" \
        | awk '{ printf "%.1f", $1 / 1048576 }' ;;
  esac
}

# stop_timed: SIGTERM to the service, then sets $stopped_in to how long it took to exit and its exit status; a kill -9
# after 60 s if it has not exited by then (call it directly, not in $(...): only this shell can wait for the service)
stop_timed() {
  local t0 t1 status=0 watchdog
  t0=$(date +%s%N)
  kill -TERM "$pid"
  ( sleep 60; kill -KILL "$pid" 2>/dev/null ) &
  watchdog=$!
  wait "$pid" 2>/dev/null || status=$?
  t1=$(date +%s%N)
  kill "$watchdog" 2>/dev/null; wait "$watchdog" 2>/dev/null || true
  pid=""
  stopped_in=$(awk -v ns="$((t1 - t0))" -v s="$status" 'BEGIN { printf "%.2f s (exit status %d%s)", ns / 1e9, s, s == 137 ? ", killed after 60 s" : "" }')
}

# the peers of bench/peers/, on free loopback ports, with their files under $work
peer_python() { # Debian's python3 has python3-fastapi; a pyenv one on PATH may not
  local py
  for py in ${BENCH_PEER_PYTHON:-} /usr/bin/python3 python3; do
    "$py" -c 'import fastapi, uvicorn, uvloop, httptools' 2>/dev/null && { echo "$py"; return; }
  done
  echo "bench: no python3 with fastapi, uvicorn, uvloop and httptools (apt-get install python3-fastapi python3-uvicorn python3-uvloop python3-httptools)" >&2
  exit 2
}
fastapi_key=tutorial-static-api-key
start_fastapi() {
  local py fport
  py=$(peer_python)
  fport=$(free_port)
  fastapi_base="http://127.0.0.1:$fport"
  (cd bench/peers && exec "$py" -m uvicorn app:app --host 127.0.0.1 --port "$fport" --workers 1 --no-access-log \
    >>"$work/fastapi.log" 2>&1) &
  fastapi_pid=$!
  until curl -sf -o /dev/null -H "x-api-key: $fastapi_key" "$fastapi_base/data"; do
    kill -0 "$fastapi_pid" 2>/dev/null || { echo "bench: the FastAPI peer did not start:" >&2; tail -20 "$work/fastapi.log" >&2; exit 1; }
    sleep 0.05
  done
  echo "$fastapi_key" >"$work/fastapi-key.txt"
}
start_nginx() {
  local nginx_bin nport n="$work/nginx"
  nginx_bin=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
  [ -n "$nginx_bin" ] || { echo "bench: nginx is missing (apt-get install nginx-light)" >&2; exit 2; }
  nport=$(free_port)
  nginx_base="http://127.0.0.1:$nport"
  mkdir -p "$n"
  sed -e "s|@PREFIX@|$n|g" -e "s|@PORT@|$nport|g" bench/peers/nginx.conf >"$n/nginx.conf"
  run_nginx "$nginx_bin" "$n" "$nginx_base/" bench
}
# run_nginx BIN DIR URL WHO: runs nginx BIN on DIR/nginx.conf in the background ($nginx_pid) and waits until URL
# answers; when nginx exits first, says so as WHO with its logs and exits
run_nginx() {
  local bin=$1 n=$2 url=$3 who=$4
  "$bin" -p "$n" -c "$n/nginx.conf" >"$n/stdout.log" 2>&1 &
  nginx_pid=$!
  until curl -sf -o /dev/null "$url"; do
    kill -0 "$nginx_pid" 2>/dev/null || { echo "$who: nginx did not start:" >&2; cat "$n/stdout.log" "$n/error.log" >&2; exit 1; }
    sleep 0.05
  done
}
stop_peers() {
  local p
  for p in $fastapi_pid $nginx_pid; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  fastapi_pid="" nginx_pid=""
}
