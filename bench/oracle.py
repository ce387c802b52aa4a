#!/usr/bin/env python3
"""Measures whether /v1/auth betrays which key ids exist: the time of a well-formed key with a KNOWN id and a wrong
secret against the time of a well-formed key with an UNKNOWN id, interleaved in random order. Both must answer 401
invalid_key. The known ids are the first 1000 issued keys' (used over and over, as a service's keys are); every
unknown id is a fresh one, never sent before, as an attacker asking "does this id exist?" sends it. Prints both
medians, their difference and the Mann-Whitney z (|z| under 3: no difference the test can detect at that sample
size).

Client addresses are varied, as an attacker spraying from many addresses would: each request comes from the next of
ADDRESSES loopback source addresses (127.1.0.1, 127.1.0.2, ...; all of 127.0.0.0/8 is local on Linux), over a
keep-alive connection of that address's own, opened before its first request is timed. ADDRESSES=1: one connection,
one address. The load stays bounded: one request at a time, SAMPLES + WARMUP of each kind.

Usage: oracle.py BASE_URL VALID_KEYS_FILE [SAMPLES_PER_CLASS=5000] [WARMUP_PER_CLASS=1000] [ADDRESSES=1000]
Standard library only.
"""
import http.client
import json
import math
import random
import secrets
import statistics
import sys
import time
import urllib.parse
import zlib

from seed import ALPHABET, base62


def with_checksum(prefix, body44):
    unchecked = prefix + "_" + body44
    return unchecked + base62(zlib.crc32(unchecked.encode("utf-8")), 6)


def random_chars(n):
    return "".join(secrets.choice(ALPHABET) for _ in range(n))


def known_id_wrong_secret(valid_key):
    prefix, body = valid_key.rsplit("_", 1)
    return with_checksum(prefix, body[:12] + random_chars(32))


def mann_whitney_z(a, b):
    ranked = sorted([(v, 0) for v in a] + [(v, 1) for v in b])
    ranks = [0.0] * len(ranked)
    i = 0
    while i < len(ranked):  # average ranks over ties
        j = i
        while j + 1 < len(ranked) and ranked[j + 1][0] == ranked[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    rank_sum_a = sum(r for r, (_, group) in zip(ranks, ranked) if group == 0)
    n1, n2 = len(a), len(b)
    u = rank_sum_a - n1 * (n1 + 1) / 2
    mean = n1 * n2 / 2
    sd = math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12)
    return (u - mean) / sd


def loopback_address(n):
    """The n-th (from 0) source address: 127.1.0.1, ..., 127.1.0.254, 127.1.1.1, ... (no .0 or .255 hosts)."""
    return f"127.1.{n // 254}.{n % 254 + 1}"


def main():
    base, keys_file = sys.argv[1], sys.argv[2]
    samples = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
    warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    addresses = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
    if not 1 <= addresses <= 254 * 256:
        raise SystemExit("oracle: ADDRESSES must be between 1 and 65024")
    valid = [line.strip() for line in open(keys_file) if line.strip()][:1000]
    prefix = valid[0].rsplit("_", 1)[0]
    url = urllib.parse.urlparse(base)
    connections = {}
    sent = [0]

    def next_connection():
        n = sent[0] % addresses
        sent[0] += 1
        conn = connections.get(n)
        if conn is None:
            source = None if addresses == 1 else (loopback_address(n), 0)
            conn = connections[n] = http.client.HTTPConnection(url.hostname, url.port, source_address=source)
            conn.connect()  # outside the timed part: the request is timed, not the TCP handshake
        return conn

    def timed(key):
        conn = next_connection()
        start = time.perf_counter_ns()
        conn.request("GET", "/v1/auth", headers={"X-API-Key": key})
        response = conn.getresponse()
        body = response.read()
        elapsed = time.perf_counter_ns() - start
        if response.status != 401 or json.loads(body).get("code") != "invalid_key":
            raise SystemExit(f"expected 401 invalid_key, got {response.status} {body[:200]!r}")
        return elapsed / 1000

    known, unknown = [], []
    for i in range(warmup + samples):
        pair = [("known", known_id_wrong_secret(valid[i % len(valid)])),
                ("unknown", with_checksum(prefix, random_chars(12 + 32)))]
        random.shuffle(pair)
        for kind, key in pair:
            micros = timed(key)
            if i >= warmup:
                (known if kind == "known" else unknown).append(micros)
    known_median, unknown_median = statistics.median(known), statistics.median(unknown)
    z = mann_whitney_z(known, unknown)
    print(f"oracle: {samples} interleaved requests of each kind after {warmup} of warm-up, {len(valid)} known ids, "
          f"every unknown id fresh, "
          f"from {addresses} client address{'es' if addresses > 1 else ''}")
    print(f"oracle: known id, wrong secret: median {known_median:.1f} us (p90 {statistics.quantiles(known, n=10)[-1]:.1f})")
    print(f"oracle: unknown id:             median {unknown_median:.1f} us (p90 {statistics.quantiles(unknown, n=10)[-1]:.1f})")
    print(f"oracle: difference {known_median - unknown_median:+.1f} us, Mann-Whitney z = {z:+.2f} "
          f"({'no detectable difference' if abs(z) < 3 else 'DETECTABLE'})")


if __name__ == "__main__":
    main()
