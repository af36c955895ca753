#!/usr/bin/env python3
"""Turns the RESULT/LIMIT/TAKEOVER lines of docs/bench/auction.sh into the tables of docs/benchmarks.md (issue 13 item 6).

Reads the lines on stdin (or the files named), prints Markdown: the machine's limits measured in the same run, then one
row per scenario with the ratios to those limits and whether the issue's target is met."""
import re
import sys

text = "".join(open(f, encoding="utf-8").read() for f in sys.argv[1:]) if len(sys.argv) > 1 else sys.stdin.read()
limits = dict(re.findall(r"^LIMIT (\w+)=\"?([^\"\s]+(?: [^\"\n]*)?)\"?", text, re.M))


def num(key):
    try:
        return float(limits.get(key, "").split()[0])
    except (ValueError, IndexError):
        return None


ossl, pg = num("openssl_ecdsap256_verify_per_s"), num("pg_durable_single_row_inserts_per_s")
used, jdk = num("used_p256_verify_per_s_one_thread"), num("jdk_p256_verify_per_s_one_thread")
verifier = re.search(r'^LIMIT verifier_in_use="([^"]*)"', text, re.M)
verifier = verifier.group(1) if verifier else "?"


def fmt(v, digits=0):
    return "—" if v is None else f"{v:,.{digits}f}"


print("| limit (same run) | value |")
print("|---|---:|")
print(f"| `openssl speed ecdsap256` verifications/s (one core) | {fmt(ossl)} |")
print(f"| P-256 verifications/s, one thread, verifier the server uses ({verifier}) | {fmt(used)} |")
print(f"| P-256 verifications/s, one thread, JDK SunEC | {fmt(jdk)} |")
print(f"| PostgreSQL durable single-row inserts/s (autocommit, synchronous_commit=on) | {fmt(pg)} |")
print()
print("| scenario | accepted | quotes/s | acceptance p50 / p99 | busy | watcher update p50 / p99 (missing of pairs) "
      "| ÷ durable inserts | ÷ verifier in use | ÷ SunEC | ÷ openssl | target |")
print("|---|---:|---:|---|---:|---|---:|---:|---:|---:|---|")


def ratio(x, limit):
    return "—" if not limit else f"{x / limit:.2f}"


for line in re.findall(r"^RESULT .*$", text, re.M):
    f = dict(re.findall(r"([\w/-]+)=([\d.]+)", line))
    acc_p50 = float(re.search(r"acceptance p50=([\d.]+)ms", line).group(1))
    acc_p99 = float(re.search(r"acceptance p50=[\d.]+ms p99=([\d.]+)ms", line).group(1))
    upd = re.search(r"update p50=([\d.]+)ms p99=([\d.]+)ms", line)
    auctions, bidders, watchers = int(f["auctions"]), int(f["bidders"]), int(f["watchers"])
    rate = float(f["bids/s"])
    busy = int(f["busy"])
    missing, pairs = int(f["missing"]), int(f["pairs"])
    scenario = f"{auctions} auction{'s' if auctions > 1 else ''} × {bidders} bidders, {float(f['seconds']):.0f} s" + (
        f", {watchers:,} watchers" if watchers else "") + f" (load before {f['load-before']})"
    if watchers:
        watch = f"{float(upd.group(1)):,.0f} ms / {float(upd.group(2)):,.0f} ms ({missing:,} of {pairs:,})"
        met = float(upd.group(2)) < 100 and missing == 0
        target = ("met" if met else "not met") + ": update p99 < 100 ms, none missing"
    else:
        watch = "—"
        if auctions > 1:
            met = rate >= 3000
            target = ("met" if met else "not met") + ": ≥ 3,000/s aggregate"
        else:
            met = rate >= 3000 and acc_p99 < 50 and busy == 0
            target = ("met" if met else "not met") + ": ≥ 3,000/s, p99 < 50 ms, 0 busy"
    print(f"| {scenario} | {int(f['accepted']):,} | {rate:,.0f} | {acc_p50:,.0f} ms / {acc_p99:,.0f} ms | {busy} | {watch} "
          f"| {ratio(rate, pg)} | {ratio(rate, used)} | {ratio(rate, jdk)} | {ratio(rate, ossl)} | {target} |")

ack = re.search(r"^TAKEOVER acknowledged=(\d+) takeover=([\d.]+)s", text, re.M)
present = re.search(r"^TAKEOVER present=(\d+)", text, re.M)
if ack:
    p = present.group(1) if present else "?"
    ok = present and int(present.group(1)) >= int(ack.group(1))
    print(f"| two instances, kill -9 of the sequencer | {int(ack.group(1)):,} acknowledged | — | — | — | take-over {ack.group(2)} s; "
          f"{p} present | | | | | {'every acknowledged quote present' if ok else 'ACKNOWLEDGED QUOTES MISSING'} |")
