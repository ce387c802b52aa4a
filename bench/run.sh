#!/usr/bin/env bash
# Latchkey's side-by-side benchmark, on loopback only. Builds the jar when missing, starts it on MySQL (the local
# server, a fresh database), on PostgreSQL (--postgresql: the local server on 127.0.0.1:5432, user postgres or
# BENCH_PG_USER, a fresh database) or on the embedded default, creates users and keys through the API, starts the two
# peers (bench/peers/: the tutorial's FastAPI app under uvicorn, 1 worker; nginx `return 200`,
# 1 worker), then in ONE run measures with wrk, ROUNDS rounds interleaved in this order (medians reported):
#   fastapi   GET /data on the FastAPI peer, its one static key (the tutorial Latchkey replaces)
#   nginx     GET / on nginx (the HTTP limit of the machine)
#   livez     GET /livez (Latchkey's ceiling)
#   valid     GET /v1/auth, the valid keys in rotation (non-2xx counted and printed: target 0)
#   unknown   GET /v1/auth, as many unknown well-formed keys, each request from the next of --addresses client
#             addresses (X-Forwarded-For from 10.0.0.0/8; the service trusts loopback as a proxy for it)
#   vlog-valid, vlog-unknown  (--verification-log) the same two on a second instance running with
#             LATCHKEY_VERIFICATION_LOG=file:<work dir>/vlog/verifications.log
# then: CPU back to idle after the last round's unknown pass (seconds until a half-second under 5% of a core), RSS and
# heap after a full GC after the load, SIGTERM under load (the unknown pass running: seconds until the process exits),
# a cold pass on a fresh start (every key used once), and a throttled client (unknown keys from one address past the
# failure threshold: 429s). Prints rps, p50, p99, ratios to /livez, nginx and the FastAPI peer, p99 to /livez's.
#
#   bench/run.sh [--embedded | --postgresql] [--keys 10000] [--users 100] [--duration 15] [--rounds 3] [--warmup 10]
#                [--connections 64] [--threads 2] [--build] [--no-limits] [--allowed-cidrs] [--addresses 1000000]
#                [--verification-log] [--flood-minutes N]
# Every valid key has a rate limit (1,000,000 a minute: never refused, always checked) unless --no-limits; the audit
# trail and usage counts are always on. --allowed-cidrs restricts every key to 8 address blocks (loopback last), the
# cost of that check. --addresses N: the unknown pass's client addresses (default 1,000,000; at most 16,777,216): with
# more than one the failure throttle keeps its default (50 failures in 5 minutes an address: a run sends each address
# a few at most) and LATCHKEY_HTTP_TRUSTED_PROXIES=127.0.0.1/32; --addresses 1: every unknown key from 127.0.0.1, no
# X-Forwarded-For, the throttle raised out of the way (the bench before issue 25).
# --flood-minutes N: a separate mode instead of the rounds: N minutes of the unknown pass (unknown keys from
# --addresses addresses), then prints the growth of the store (embedded: its data directory; MySQL-compatible:
# data_length + index_length, and MariaDB's tablespace files; PostgreSQL: pg_database_size) while running and after a
# SIGTERM, the answers' statuses, CPU back to idle, how long the SIGTERM took and the service's audit/verification
# metrics from /prometheus.
# BENCH_JAR=<another latchkey.jar> measures another build the same way. BENCH_PORT: the service's port (default: a
# free one); the peers always take free ones. BENCH_PEER_PYTHON: a python3 with fastapi (default: Debian's).
# Before the measured rounds, each scenario runs once for --warmup seconds, unreported (JIT, first use of each key).
# LATCHKEY_* variables of the caller reach the service (e.g. LATCHKEY_CACHE_PRELOAD=0 for a cold pass without
# the preload). BENCH_JAVA_OPTS are given to the service's JVM, e.g. a JFR recording:
#   BENCH_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/latchkey.jfr,settings=profile" bench/run.sh
# Needs: java 17+ (with jcmd), wrk (Debian package wrk), curl, python3, nginx (nginx-light) and Debian's python3-fastapi,
# python3-uvicorn, python3-uvloop, python3-httptools; for MySQL a server on 127.0.0.1:3306 (user root, empty password)
# or BENCH_JDBC_URL / BENCH_JDBC_USER / BENCH_JDBC_PASSWORD pointing at a database of your own.
set -euo pipefail
cd "$(dirname "$0")/.."

