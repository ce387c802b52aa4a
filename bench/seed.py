#!/usr/bin/env python3
"""Seeds a running Latchkey for the benchmark: users and keys through the HTTP API, plus well-formed unknown keys.

Usage: seed.py BASE_URL ADMIN_KEY KEYS USERS OUT_DIR
Writes OUT_DIR/valid.txt (the issued keys, one a line) and OUT_DIR/unknown.txt (as many well-formed keys with a
correct checksum that were never issued). Standard library only; one keep-alive connection per worker thread.
"""
import http.client
import json
import os
import secrets
import sys
import threading
import urllib.parse
import zlib

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62(value, width):
    digits = []
    for _ in range(width):
        digits.append(ALPHABET[value % 62])
        value //= 62
    return "".join(reversed(digits))


def unknown_key(prefix="lk"):
    body = "".join(secrets.choice(ALPHABET) for _ in range(12 + 32))
    unchecked = prefix + "_" + body
    return unchecked + base62(zlib.crc32(unchecked.encode("utf-8")), 6)


def main():
    base, admin, keys, users, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    # every key gets a rate limit (high enough never to refuse the bench) unless told "none": limits cost what they cost
    limits = {} if len(sys.argv) > 6 and sys.argv[6] == "none" else {
        "rateLimit": {"limit": 1000000, "periodSeconds": 60}}
    # --allowed-cidrs: every key may be used only from 8 blocks, the loopback one last (the check's longest walk)
    if len(sys.argv) > 7 and sys.argv[7] == "cidrs":
        limits["allowedCidrs"] = [f"198.51.{i}.0/24" for i in range(4)] + [f"2001:db8:{i}::/48" for i in range(3)] \
            + ["127.0.0.0/8"]
    url = urllib.parse.urlparse(base)
    headers = {"X-API-Key": admin, "Content-Type": "application/json"}

    def post(conn, path, body):
        conn.request("POST", path, json.dumps(body), headers)
        response = conn.getresponse()
        data = response.read()
        if response.status != 201:
            raise SystemExit(f"POST {path}: {response.status} {data[:200]!r}")
        return json.loads(data)

    conn = http.client.HTTPConnection(url.hostname, url.port)
    owners = [post(conn, "/v1/users", {"name": f"bench user {i}"})["id"] for i in range(users)]
    issued = [None] * keys
    workers = 8

    def issue(worker):
        c = http.client.HTTPConnection(url.hostname, url.port)
        for i in range(worker, keys, workers):
            issued[i] = post(c, f"/v1/users/{owners[i % users]}/keys", {"name": "bench", "scopes": ["process"], **limits})["key"]

    threads = [threading.Thread(target=issue, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if any(k is None for k in issued):
        raise SystemExit("some keys were not issued")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "valid.txt"), "w") as f:
        f.write("\n".join(issued) + "\n")
    with open(os.path.join(out, "unknown.txt"), "w") as f:
        f.write("\n".join(unknown_key() for _ in range(keys)) + "\n")


if __name__ == "__main__":
    main()
