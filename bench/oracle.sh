#!/usr/bin/env bash
# Is a key id's existence visible in /v1/auth's timing? Starts the service on loopback (MySQL, or --embedded), seeds
# keys, and runs bench/oracle.py: known ids with wrong secrets against unknown ids, interleaved, each request from the
# next of --addresses loopback client addresses (127.1.0.1, ...; 1: one address); prints both medians and the z.
#
#   bench/oracle.sh [--embedded | --postgresql] [--samples 5000] [--warmup 1000] [--addresses 1000] [--build]
set -euo pipefail
cd "$(dirname "$0")/.."

store=mysql samples=5000 warmup=1000 addresses=1000 build=0
. bench/options.sh
while [ $# -gt 0 ]; do
  if bench_option "$@"; then shift "$consumed"; continue; fi
  case "$1" in
    --samples) samples=$2; shift ;;
    --addresses) addresses=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
for tool in java curl python3; do
  command -v "$tool" >/dev/null || { echo "oracle: $tool is missing" >&2; exit 2; }
done

. bench/lib.sh

echo "oracle: store=$store"
start
python3 bench/seed.py "$base" "$admin_key" 1000 10 "$work"
python3 bench/oracle.py "$base" "$work/valid.txt" "$samples" "$warmup" "$addresses"