store=mysql keys=10000 users=100 duration=15 rounds=3 warmup=10 connections=64 threads=2 build=0 limits=rate cidrs=any
addresses=1000000 vlog=0 flood_minutes=0
. bench/options.sh
while [ $# -gt 0 ]; do
  if bench_option "$@"; then shift "$consumed"; continue; fi
  case "$1" in
    --no-limits) limits=none ;;
    --allowed-cidrs) cidrs=cidrs ;;
    --addresses) addresses=${2:?--addresses needs a value}; shift ;;
    --verification-log) vlog=1 ;;
    --flood-minutes) flood_minutes=${2:?--flood-minutes needs a value}; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ "$addresses" -ge 1 ] && [ "$addresses" -le 16777216 ] || { echo "bench: --addresses must be 1..16777216" >&2; exit 2; }
for tool in java jcmd wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (wrk: apt-get install wrk)" >&2; exit 2; }
done

# many addresses: each sends a few wrong keys at most, so the throttle keeps its default
[ "$addresses" -gt 1 ] && bench_default_throttle=1
. bench/lib.sh
many=()
if [ "$addresses" -gt 1 ]; then
  many=("ADDRESSES=$addresses")
  [ -z "${LATCHKEY_HTTP_TRUSTED_PROXIES:-}" ] && env_vars+=("LATCHKEY_HTTP_TRUSTED_PROXIES=127.0.0.1/32")
fi

# run_wrk NAME URL [KEYS_FILE [VAR=VALUE...]]: wrk for $duration s (keys.lua with the keys of KEYS_FILE and the given
# variables, else a plain GET of URL); appends "NAME rps p50 p99 non2xx socket_errors" to $work/results and keeps
# wrk's report in $work/wrk-NAME-$round.txt
run_wrk() {
  local name=$1 url=$2 file=${3:-} out="$work/wrk-$1-${round:-w}.txt"
  shift 2; [ $# -gt 0 ] && shift
  if [ -n "$file" ]; then
    env KEYS_FILE="$file" THREADS="$threads" "$@" \
      wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s bench/keys.lua "$url" >"$out"
  else
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url" >"$out"
  fi
  local rps p50 p99 non2xx errors
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  non2xx=$(awk '/Non-2xx/ { print $NF }' "$out"); non2xx=${non2xx:-0}
  errors=$(awk '/Socket errors/ { gsub(/[^0-9 ]/, " "); s = 0; for (i = 1; i <= NF; i++) s += $i; print s }' "$out")
  errors=${errors:-0}
  # unknown keys answer 401: wrk counts them as non-2xx, which is what they are; anywhere else a non-2xx is news
  case "$name" in
    *unknown* | *throttled*) ;;
    *) [ "$non2xx" = 0 ] && [ "$errors" = 0 ] \
         || echo "bench: $name (round ${round:-w}): $non2xx non-2xx, $errors socket errors; $(grep -h '^statuses:' "$out" || true)" >&2 ;;
  esac
  echo "$name $rps $p50 $p99 $non2xx $errors" >>"$work/results"
}

# the second instance of --verification-log: its own port and directory (the embedded store: its own database,
# seeded apart; a server: the same database, a second node)
vlog_pid="" vlog_base=""
start_vlog() {
  local vport
  vport=$(free_port)
  vlog_base="http://127.0.0.1:$vport"
  mkdir -p "$work/vlog"
  (cd "$work/vlog" && exec env "${env_vars[@]}" "MICRONAUT_SERVER_PORT=$vport" \
    "LATCHKEY_VERIFICATION_LOG=file:$work/vlog/verifications.log" java ${BENCH_JAVA_OPTS:-} -jar "$jar" \
    >>"$work/vlog/latchkey.log" 2>&1) &
  vlog_pid=$!
  until curl -sf -o /dev/null "$vlog_base/livez"; do
    kill -0 "$vlog_pid" 2>/dev/null || { echo "bench: the --verification-log instance did not start:" >&2; tail -20 "$work/vlog/latchkey.log" >&2; exit 1; }
    sleep 0.05
  done
}
stop_vlog() { [ -n "$vlog_pid" ] && kill "$vlog_pid" 2>/dev/null && wait "$vlog_pid" 2>/dev/null || true; vlog_pid=""; }
trap 'stop_vlog; cleanup' EXIT

