#!/usr/bin/env bash
# The same bench on each production store, back to back in one session: bench/run.sh on MySQL (the local
# MySQL-compatible server) and on PostgreSQL (the local server), each with its own /livez ceiling, so that the ratios
# compare across stores on a noisy machine. Every option goes to run.sh (e.g. --duration 8 --rounds 3 --warmup 5);
# --passes N alternates the stores N times (default 1). Prints each run in full, then the summary lines side by side.
#   bench/stores.sh [--passes 1] [run.sh options]
set -euo pipefail
cd "$(dirname "$0")/.."

passes=1
declare -a options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --passes) passes=${2:?--passes needs a value}; shift ;;
    --embedded | --postgresql) echo "stores: runs each store itself; $1 does not apply" >&2; exit 2 ;;
    *) options+=("$1") ;;
  esac
  shift
done
command -v psql >/dev/null || { echo "stores: psql is missing (Debian: postgresql-client)" >&2; exit 2; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for pass in $(seq 1 "$passes"); do
  for store in mysql postgresql; do
    flag=()
    [ "$store" = postgresql ] && flag=(--postgresql)
    echo "== pass $pass, $store"
    bench/run.sh "${flag[@]}" "${options[@]}" | tee "$out/$store-$pass.txt"
  done
done

echo
echo "== summary (each store's ratios are to its own run's /livez)"
for pass in $(seq 1 "$passes"); do
  for store in mysql postgresql; do
    echo "-- pass $pass, $store"
    grep -E '^(scenario|FastAPI|nginx|GET|  verification log|cold pass|throttled client|valid keys|unknown keys|CPU|SIGTERM|RSS|heap)' \
      "$out/$store-$pass.txt" || true
  done
done
