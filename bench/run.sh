#!/usr/bin/env bash
# Latchkey's side-by-side benchmark, on loopback only. Builds the jar when missing, starts it on MySQL (the local
# server, a fresh database), on PostgreSQL (--postgresql: the local server on 127.0.0.1:5432, user postgres or
# BENCH_PG_USER, a fresh database) or on the embedded default, creates users and keys through the API, then in ONE run
# measures with wrk: /livez (the ceiling), /v1/auth with the valid keys in rotation, /v1/auth with as many unknown
# well-formed keys, each ROUNDS times interleaved (medians reported); then a cold pass on a fresh start (every key
# used once), and a throttled client (unknown keys past the failure threshold: 429s). Prints rps, p50, p99, ratios to
# the ceiling, idle RSS, RSS after load and time to first 200.
#
#   bench/run.sh [--embedded | --postgresql] [--keys 10000] [--users 100] [--duration 15] [--rounds 3] [--warmup 10]
#                [--connections 64] [--threads 2] [--build] [--no-limits] [--allowed-cidrs]
# Every valid key has a rate limit (1,000,000 a minute: never refused, always checked) unless --no-limits; the audit
# trail and usage counts are always on. --allowed-cidrs restricts every key to 8 address blocks (loopback last), the
# cost of that check. BENCH_JAR=<another latchkey.jar> measures another build the same way.
# Before the measured rounds, each scenario runs once for --warmup seconds, unreported (JIT, first use of each key).
# LATCHKEY_* variables of the caller reach the service (e.g. LATCHKEY_CACHE_PRELOAD=0 for a cold pass without
# the preload). BENCH_JAVA_OPTS are given to the service's JVM, e.g. a JFR recording:
#   BENCH_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/latchkey.jfr,settings=profile" bench/run.sh
# Needs: java 17+, wrk (Debian package wrk), curl, python3; for MySQL a server on 127.0.0.1:3306 (user root, empty
# password) or BENCH_JDBC_URL / BENCH_JDBC_USER / BENCH_JDBC_PASSWORD pointing at a database of your own.
set -euo pipefail
cd "$(dirname "$0")/.."

store=mysql keys=10000 users=100 duration=15 rounds=3 warmup=10 connections=64 threads=2 build=0 limits=rate cidrs=any
. bench/options.sh
while [ $# -gt 0 ]; do
  if bench_option "$@"; then shift "$consumed"; continue; fi
  case "$1" in
    --no-limits) limits=none ;;
    --allowed-cidrs) cidrs=cidrs ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
for tool in java wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (wrk: apt-get install wrk)" >&2; exit 2; }
done

. bench/lib.sh

# run_wrk NAME URL [KEYS_FILE]: appends "NAME rps p50 p99" to $work/results
run_wrk() {
  local name=$1 url=$2 file=${3:-} out="$work/wrk-$1.txt"
  if [ -n "$file" ]; then
    KEYS_FILE=$file THREADS=$threads wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s bench/keys.lua "$url" >"$out"
  else
    wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$url" >"$out"
  fi
  grep -q "Non-2xx" "$out" && { echo "bench: $name got non-2xx answers:" >&2; cat "$out" >&2; }
  local rps p50 p99
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  echo "$name $rps $p50 $p99" >>"$work/results"
}

echo "bench: store=$store keys=$keys users=$users wrk -t$threads -c$connections -d${duration}s, $rounds rounds after a ${warmup}s warm-up of each"
echo "bench: machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(java -version 2>&1 | head -1)"
start
idle_rss=$(rss_mb)
first_start_ms=$first_200_ms
python3 bench/seed.py "$base" "$admin_key" "$keys" "$users" "$work" "$limits" "$cidrs"
: >"$work/results"
if [ "$warmup" -gt 0 ]; then
  saved=$duration
  duration=$warmup
  run_wrk warmup "$base/livez"
  run_wrk warmup "$base/v1/auth" "$work/valid.txt"
  run_wrk warmup "$base/v1/auth" "$work/unknown.txt" 2>/dev/null
  duration=$saved
  : >"$work/results"
fi
for round in $(seq 1 "$rounds"); do
  run_wrk livez "$base/livez"
  run_wrk valid "$base/v1/auth" "$work/valid.txt"
  # unknown well-formed keys answer 401: wrk counts them as non-2xx, which is what they are
  run_wrk unknown "$base/v1/auth" "$work/unknown.txt" 2>/dev/null
done
load_rss=$(rss_mb)
stop

start
cold_first_ms=$first_200_ms
cold_idle_rss=$(rss_mb)
ONCE=1 KEYS_FILE="$work/valid.txt" THREADS=$threads wrk -t"$threads" -c"$connections" -d60s --latency -s bench/keys.lua \
  "$base/v1/auth" >"$work/wrk-cold.txt"
cold_line=$(grep '^cold:' "$work/wrk-cold.txt" || echo "cold: not measured")
cold_rps=$(echo "$cold_line" | awk '{ print $(NF-1) }')
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
  run_wrk warmup-throttled "$base/v1/auth" "$work/unknown.txt" 2>/dev/null
  duration=$saved
fi
run_wrk throttled "$base/v1/auth" "$work/unknown.txt" 2>/dev/null
grep -q "Non-2xx" "$work/wrk-throttled.txt" || echo "bench: the throttled pass got no refusals" >&2
stop

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$work/results" | median; }
ceiling=$(col livez 2)
ceiling_p99=$(col livez 4)
printf '\n%-34s %10s %9s %9s %14s %12s\n' "scenario (median of $rounds)" rps "p50 ms" "p99 ms" "rps/ceiling" "p99/ceiling"
for name in livez valid unknown; do
  rps=$(col $name 2); p50=$(col $name 3); p99=$(col $name 4)
  label=$name
  [ $name = livez ] && label="GET /livez (ceiling)"
  [ $name = valid ] && label="GET /v1/auth, $keys valid keys"
  [ $name = unknown ] && label="GET /v1/auth, $keys unknown keys"
  printf '%-34s %10.0f %9.2f %9.2f %13.2fx %11.2fx\n' "$label" "$rps" "$p50" "$p99" \
    "$(awk -v a="$rps" -v b="$ceiling" 'BEGIN { print a / b }')" "$(awk -v a="$p99" -v b="$ceiling_p99" 'BEGIN { print a / b }')"
done
printf '%-34s %10.0f %9.2f %9.2f %13.2fx\n' "cold pass (fresh start, each once)" "$cold_rps" "$cold_p50" "$cold_p99" \
  "$(awk -v a="$cold_rps" -v b="$ceiling" 'BEGIN { print a / b }')"
throttled_rps=$(col throttled 2)
printf '%-34s %10.0f %9.2f %9.2f %13.2fx\n' "throttled client (429 after 50)" "$throttled_rps" "$(col throttled 3)" \
  "$(col throttled 4)" "$(awk -v a="$throttled_rps" -v b="$ceiling" 'BEGIN { print a / b }')"
echo "$cold_line"
echo "rounds: $(tr '\n' ';' <"$work/results")"
echo "RSS: idle ${idle_rss} MB after start, ${load_rss} MB after load; idle ${cold_idle_rss} MB after the second start"
echo "first 200 on /livez after launch: ${first_start_ms} ms (first start), ${cold_first_ms} ms (second start)"
