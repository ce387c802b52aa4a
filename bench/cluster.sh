#!/usr/bin/env bash
# Latchkey's cluster benchmark, on loopback only: what sharing rate limits through Redis costs, and what three nodes
# behind nginx serve. In ONE run, on one MySQL database (a fresh one on the local server; --postgresql: on PostgreSQL;
# or BENCH_JDBC_URL):
#   node A            one node, rate limits in its memory (no Redis)            port 18080
#   nodes B1, B2, B3  three nodes sharing rate limits and failure counts in Redis  ports 18081-18083
#   nginx             docs/cluster/latchkey-cluster.conf balancing B1-B3          port 18000
# All keys have a rate limit (1,000,000 a minute: never refused, always checked). Each node, then each scenario, once
# as a warm-up (--warmup seconds, unreported), then ROUNDS rounds interleaved, medians reported:
#   node-livez     GET /livez on A: one node's ceiling
#   node-memory    GET /v1/auth on A, valid keys: one node, limits in memory
#   node-redis     GET /v1/auth on B1 alone, valid keys: one node, limits in Redis
#   node-redis-unlimited, node-redis-unknown  the same with 1,000 keys without limits (no Redis call expected),
#                  and with unknown keys (401: each failure counted in Redis, in the background)
#   cluster-livez  GET /livez through nginx: the three nodes' ceiling behind the proxy
#   cluster-redis  GET /v1/auth through nginx, valid keys: the cluster, limits in Redis
#   latency-memory, latency-redis  as node-memory and node-redis with ONE connection: the latency a caller sees
# and the Redis cost of a verification three ways: Redis commands per verification (INFO commandstats against wrk's
# request count), the latency it adds (p50 with one connection), and the machine time it adds (1/rps at saturation).
#
#   bench/cluster.sh [--keys 10000] [--users 100] [--duration 10] [--rounds 3] [--warmup 10] [--connections 64]
#                    [--threads 2] [--build]
# Needs what bench/run.sh needs (MySQL-compatible server), plus nginx (Debian: nginx-light) and Redis: the server in
# BENCH_REDIS_URL, else redis://127.0.0.1:6379; redis-cli reads its command counts. The run uses its own Redis
# namespace and deletes its keys at the end. On one machine the nodes, nginx, Redis, the database and wrk share the
# same cores: the cluster figures measure the cost of the hop and of sharing, not the capacity of three machines.
set -euo pipefail
cd "$(dirname "$0")/.."

store=mysql keys=10000 users=100 duration=10 rounds=3 warmup=10 connections=64 threads=2 build=0
. bench/options.sh
while [ $# -gt 0 ]; do
  if bench_option "$@"; then shift "$consumed"; continue; fi
  case "$1" in
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ "$store" != embedded ] || { echo "cluster: the nodes share one database server; --embedded does not apply" >&2; exit 2; }
nginx_bin=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
[ -n "$nginx_bin" ] || { echo "cluster: nginx is missing (apt-get install nginx-light)" >&2; exit 2; }
for tool in java wrk curl python3 redis-cli; do
  command -v "$tool" >/dev/null || { echo "cluster: $tool is missing (wrk: apt-get install wrk; redis-cli: redis-tools)" >&2; exit 2; }
done
redis_url=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
redis() { redis-cli -u "$redis_url" "$@"; }
redis ping >/dev/null || { echo "cluster: no Redis answers at $redis_url (set BENCH_REDIS_URL)" >&2; exit 2; }

BENCH_PORT=18080
. bench/lib.sh

namespace="latchkey-bench-$$"
node_pids=()
nginx_pid=""
cluster_cleanup() {
  for p in "${node_pids[@]}" $nginx_pid; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  redis --scan --pattern "$namespace:*" | xargs -r redis-cli -u "$redis_url" del >/dev/null || true
  cleanup
}
trap cluster_cleanup EXIT

# start_node NAME PORT [VAR=VALUE...]: the jar in its own directory, with the run's settings plus the given ones
start_node() {
  local name=$1 node_port=$2
  shift 2
  mkdir -p "$work/$name"
  (cd "$work/$name" && exec env "${env_vars[@]}" "MICRONAUT_SERVER_PORT=$node_port" "$@" \
    java ${BENCH_JAVA_OPTS:-} -jar "$jar" >>"$work/$name.log" 2>&1) &
  node_pids+=($!)
}
await_node() { # await_node NAME PORT
  local deadline=$((SECONDS + 120))
  until curl -sf -o /dev/null "http://127.0.0.1:$2/livez"; do
    [ $SECONDS -lt $deadline ] || { echo "cluster: node $1 did not start:" >&2; tail -20 "$work/$1.log" >&2; exit 1; }
    sleep 0.1
  done
}

