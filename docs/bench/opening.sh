#!/usr/bin/env bash
# Opening benchmark (issue 3): BENCH_OPEN_BIDS sealed bids of BENCH_OPEN_BID_MIB MiB are submitted through
# the HTTP API, the (test-profile) clock passes the deadline, and the opening is timed from start to the
# signed record, every bidder decrypting with its content key (path 1, BENCH_OPEN_PARALLEL at a time).
# It runs in-process as a Quarkus test (only the test profile can move the clock past a 20-day deadline)
# against the real PostgreSQL; `openssl speed -evp aes-256-gcm` is measured in the same run for the ratio.
# Needs a JDK 21+ in JAVA_HOME (.ci/sunlight bench-opening picks one) and ~2 × bids × size of free disk.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIDS=${BENCH_OPEN_BIDS:-500}
MIB=${BENCH_OPEN_BID_MIB:-10}
PARALLEL=${BENCH_OPEN_PARALLEL:-4}
RESULTS=${BENCH_RESULTS:-docs/benchmarks.md}
ssl=$(openssl speed -evp aes-256-gcm -seconds 3 2>/dev/null | tail -1)
# the last column is the 16384-byte block rate in kB/s (1000 bytes)
ssl_mb=$(echo "$ssl" | awk '{v=$NF; sub(/k$/,"",v); printf "%.0f", v/1000}')
mvn -B -o -q test -Dtest=OpeningBenchmark -Dsunlight.bench=true -DBENCH_OPEN_BIDS="$BIDS" -DBENCH_OPEN_BID_MIB="$MIB" \
  -DBENCH_OPEN_PARALLEL="$PARALLEL" -Dsurefire.failIfNoSpecifiedTests=false -Dbench.out="$PWD/target/bench/opening.txt"
line=$(tr '\n' ' ' < target/bench/opening.txt)
val() { echo "$line" | tr ' ' '\n' | sed -n "s/^opening\.$1=//p"; }
ratio=$(awk -v a="$(val decrypt_mb_s)" -v b="$ssl_mb" 'BEGIN{printf "%.3f", a/b}')
table=$(cat <<TABLE

### Opening run of $(date -u '+%Y-%m-%d %H:%M UTC') — $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1 | sed -E 's/.*"([^"]+)".*/\1/')

| bids | MB per bid | parallel keys | start → signed record | decryption (all bids) | decryption MB/s | openssl AES-256-GCM MB/s | ratio | record PDF |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| $(val bids) | $(val bid_mb) | $(val parallel) | $(val start_to_record_s) s | $(val decrypt_s) s | $(val decrypt_mb_s) | $ssl_mb | $ratio | $(val record_s) s, $(val record_pdf_bytes) bytes |
TABLE
)
echo "$table"
[ "$RESULTS" = - ] || echo "$table" >> "$RESULTS"