statuses_of() { # statuses_of NAME: keys.lua's status counts over all measured rounds of NAME, e.g. "401=123 429=4"
  cat "$work"/wrk-"$1"-[0-9]*.txt 2>/dev/null | awk '/^statuses:/ { for (i = 2; i <= NF; i++) { split($i, p, "="); n[p[1]] += p[2] } }
    END { s = ""; for (k in n) s = s k "=" n[k] " "; print (s == "" ? "none" : s) }'
}
metrics_of_interest() { # the service's audit, verification, throttle and drop counters from /prometheus
  curl -sf "$1/prometheus" | grep -v -e '^#' -e '_bucket' | grep -i -E 'audit|verification|summar|fold|drop|throttl|failure' | head -40 || true
}

if [ "$flood_minutes" = 0 ]; then
  echo "bench: store=$store keys=$keys users=$users wrk -t$threads -c$connections -d${duration}s, $rounds rounds after a ${warmup}s warm-up of each; unknown keys from $addresses client address(es)"
else
  echo "bench: flood mode, store=$store keys=$keys users=$users wrk -t$threads -c$connections -d$((flood_minutes * 60))s"
fi
echo "bench: machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(java -version 2>&1 | head -1)"
start
idle_rss=$(rss_mb)
first_start_ms=$first_200_ms
python3 bench/seed.py "$base" "$admin_key" "$keys" "$users" "$work" "$limits" "$cidrs"

if [ "$flood_minutes" != 0 ]; then
  sleep 2
  size_before=$(store_mb)
  echo "flood: ${flood_minutes} min of unknown keys from $addresses address(es) on $store; store ${size_before} MB before"
  saved=$duration; duration=$((flood_minutes * 60)); round=1
  run_wrk flood-unknown "$base" "$work/unknown.txt" "${many[@]}"
  duration=$saved
  idle=$(idle_after_load)
  size_running=$(store_mb)
  metrics=$(metrics_of_interest "$base")
  rss=$(rss_mb)
  stop_timed; term=$stopped_in
  size_after=$(store_mb)
  read -r _ rps p50 p99 non2xx errors < <(tail -1 "$work/results")
  requests=$(awk '/requests in/ { print $1 }' "$work/wrk-flood-unknown-1.txt")
  growth() { awk -v a="${1%% *}" -v b="${2%% *}" -v r="$requests" 'BEGIN { printf "%+.1f MB (%.0f bytes a request)", b - a, (b - a) * 1048576 / r }'; }
  echo "flood: $requests requests in $flood_minutes min, $(printf '%.0f' "$rps") requests/s, p50 $p50 ms, p99 $p99 ms, socket errors $errors"
  echo "flood: statuses: $(statuses_of flood-unknown)"
  grep -h '^addresses:' "$work/wrk-flood-unknown-1.txt" | sed 's/^/flood: /'
  echo "flood: store ${size_before} MB before, ${size_running} MB after the load (service running), ${size_after} MB after the SIGTERM"
  echo "flood: store growth: $(growth "$size_before" "$size_running") running, $(growth "$size_before" "$size_after") after the SIGTERM (target < 50 MB for 5 min)"
  echo "flood: CPU back under 5% of a core after the load: $idle (target <= 2 s)"
  echo "flood: SIGTERM after the load: exited in $term; RSS before it ${rss} MB"
  echo "flood: /prometheus (audit, verification, drops):"
  echo "$metrics" | sed 's/^/  /'
  echo "flood: service log: $(grep -c -E ' (ERROR|WARN) ' "$work/latchkey.log" || true) WARN/ERROR lines"
  grep -E ' (ERROR|WARN) ' "$work/latchkey.log" | cut -c14-200 | sort | uniq -c | sort -rn | head -5 || true
  exit 0
fi

start_fastapi
start_nginx
if [ "$vlog" = 1 ]; then
  start_vlog
  if [ "$store" = embedded ]; then
    python3 bench/seed.py "$vlog_base" "$admin_key" "$keys" "$users" "$work/vlog" "$limits" "$cidrs"
  else
    cp "$work/valid.txt" "$work/unknown.txt" "$work/vlog/"
  fi
