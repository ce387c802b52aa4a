#!/usr/bin/env bash
# Latchkey's soak test, on loopback only: measures the maximum rate of GET /v1/auth with valid keys, then holds a
# fraction of it (80% by default) for MINUTES (10 by default) and samples, every 30 s, the heap after a full GC
# (jcmd GC.run, then GC.heap_info), the RSS and the thread count, printed as a series. Alongside, unless --unknown 0,
# a second paced wrk sends unknown keys, each from the next of --addresses client addresses (X-Forwarded-For,
# loopback trusted as a proxy; the failure throttle keeps its default), at --unknown times the target rate (0.2 by
# default): the failure counter and the verification summaries under an attacker's spray. Passes (exit 0) when the
# valid keys saw no error and no non-2xx answer, the heap after GC is flat (the last sample within 10% or 16 MB of the
# first) and the thread count is flat (within 4 of the first sample).
#
#   bench/soak.sh [--embedded | --postgresql] [--minutes 10] [--fraction 0.8] [--unknown 0.2] [--addresses 1000000]
#                 [--keys 10000] [--users 100] [--connections 64] [--threads 2] [--build]
# --connections is wrk's for the maximum; the soak itself paces as many connections as the target needs.
# Needs what bench/run.sh needs, plus jcmd (in the JDK).
set -euo pipefail
cd "$(dirname "$0")/.."

store=mysql minutes=10 fraction=0.8 unknown=0.2 addresses=1000000 keys=10000 users=100 connections=64 threads=2 build=0
. bench/options.sh
while [ $# -gt 0 ]; do
  if bench_option "$@"; then shift "$consumed"; continue; fi
  case "$1" in
    --minutes) minutes=$2; shift ;;
    --fraction) fraction=$2; shift ;;
    --unknown) unknown=$2; shift ;;
    --addresses) addresses=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
for tool in java jcmd wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "soak: $tool is missing (wrk: apt-get install wrk)" >&2; exit 2; }
done

bench_default_throttle=1
. bench/lib.sh
[ -z "${LATCHKEY_HTTP_TRUSTED_PROXIES:-}" ] && env_vars+=("LATCHKEY_HTTP_TRUSTED_PROXIES=127.0.0.1/32")

