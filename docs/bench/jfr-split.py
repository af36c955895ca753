#!/usr/bin/env python3
"""Splits a JFR profile's execution samples (docs/bench/auction.sh with BENCH_JFR=1) into what a quote's CPU goes to.

Usage: jfr-split.py FILE.jfr [client-thread-name-prefix ...]
Each sample is put under the first category met walking its stack from the leaf down (a HashMap.get called by jose4j
counts as JWT); threads are split into server and client (the benchmark's Vert.x client loop is the one whose stacks
pass through cn.sunlight.bench, the JDK HttpClient's and virtual threads' by name). Prints shares of samples, which
times the CPU-µs per quote of the CPU lines give µs per category."""
import collections
import re
import subprocess
import sys

CATEGORIES = [
    ("JWT parse/verify", ("org.jose4j", "io.smallrye.jwt", "cn.sunlight.account.service.VerifiedTokens", "io.quarkus.smallrye.jwt")),
    ("session check", ("cn.sunlight.account.service.Sessions", "cn.sunlight.account.service.SessionCheck")),
    ("ECDSA verification", ("com.amazon.corretto", "sun.security.ec", "cn.sunlight.crypto", "cn.sunlight.bid.BidStatement")),
    ("quote statement text", ("cn.sunlight.auction.AuctionStatement",)),
    ("JDBC/PostgreSQL driver, pool", ("org.postgresql", "io.agroal")),
    ("auction: commit (ledger, audit rows)", ("cn.sunlight.auction.service.AuctionCommitter", "cn.sunlight.auction.service.AuctionLedger",
                                              "cn.sunlight.audit")),
    ("auction: fan-out", ("cn.sunlight.auction.service.AuctionFanOut", "cn.sunlight.auction.service.AuctionHall",
                          "cn.sunlight.common.cluster", "io.quarkus.websockets")),
    ("auction: checks, sequencer", ("cn.sunlight.auction",)),
    ("JSON (Jackson)", ("com.fasterxml.jackson", "io.vertx.core.json")),
    ("bean validation", ("org.hibernate.validator",)),
    ("security (identity, roles)", ("io.quarkus.security", "io.quarkus.vertx.http.runtime.security")),
    ("REST (Quarkus REST)", ("org.jboss.resteasy.reactive", "io.quarkus.resteasy.reactive", "io.quarkus.rest")),
    ("CDI, request context", ("io.quarkus.arc",)),
    ("Hibernate, Narayana", ("org.hibernate", "com.arjuna", "io.quarkus.narayana", "io.quarkus.hibernate")),
    ("HTTP codec, Vert.x HTTP", ("io.vertx.core.http", "io.netty.handler.codec.http", "io.vertx.ext.web", "io.quarkus.vertx.http")),
    ("Netty/Vert.x I/O", ("io.netty", "io.vertx", "sun.nio", "java.nio", "sun.net")),
    ("JDK HttpClient", ("jdk.internal.net.http",)),
    ("logging", ("org.jboss.logging", "org.jboss.logmanager")),
]


def category(frames):
    for f in frames:
        for name, prefixes in CATEGORIES:
            if f.startswith(prefixes):
                return name
    return "other (JDK, unattributed)"


def main():
    path = sys.argv[1]
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                         capture_output=True, text=True, check=True).stdout
    counts = collections.Counter()
    sides = collections.Counter()
    for event in out.split("jdk.ExecutionSample")[1:]:
        m = re.search(r'sampledThread = "([^"]*)"', event)
        thread = m.group(1) if m else "?"
        frames = re.findall(r"^\s+([\w.$]+)\.[\w$<>]+\(", event, re.M)
        client = any(f.startswith(("cn.sunlight.bench", "jdk.internal.net.http", "java.net.http")) for f in frames) \
            or thread.startswith(("HttpClient", "ForkJoinPool-"))
        side = "client" if client else "server"
        sides[side] += 1
        counts[(side, category(frames))] += 1
    total = sum(sides.values())
    print(f"{path}: {total} samples; server {100 * sides['server'] / total:.1f}%, client {100 * sides['client'] / total:.1f}%")
    for side in ("server", "client"):
        for (s, cat), n in sorted(counts.items(), key=lambda x: -x[1]):
            if s == side and n / total >= 0.003:
                print(f"  {side:6} {cat:42} {100 * n / sides[side]:5.1f}% of {side} samples")


if __name__ == "__main__":
    main()