fi

scenarios() { # one round: the peers, the ceiling, then Latchkey; CPU back to idle after the last round's unknown pass
  run_wrk fastapi "$fastapi_base/data" "$work/fastapi-key.txt" REQUEST_PATH=/data KEY_HEADER=x-api-key
  run_wrk nginx "$nginx_base/"
  run_wrk livez "$base/livez"
  run_wrk valid "$base" "$work/valid.txt"
  run_wrk unknown "$base" "$work/unknown.txt" "${many[@]}"
  [ "${round:-w}" = "$rounds" ] && idle=$(idle_after_load "$pid")
  if [ "$vlog" = 1 ]; then
    run_wrk vlog-valid "$vlog_base" "$work/vlog/valid.txt"
    run_wrk vlog-unknown "$vlog_base" "$work/vlog/unknown.txt" "${many[@]}"
    [ "${round:-w}" = "$rounds" ] && vlog_idle=$(idle_after_load "$vlog_pid")
  fi
  return 0
}
: >"$work/results"
if [ "$warmup" -gt 0 ]; then
  saved=$duration
  duration=$warmup
  round=w scenarios
  duration=$saved
  : >"$work/results"
fi
for round in $(seq 1 "$rounds"); do scenarios; done
round=""
load_rss=$(rss_mb)
load_heap=$(heap_after_gc_mb)
stop_peers
if [ "$vlog" = 1 ]; then
  vlog_rss=$(ps -o rss= -p "$vlog_pid" | awk '{ printf "%.0f", $1 / 1024 }')
  vlog_metrics=$(metrics_of_interest "$vlog_base")
  stop_vlog
  if [ -f "$work/vlog/verifications.log" ]; then
    vlog_file="$(wc -l <"$work/vlog/verifications.log") lines, $(du -m "$work/vlog/verifications.log" | cut -f1) MB"
  else
    vlog_file="no file written (does this build know LATCHKEY_VERIFICATION_LOG?)"
  fi
fi
metrics=$(metrics_of_interest "$base")

# SIGTERM under load: the unknown pass running (for twice the duration), the signal a third of the way through it
saved=$duration; duration=$((saved * 2)); round=term
run_wrk sigterm-unknown "$base" "$work/unknown.txt" "${many[@]}" 2>/dev/null &
wrk_pid=$!
sleep $(( (saved * 2) / 3 ))
stop_timed; term=$stopped_in
wait "$wrk_pid" 2>/dev/null || true
duration=$saved; round=""
sed -i '/^sigterm-unknown /d' "$work/results"

start
cold_first_ms=$first_200_ms
cold_idle_rss=$(rss_mb)
ONCE=1 KEYS_FILE="$work/valid.txt" THREADS=$threads wrk -t"$threads" -c"$connections" -d60s --latency -s bench/keys.lua \
  "$base/v1/auth" >"$work/wrk-cold.txt"
cold_line=$(grep '^cold:' "$work/wrk-cold.txt" || echo "cold: not measured")
cold_rps=$(echo "$cold_line" | awk '$NF == "requests/s" { print $(NF-1) }')
cold_rps=${cold_rps:-0}  # 0: not measured (a thread did not use all its keys within 60 s)
cold_p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$work/wrk-cold.txt")")
cold_p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$work/wrk-cold.txt")")
stop

# a throttled client: the default failure threshold (50 in 5 minutes), then the unknown keys from the one address
# wrk sends from: after the first 50 refusals, every request is 429 too_many_failures
env_vars+=("LATCHKEY_THROTTLE_MAX_FAILURES=50")
start
if [ "$warmup" -gt 0 ]; then
  saved=$duration
  duration=$warmup
  run_wrk warmup-throttled "$base" "$work/unknown.txt"
  duration=$saved
