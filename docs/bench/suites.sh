#!/usr/bin/env bash
# Suite throughput benchmark (issue 2's national suite beside the international one): seals and opens one
# BENCH_SUITE_MIB MiB bid (default 256) with each suite in process (cn.sunlight.bench.SuiteThroughput, best of
# BENCH_SUITE_RUNS), and measures `openssl speed -evp aes-256-gcm` and `-evp sm4-ctr` (OpenSSL 3.0 has no SM4-GCM;
# CTR is GCM's bulk part) in the same run for the ratios. Needs a JDK 21+ in JAVA_HOME (.ci/sunlight bench-suites).
set -euo pipefail
cd "$(dirname "$0")/../.."
RESULTS=${BENCH_RESULTS:-docs/benchmarks.md}
speed() { openssl speed -evp "$1" -seconds 3 -bytes 16384 2>/dev/null | tail -1 | awk '{v=$NF; sub(/k$/,"",v); printf "%.0f", v/1000}'; }
aes=$(speed aes-256-gcm)
sm4=$(speed sm4-ctr)
mvn -B -o -q test -Dtest=SuiteThroughput -Dsunlight.bench=true -DBENCH_SUITE_MIB="${BENCH_SUITE_MIB:-256}" \
  -DBENCH_SUITE_RUNS="${BENCH_SUITE_RUNS:-3}" -Dsurefire.failIfNoSpecifiedTests=false -Dbench.out="$PWD/target/bench/suites.txt"
val() { sed -n "s/^suite\.$1=//p" target/bench/suites.txt; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", a/b}'; }
table=$(cat <<TABLE

### Suite throughput run of $(date -u '+%Y-%m-%d %H:%M UTC') — $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1 | sed -E 's/.*"([^"]+)".*/\1/')

One sealed bid of $(val mb) MB, best of $(val runs) runs; seal = the bidder tool's encryption and DER framing to a file,
open = the opening's decryption into quarantine with the tag checked.

| suite | seal MB/s | open MB/s | openssl reference (16 KiB blocks) | open ÷ reference |
|---|---:|---:|---:|---:|
| international (AES-256-GCM: seal JDK; open JDK AES-CTR + Bouncy Castle GHASH) | $(val international.seal_mb_s) | $(val international.open_mb_s) | AES-256-GCM $aes MB/s | $(ratio "$(val international.open_mb_s)" "$aes") |
| national (SM4-GCM: Bouncy Castle both ways) | $(val national.seal_mb_s) | $(val national.open_mb_s) | SM4-CTR $sm4 MB/s | $(ratio "$(val national.open_mb_s)" "$sm4") |
TABLE
)
echo "$table"
if [ "$RESULTS" != "-" ]; then echo "$table" >> "$RESULTS"; fi
