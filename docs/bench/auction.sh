#!/usr/bin/env bash
# Online-bidding benchmark (issue 13), never part of the test suite. Measures in one run:
#   - the machine's limits: `openssl speed ecdsap256` verifications/s, P-256 verifications/s in the JVM (one thread)
#     with the verifier the server uses (ACCP, native; or the JDK if it could not load) and with the JDK's SunEC,
#     and PostgreSQL durable single-row inserts/s (autocommit, synchronous_commit on);
#   - one auction, BENCH_BIDDERS (200) bidders quoting as fast as they can for BENCH_SECONDS (20) s, no watchers;
#   - the same with BENCH_WATCHERS (1000) WebSocket watchers (acceptance → watcher update);
#   - BENCH_AUCTIONS (100) auctions × BENCH_MANY_BIDDERS (20) bidders at once (aggregate);
#   - the HTTP floor: the same client against the cheapest endpoint, without and with a token (FLOOR lines);
#   - server, client and PostgreSQL CPU-µs per request in every measured window (CPU lines, load-insensitive);
#   - two instances (the test JVM and the packaged app as a second process), kill -9 of the sequencing one mid-run:
#     take-over time and acknowledged vs present quotes (AuctionTakeoverTest with BENCH_TAKEOVER_BIDDERS bidders).
# All in one application start (AuctionBench's scenarios, then the take-over). Raw lines go to target/bench/auction/*.txt
# and stdout; at the end the tables for docs/benchmarks.md (limits, every scenario with its ratios and target) are
# printed and kept in target/bench/auction/table.md. BENCH_JFR=1 also records a JFR profile of each measured window.
# Needs a JDK 21+ in JAVA_HOME and PostgreSQL on 127.0.0.1 (.ci/sunlight bench-auction).
set -euo pipefail
cd "$(dirname "$0")/../.."
DB=${BENCH_DB:-sunlight_auction_bench}
OUT=target/bench/auction
mkdir -p "$OUT"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git rev-parse --short HEAD) date: $(date -u '+%Y-%m-%d %H:%M UTC')"
ossl=$(openssl speed -seconds 3 ecdsap256 2>/dev/null | awk '/nistp256/ {v=$NF} END {print v}')
echo "LIMIT openssl_ecdsap256_verify_per_s=$ossl (one core)" | tee "$OUT/openssl.txt"
bench() { # name, then mvn properties
  local name=$1; shift
  echo "== $name (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  mvn -B -o test -Dsunlight.bench=true -Dsurefire.failIfNoSpecifiedTests=false -Dsunlight.test.database="$DB" -Dquarkus.http.test-port="${BENCH_PORT:-18142}" "$@" \
    > "$OUT/$name.log" 2>&1 || { echo "$name failed: see $OUT/$name.log"; }
  grep -E '^(RESULT|LIMIT|TAKEOVER|FLOOR|CPU|PIECE)' "$OUT/$name.log" | tee "$OUT/$name.txt" || true
}
[ "${BENCH_SKIP_PACKAGE:-0}" = 1 ] || mvn -B -o -q package -DskipTests
# BENCH_SCENARIOS overrides the list (e.g. "floor-auth,1x200x0" for a short look); BENCH_TAKEOVER=0 leaves out the take-over.
SCENARIOS=${BENCH_SCENARIOS:-"floor-anon,floor-auth,1x${BENCH_BIDDERS:-200}x0,1x${BENCH_BIDDERS:-200}x${BENCH_WATCHERS:-1000},${BENCH_AUCTIONS:-100}x${BENCH_MANY_BIDDERS:-20}x0"}
bench all -Dtest="AuctionBench${BENCH_ONLY:-}$([ "${BENCH_TAKEOVER:-1}" = 1 ] && echo ,AuctionTakeoverTest)" -Dbench.scenarios="$SCENARIOS" -Dbench.bidders="${BENCH_BIDDERS:-200}" -Dbench.warmup="${BENCH_WARMUP:-3}" \
  -Dsunlight.auth.remember="${BENCH_AUTH_REMEMBER:-true}" \
  $([ "${BENCH_JFR:-0}" = 1 ] && echo "-Dbench.jfr=$PWD/$OUT") -Dbench.seconds="${BENCH_SECONDS:-20}" -Dtakeover.bidders="${BENCH_TAKEOVER_BIDDERS:-50}" -Dtakeover.seconds="${BENCH_TAKEOVER_SECONDS:-20}"
echo
echo "### Tables for docs/benchmarks.md (load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
python3 docs/bench/auction-table.py "$OUT/openssl.txt" "$OUT/all.txt" | tee "$OUT/table.md"