echo "cluster: keys=$keys users=$users wrk -t$threads -c$connections -d${duration}s, $rounds rounds after a ${warmup}s warm-up of each"
echo "cluster: machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(java -version 2>&1 | head -1), $(redis info server | tr -d '\r' | awk -F: '$1 == "redis_version" { print "Redis " $2 }'), $("$nginx_bin" -v 2>&1 | sed 's/.*: //')"
# node A first: it migrates the fresh database; then the three Redis nodes together
start_node A 18080
await_node A 18080
shared=("LATCHKEY_REDIS_URL=$redis_url" "LATCHKEY_REDIS_NAMESPACE=$namespace" "LATCHKEY_REDIS_EXPECTED_NODES=3"
  "LATCHKEY_HTTP_TRUSTED_PROXIES=127.0.0.1/32")
for i in 1 2 3; do start_node "B$i" "1808$i" "${shared[@]}"; done
for i in 1 2 3; do await_node "B$i" "1808$i"; done

mkdir -p "$work/nginx"
sed -e 's/127\.0\.0\.1:8081/127.0.0.1:18081/; s/127\.0\.0\.1:8082/127.0.0.1:18082/; s/127\.0\.0\.1:8083/127.0.0.1:18083/' \
  -e 's/listen 127\.0\.0\.1:8000;/listen 127.0.0.1:18000;/' docs/cluster/latchkey-cluster.conf >"$work/nginx/cluster.conf"
grep -q 18083 "$work/nginx/cluster.conf" && grep -q 'listen 127.0.0.1:18000' "$work/nginx/cluster.conf" \
  || { echo "cluster: docs/cluster/latchkey-cluster.conf no longer names 127.0.0.1:8081-8083 and port 8000" >&2; exit 1; }
n="$work/nginx"
cat >"$n/nginx.conf" <<EOF
daemon off;
master_process off;
pid $n/nginx.pid;
error_log $n/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $n/body; proxy_temp_path $n/proxy; fastcgi_temp_path $n/fastcgi;
  uwsgi_temp_path $n/uwsgi; scgi_temp_path $n/scgi;
  include $n/cluster.conf;
}
EOF
run_nginx "$nginx_bin" "$n" "http://127.0.0.1:18000/livez" cluster

python3 bench/seed.py "http://127.0.0.1:18080" "$admin_key" "$keys" "$users" "$work" rate
# and a few keys without any limit: they must cost Redis nothing
mkdir -p "$work/unlimited"
python3 bench/seed.py "http://127.0.0.1:18080" "$admin_key" 1000 10 "$work/unlimited" none

evals() { redis info commandstats | tr -d '\r' | awk -F'[:=,]' '$1 == "cmdstat_evalsha" || $1 == "cmdstat_eval" { n += $3 } END { print n + 0 }'; }

# measure NAME URL [KEYS_FILE] [CONNECTIONS THREADS]: appends "NAME rps p50 p99 requests redis_evals" to $work/results
measure() {
  local name=$1 url=$2 file=${3:-} c=${4:-$connections} t=${5:-$threads} out="$work/wrk-$1.txt" before after
  before=$(evals)
  if [ -n "$file" ]; then
    KEYS_FILE=$file THREADS=$t wrk -t"$t" -c"$c" -d"${duration}s" --latency -s bench/keys.lua "$url" >"$out"
  else
    wrk -t"$t" -c"$c" -d"${duration}s" --latency "$url" >"$out"
  fi
  after=$(evals)
  if grep -q -e "Non-2xx" -e "Socket errors" "$out"; then echo "cluster: $name got errors or non-2xx answers:" >&2; cat "$out" >&2; fi
  echo "$name $(awk '/^Requests\/sec/ { print $2 }' "$out") $(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")") \
$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")") $(awk '/requests in/ { print $1 }' "$out") $((after - before))" >>"$work/results"
}