# wrk_auth SECONDS [PACE_MS CONNECTIONS]: GET /v1/auth with the valid keys in rotation; prints wrk's report
wrk_auth() {
  local pace_env=() c=$connections
  [ -n "${2:-}" ] && pace_env=("PACE_MS=$2") && c=$3
  env KEYS_FILE="$work/valid.txt" THREADS="$threads" "${pace_env[@]}" \
    wrk -t"$threads" -c"$c" -d"${1}s" --latency -s bench/keys.lua "$base/v1/auth"
}
rps_of() { awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$1"; }

# heap used after a full GC (MB), live threads and RSS (MB), as "heap threads rss"
sample() {
  echo "$(heap_after_gc_mb) $(awk '/^Threads:/ { print $2 }' "/proc/$pid/status") $(rss_mb)"
}

echo "soak: store=$store keys=$keys, ${minutes} min at ${fraction} of the measured maximum, wrk -t$threads -c$connections"
start
python3 bench/seed.py "$base" "$admin_key" "$keys" "$users" "$work"
wrk_auth 10 >/dev/null                                  # warm-up
wrk_auth 20 >"$work/max.txt"
max=$(rps_of "$work/max.txt")
target=$(awk -v m="$max" -v f="$fraction" 'BEGIN { printf "%.0f", m * f }')
# wrk has no rate option: each connection waits PACE ms after each answer, and the number of connections sets the
# rate (about connections * 1000 / (PACE + latency)); calibrated twice against the target
pace=10
paced=$(awk -v t="$target" -v p="$pace" 'BEGIN { c = int(t * p / 1000 + 0.5); print (c < 2 ? 2 : c) }')
for _ in 1 2; do
  wrk_auth 15 "$pace" "$paced" >"$work/calibrate.txt"
  got=$(rps_of "$work/calibrate.txt")
  paced=$(awk -v c="$paced" -v g="$got" -v t="$target" 'BEGIN { n = int(c * t / g + 0.5); print (n < 2 ? 2 : n) }')
done
echo "soak: maximum ${max} requests/s (-c$connections); target ${target}: ${paced} connections, each pausing ${pace} ms"

: >"$work/samples"
echo "0 $(sample)" >>"$work/samples"
wrk_auth $((minutes * 60)) "$pace" "$paced" >"$work/soak.txt" &
wrk_pid=$!
unknown_pid=""
if awk -v u="$unknown" 'BEGIN { exit !(u > 0) }'; then
  # the same pace, connections in proportion: about --unknown times the valid keys' rate (more, as a 401 is no slower)
  unknown_c=$(awk -v c="$paced" -v u="$unknown" 'BEGIN { n = int(c * u + 0.5); print (n < 2 ? 2 : n) }')
  echo "soak: alongside, unknown keys from $addresses addresses: ${unknown_c} connections, each pausing ${pace} ms"
  env KEYS_FILE="$work/unknown.txt" THREADS="$threads" PACE_MS="$pace" ADDRESSES="$addresses" \
    wrk -t"$threads" -c"$unknown_c" -d"$((minutes * 60))s" --latency -s bench/keys.lua "$base/v1/auth" >"$work/unknown-soak.txt" &
  unknown_pid=$!
fi
elapsed=0
while kill -0 "$wrk_pid" 2>/dev/null; do
  sleep 30
  elapsed=$((elapsed + 30))
  kill -0 "$wrk_pid" 2>/dev/null && echo "$elapsed $(sample)" >>"$work/samples"
done
wait "$wrk_pid"
[ -z "$unknown_pid" ] || wait "$unknown_pid"
echo "$((minutes * 60)) $(sample)" >>"$work/samples"

rps=$(rps_of "$work/soak.txt")
requests=$(awk '/requests in/ { print $1 }' "$work/soak.txt")
errors=$(awk '/Socket errors/ { gsub(/[^0-9 ]/, " "); s = 0; for (i = 1; i <= NF; i++) s += $i; print s }' "$work/soak.txt")
errors=${errors:-0}
non2xx=$(awk '/Non-2xx/ { print $NF }' "$work/soak.txt")
non2xx=${non2xx:-0}
p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$work/soak.txt")")
p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$work/soak.txt")")
read -r heap_first threads_first _ < <(head -1 "$work/samples" | cut -d' ' -f2-)
read -r heap_last threads_last _ < <(tail -1 "$work/samples" | cut -d' ' -f2-)
heap_max=$(awk '{ if ($2 > m) m = $2 } END { print m }' "$work/samples")
threads_min=$(awk 'NR == 1 || $3 < m { m = $3 } END { print m }' "$work/samples")
threads_max=$(awk '{ if ($3 > m) m = $3 } END { print m }' "$work/samples")

echo
echo "soak: ${requests} requests in ${minutes} min = ${rps} requests/s ($(awk -v r="$rps" -v m="$max" 'BEGIN { printf "%.0f%%", 100 * r / m }') of the maximum ${max}); p50 ${p50} ms, p99 ${p99} ms"
echo "soak: errors ${errors}, non-2xx ${non2xx}"
echo "soak: heap after full GC ${heap_first} MB at the start, ${heap_last} MB at the end (max ${heap_max} MB); threads ${threads_first} -> ${threads_last} (${threads_min}..${threads_max})"
if [ -n "$unknown_pid" ]; then
  echo "soak: unknown keys alongside: $(awk '/requests in/ { print $1 }' "$work/unknown-soak.txt") requests, $(rps_of "$work/unknown-soak.txt") requests/s; $(grep -h -e '^statuses:' -e '^addresses:' "$work/unknown-soak.txt" | tr '\n' ' ')"
fi
echo "soak: series (heap after a full GC, threads, RSS):"
awk '{ printf "  %5d s  heap %5d MB  threads %4d  RSS %5d MB\n", $1, $2, $3, $4 }' "$work/samples"
heap_flat=$(awk -v a="$heap_first" -v b="$heap_last" 'BEGIN { print (b <= a * 1.10 || b <= a + 16) ? 1 : 0 }')
threads_flat=$(( threads_max - threads_first <= 4 ? 1 : 0 ))
if [ "$errors" = 0 ] && [ "$non2xx" = 0 ] && [ "$heap_flat" = 1 ] && [ "$threads_flat" = 1 ]; then
  echo "soak: PASS (no errors, heap and threads flat)"
else
  echo "soak: FAIL (errors ${errors}, non-2xx ${non2xx}, heap flat ${heap_flat}, threads flat ${threads_flat})"
  exit 1
fi