fi
round=1
run_wrk throttled "$base" "$work/unknown.txt"
grep -q "Non-2xx" "$work/wrk-throttled-1.txt" || echo "bench: the throttled pass got no refusals" >&2
stop

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$work/results" | median; }
total() { awk -v n="$1" -v c="$2" '$1 == n { s += $c } END { print s + 0 }' "$work/results"; }
per_round() { awk -v n="$1" -v c="$2" '$1 == n { printf "%s%s", sep, $c; sep = ";" }' "$work/results"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
livez=$(col livez 2) livez_p99=$(col livez 4) nginx=$(col nginx 2) fastapi=$(col fastapi 2)
printf '\n%-44s %9s %8s %8s %8s %8s %9s %10s\n' "scenario (median of $rounds)" rps "p50 ms" "p99 ms" "/livez" "/nginx" "/FastAPI" \
  "p99/livez"
row() { # row NAME LABEL
  local rps p99
  rps=$(col "$1" 2); p99=$(col "$1" 4)
  printf '%-44s %9.0f %8.2f %8.2f %8s %8s %9s %10s\n' "$2" "$rps" "$(col "$1" 3)" "$p99" "$(ratio "$rps" "$livez")" \
    "$(ratio "$rps" "$nginx")" "$(ratio "$rps" "$fastapi")" "$(ratio "$p99" "$livez_p99")"
}
row fastapi "FastAPI tutorial peer, GET /data, 1 key"
row nginx "nginx return 200, 1 worker (HTTP limit)"
row livez "GET /livez (ceiling)"
row valid "GET /v1/auth, $keys valid keys"
row unknown "GET /v1/auth, unknown keys, $addresses addr"
if [ "$vlog" = 1 ]; then
  row vlog-valid "  verification log: $keys valid keys"
  row vlog-unknown "  verification log: unknown, $addresses addr"
fi
printf '%-44s %9.0f %8.2f %8.2f %8s\n' "cold pass (fresh start, each once)" "$cold_rps" "$cold_p50" "$cold_p99" "$(ratio "$cold_rps" "$livez")"
printf '%-44s %9.0f %8.2f %8.2f %8s\n' "throttled client (429 after 50)" "$(col throttled 2)" "$(col throttled 3)" \
  "$(col throttled 4)" "$(ratio "$(col throttled 2)" "$livez")"
echo
echo "valid keys: non-2xx $(total valid 5) (target 0; per round $(per_round valid 5)), socket errors $(total valid 6); statuses: $(statuses_of valid)"
[ "$vlog" = 1 ] && echo "valid keys, verification log: non-2xx $(total vlog-valid 5) (per round $(per_round vlog-valid 5)), socket errors $(total vlog-valid 6)"
echo "unknown keys: statuses $(statuses_of unknown)(429: throttled; socket errors $(total unknown 6)); $(grep -h '^addresses:' "$work"/wrk-unknown-[0-9]*.txt | awk '{ s += $2 } END { print s + 0 }') requests carried an X-Forwarded-For address (from $addresses)"
echo "FastAPI peer: non-2xx $(total fastapi 5); nginx: non-2xx $(total nginx 5)"
echo "$cold_line"
echo "rounds: $(tr '\n' ';' <"$work/results")"
echo "CPU back under 5% of a core after the last unknown pass: ${idle:-not measured} (target <= 2 s)"
[ "$vlog" = 1 ] && echo "CPU back under 5% of a core, verification log instance: ${vlog_idle:-not measured}"
echo "SIGTERM under load (unknown pass running): exited in $term (target <= 10 s)"
echo "RSS: idle ${idle_rss} MB after start, ${load_rss} MB after load (target <= 600 MB); idle ${cold_idle_rss} MB after the second start"
echo "heap after a full GC after the load: ${load_heap} MB"
[ "$vlog" = 1 ] && echo "verification log: ${vlog_file}; that instance's RSS after load ${vlog_rss} MB"
echo "first 200 on /livez after launch: ${first_start_ms} ms (first start), ${cold_first_ms} ms (second start)"
echo "/prometheus after the load (audit, verification, drops):"
echo "$metrics" | sed 's/^/  /'
[ "$vlog" = 1 ] && { echo "/prometheus of the verification log instance:"; echo "$vlog_metrics" | sed 's/^/  /'; }
echo "service log: $(cat "$work/latchkey.log" | grep -c -E ' (ERROR|WARN) ' || true) WARN/ERROR lines"
grep -E ' (ERROR|WARN) ' "$work/latchkey.log" | cut -c14-200 | sort | uniq -c | sort -rn | head -5 || true