node_a=http://127.0.0.1:18080 node_b1=http://127.0.0.1:18081 balancer=http://127.0.0.1:18000
scenarios() {
  measure node-livez "$node_a/livez"
  measure node-memory "$node_a/v1/auth" "$work/valid.txt"
  measure node-redis "$node_b1/v1/auth" "$work/valid.txt"
  measure node-redis-unlimited "$node_b1/v1/auth" "$work/unlimited/valid.txt"
  measure node-redis-unknown "$node_b1/v1/auth" "$work/unknown.txt" 2>/dev/null
  measure cluster-livez "$balancer/livez"
  measure cluster-redis "$balancer/v1/auth" "$work/valid.txt"
  measure latency-memory "$node_a/v1/auth" "$work/valid.txt" 1 1
  measure latency-redis "$node_b1/v1/auth" "$work/valid.txt" 1 1
}
: >"$work/results"
if [ "$warmup" -gt 0 ]; then
  saved=$duration
  duration=$warmup
  # every node at full load once, not only through nginx: a node still compiling its hot path would measure the JIT
  measure warm-b2 "http://127.0.0.1:18082/v1/auth" "$work/valid.txt"
  measure warm-b3 "http://127.0.0.1:18083/v1/auth" "$work/valid.txt"
  scenarios
  duration=$saved
  : >"$work/results"
fi
for round in $(seq 1 "$rounds"); do scenarios; done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$work/results" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
# Redis commands per verification: all rounds of a scenario together
per_request() { awk -v n="$1" '$1 == n { r += $5; e += $6 } END { printf "%.3f", (r ? e / r : 0) }' "$work/results"; }
node_ceiling=$(col node-livez 2)
cluster_ceiling=$(col cluster-livez 2)
printf '\n%-46s %9s %8s %8s %10s %12s %13s\n' "scenario (median of $rounds)" rps "p50 ms" "p99 ms" "of node" "of ceiling" "Redis/request"
row() { # row NAME LABEL CEILING
  local rps
  rps=$(col "$1" 2)
  printf '%-46s %9.0f %8.2f %8.2f %10s %12s %13s\n' "$2" "$rps" "$(col "$1" 3)" "$(col "$1" 4)" \
    "$(ratio "$rps" "$(col node-memory 2)")" "$(ratio "$rps" "$3")" "$(per_request "$1")"
}
row node-livez "GET /livez, node A (one node's ceiling)" "$node_ceiling"
row node-memory "GET /v1/auth, one node, limits in memory" "$node_ceiling"
row node-redis "GET /v1/auth, one node, limits in Redis" "$node_ceiling"
row node-redis-unlimited "  the same node, keys without limits" "$node_ceiling"
row node-redis-unknown "  the same node, unknown keys (401)" "$node_ceiling"
row cluster-livez "GET /livez, 3 nodes behind nginx" "$cluster_ceiling"
row cluster-redis "GET /v1/auth, 3 nodes behind nginx, Redis" "$cluster_ceiling"
row latency-memory "one connection, limits in memory" "$node_ceiling"
row latency-redis "one connection, limits in Redis" "$node_ceiling"
echo
echo "Redis cost per verification of a key with a limit:"
echo "  Redis scripts run per verification: $(per_request node-redis) (one node), $(per_request cluster-redis) (cluster); $(per_request node-redis-unlimited) for keys without limits; $(per_request node-redis-unknown) per failure (unknown keys); $(per_request node-memory) without Redis"
echo "  (below 1: requests a node served from its own share while it had given up on Redis for a retry interval;"
echo "   above 1 by a few in a thousand: wrk counts only the answers that arrived before it stopped)"
awk -v m="$(col latency-memory 3)" -v r="$(col latency-redis 3)" \
  'BEGIN { printf "  latency added (p50, one connection): %.0f us (%.3f ms against %.3f ms)\n", (r - m) * 1000, r, m }'
awk -v m="$(col node-memory 2)" -v r="$(col node-redis 2)" \
  'BEGIN { printf "  machine time added at saturation (1/rps): %.1f us a request (%.1f us against %.1f us)\n", 1e6 / r - 1e6 / m, 1e6 / r, 1e6 / m }'
echo "rounds: $(tr '\n' ';' <"$work/results")"
# what went wrong, if anything: the nodes' warnings and errors, nginx's (a node it could not reach)
for name in A B1 B2 B3; do
  echo "node $name: $(grep -c -E ' (ERROR|WARN) ' "$work/$name.log" || true) WARN/ERROR lines"
  grep -E ' (ERROR|WARN) ' "$work/$name.log" | cut -c14-200 | sort | uniq -c | sort -rn | head -3 || true
done
echo "nginx: $(grep -c . "$n/error.log" || true) lines in its error log"
sed -E 's/^[0-9/: ]+//; s/, client:.*//' "$n/error.log" | sort | uniq -c | sort -rn | head -3 || true
