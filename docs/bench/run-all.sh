#!/usr/bin/env bash
# Sunlight submission benchmark (issue 2, item 9). Run it with `.ci/sunlight bench` (which picks a JDK 21+,
# installs openssl/psql if missing and starts PostgreSQL), or directly with JAVA_HOME pointing at a JDK 21+.
#
#   1. builds the app (mvn -o package -DskipTests; the benchmark classes are in server/src/test/java/cn/sunlight/bench and
#      never run in `mvn verify`: their names do not end in Test),
#   2. measures the references on this machine: raw disk write rate of the blob directory's file system (dd),
#      openssl AES-256-GCM and SHA-256, and the JDK's own SHA-256 and AES-GCM,
#   3. deadline rush: fresh database, server in prod mode (-Xmx1g), 200 bidders set up over HTTP, 200 distinct
#      10 MiB sealed and signed bids submitted concurrently (50 at a time to lot 1, then all 200 at once to lot 2),
#   4. one 1 GiB sealed bid to a fresh server started with -Xmx256m,
#   5. the same rush through HAProxy to two instances (docs/cluster/cluster.sh; each -Xmx as the rush, shared database
#      and blob directory; CPU, RSS and heap summed over both), unless BENCH_CLUSTER=0,
#   6. prints the results table and appends it to docs/benchmarks.md; deletes every temporary file.
#
# Settings (environment): BENCH_PORT (8099), BENCH_DB (sunlight_bench), BENCH_BIDDERS (200), BENCH_BID_MIB (10),
# BENCH_CONCURRENCY (50,200; at most two levels), BENCH_LARGE_MIB (1024), BENCH_RUSH_XMX (256m), BENCH_LARGE_XMX (256m),
# BENCH_CLUSTER (1; 0 skips the two-instance rush), BENCH_CLUSTER_PORTS (8097,8098: the instances), BENCH_CLUSTER_PORT
# (8096: HAProxy), BENCH_CLUSTER_STATS_PORT (8095),
# BENCH_QUIET_WAIT (30: before each measured phase wait up to this many seconds for other processes to use < 0.25 cores),
# BENCH_TMP (temporary files, on the file system to measure; default $TMPDIR or /tmp), BENCH_RESULTS
# (docs/benchmarks.md; "-" to only print), BENCH_SKIP_BUILD=1, BENCH_KEEP=1 (keep the temporary directory).
# The database is dropped and recreated before each server start; it is the only thing touched outside BENCH_TMP.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.."

PORT=${BENCH_PORT:-8099}
DB=${BENCH_DB:-sunlight_bench}
BIDDERS=${BENCH_BIDDERS:-200}
BID_MIB=${BENCH_BID_MIB:-10}
CONCURRENCY=${BENCH_CONCURRENCY:-50,200}
LARGE_MIB=${BENCH_LARGE_MIB:-1024}
RUSH_XMX=${BENCH_RUSH_XMX:-256m}
CLUSTER=${BENCH_CLUSTER:-1}
CLUSTER_PORTS_=${BENCH_CLUSTER_PORTS:-8097,8098}
CLUSTER_PORT_=${BENCH_CLUSTER_PORT:-8096}
CLUSTER_STATS_PORT_=${BENCH_CLUSTER_STATS_PORT:-8095}
LARGE_XMX=${BENCH_LARGE_XMX:-256m}
QUIET_WAIT=${BENCH_QUIET_WAIT:-30}
RESULTS=${BENCH_RESULTS:-docs/benchmarks.md}
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] || die "set JAVA_HOME to a JDK 21+ (or run .ci/sunlight bench)"
JAVA=$JAVA_HOME/bin/java
major=$("$JAVA" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -1)
[ "${major:-0}" -ge 21 ] || die "JAVA_HOME=$JAVA_HOME is Java $major; Java 21+ is needed"
for tool in psql curl dd openssl; do command -v $tool >/dev/null || die "$tool is missing"; done
[ "$CLUSTER" != 1 ] || command -v haproxy >/dev/null || die "haproxy is missing (BENCH_CLUSTER=0 skips the two-instance rush)"
if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then die "port $PORT is already in use"; fi

WORK=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/sunlight-bench.XXXXXX")
OUT=$WORK/results.txt
SERVER_PID=
started=$SECONDS

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
cluster() {
  CLUSTER_DIR=$WORK/cluster CLUSTER_DB=$DB CLUSTER_PORTS=$CLUSTER_PORTS_ CLUSTER_PORT=$CLUSTER_PORT_ \
  CLUSTER_STATS_PORT=$CLUSTER_STATS_PORT_ CLUSTER_DEMO=1 CLUSTER_DEMO_DATA=0 CLUSTER_XMX=$RUSH_XMX CLUSTER_GC_LOG=1 \
  SUNLIGHT_BLOB_DIR=$WORK/cluster/blobs SUNLIGHT_KEYS_DIR=$WORK/cluster/keys docs/cluster/cluster.sh "$@"
}
CLUSTER_UP=0
cleanup() {
  stop_server
  [ "$CLUSTER_UP" = 1 ] && { cluster stop >/dev/null 2>&1 || true; }
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

put() { printf '%s=%s\n' "$1" "$2" >>"$OUT"; }

fresh_database() {
  psql -q -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB" >/dev/null
}

# start_server TAG XMX: prod mode, fresh database, blobs and keys under $WORK/TAG, GC log for the heap peaks.
start_server() {
  local tag=$1 xmx=$2 dir=$WORK/$1
  mkdir -p "$dir"
  fresh_database
  SUNLIGHT_DB_URL=jdbc:postgresql://$PGHOST:$PGPORT/$DB SUNLIGHT_DB_USER=$PGUSER \
  SUNLIGHT_JWT_PUBLIC_KEY=jwt/dev-public.pem SUNLIGHT_JWT_PRIVATE_KEY=jwt/dev-private.pem \
  SUNLIGHT_BOOTSTRAP_OPERATOR_PASSWORD=Sunlight@2026 \
  SUNLIGHT_BLOB_DIR=$dir/blobs SUNLIGHT_KEYS_DIR=$dir/keys QUARKUS_HTTP_PORT=$PORT \
    "$JAVA" "-Xmx$xmx" "-Xlog:gc:file=$dir/gc.log:time" --enable-native-access=ALL-UNNAMED -jar server/target/quarkus-app/quarkus-run.jar >"$dir/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 180); do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -30 "$dir/server.log" >&2; die "the server ($tag) exited during start-up"; }
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && { log "server ($tag, -Xmx$xmx) up, pid $SERVER_PID"; return 0; }
    sleep 0.5
  done
  tail -30 "$dir/server.log" >&2
  die "the server ($tag) did not become ready in 90 s"
}

# --- 1. build -----------------------------------------------------------------------------------------------
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  log "building (mvn -o package -DskipTests)"
  mvn -B -o -q package -DskipTests >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; die "build failed"; }
fi
[ -f server/target/quarkus-app/quarkus-run.jar ] && [ -d server/target/test-classes/cn/sunlight/bench ] || die "nothing built"
# The benchmark needs only the application and its runtime libraries (no test-scoped jars), so the packaged
# app's lib/main is its classpath (maven-dependency-plugin cannot be resolved offline here).
CP="server/target/test-classes:server/target/quarkus-app/app/*:server/target/quarkus-app/lib/main/*"
JOPTS=(-Xmx1g -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8 -cp "$CP")
bench() { "$JAVA" "${JOPTS[@]}" "$@"; }

# --- machine facts ----------------------------------------------------------------------------------------------
blob_fs=$(df -hT "$WORK" | awk 'NR==2 {print $1 " (" $2 "), " $3 " total, " $5 " free"}')
dev=$(basename "$(df --output=source "$WORK" | tail -1)")
grep -q " $dev " /proc/diskstats || dev=""
put run.date "$(date -u '+%Y-%m-%d %H:%M UTC')"
put run.command "bash docs/bench/run-all.sh (= .ci/sunlight bench)"
put run.settings "$(env | grep '^BENCH_' | sort | tr '\n' ' ' | sed 's/ $//')"
put run.commit "$(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- core tools server pom.xml 2>/dev/null || echo ' + local changes')"
put run.concurrency "$CONCURRENCY"
put run.bid_mib "$BID_MIB"
put run.rush_xmx "$RUSH_XMX"
put run.large_xmx "$LARGE_XMX"
put run.cluster_xmx "$RUSH_XMX"
put machine.nproc "$(nproc)"
put machine.cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
put machine.ram "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
put machine.kernel "$(uname -r)"
put machine.disk "$blob_fs; $(df -h "$WORK" | awk 'NR==2 {print "mounted on " $6}')"
put machine.jdk "$("$JAVA" -version 2>&1 | head -1)"
put machine.openssl "$(openssl version)"
put machine.postgres "$(psql -tA -d postgres -c 'show server_version')"
put machine.load "$(cut -d' ' -f1-3 /proc/loadavg)"

# --- 2. references ----------------------------------------------------------------------------------------------
dd_rate() { # prints MB/s (10^6) from dd's summary line
  dd if=/dev/zero of="$WORK/ddtest" bs=1M count=2048 "$@" 2>&1 | tail -1 | awk '{printf "%.1f", $1 / $(NF-3) / 1e6}'
  rm -f "$WORK/ddtest"
}
log "reference: dd 2 GiB to $WORK (oflag=direct, then conv=fdatasync)"
put ref.dd_direct_mb_per_s "$(dd_rate oflag=direct)"
put ref.dd_fdatasync_mb_per_s "$(dd_rate conv=fdatasync)"
openssl_rate() { # the 16384-byte column, in MB/s (openssl prints 1000s of bytes per second)
  openssl speed -evp "$1" -seconds 3 2>/dev/null | awk -v alg="$1" 'tolower($1) == tolower(alg) {v = $NF} END {sub(/k$/, "", v); printf "%.1f", v / 1000}'
}
log "reference: openssl speed -evp aes-256-gcm / sha256 (3 s per block size)"
put ref.openssl_aes256gcm_mb_per_s "$(openssl_rate aes-256-gcm)"
put ref.openssl_sha256_mb_per_s "$(openssl_rate sha256)"
log "reference: the JDK's SHA-256 and AES-256-GCM"
bench cn.sunlight.bench.SubmissionBench jdk --out "$OUT"

# --- 3. deadline rush -------------------------------------------------------------------------------------------
start_server rush "$RUSH_XMX"
log "deadline rush: $BIDDERS bidders, $BID_MIB MiB bids, concurrency $CONCURRENCY"
timeout 600 "$JAVA" "${JOPTS[@]}" cn.sunlight.bench.SubmissionBench rush --url "http://127.0.0.1:$PORT" --work "$WORK/rush" \
  --pid "$SERVER_PID" --gc-log "$WORK/rush/gc.log" --out "$OUT" --bidders "$BIDDERS" --bid-mib "$BID_MIB" \
  --concurrency "$CONCURRENCY" --database "$DB" --quiet-wait "$QUIET_WAIT" ${dev:+--disk "$dev"} || die "deadline rush"
levels=$(tr ',' '\n' <<<"$CONCURRENCY" | grep -c .)
stored=$(psql -tA -d "$DB" -c "select count(*) from sealed_bid where kind = 'SUBMISSION' and size_bytes > 0")
expected=$((BIDDERS * levels + (BIDDERS < 20 ? BIDDERS : 20)))
[ "$stored" -eq "$expected" ] || die "the database holds $stored submissions, expected $expected"
blobs=$(find "$WORK/rush/blobs" -type f -not -path "$WORK/rush/blobs/tmp/*" | wc -l)
[ "$blobs" -eq "$expected" ] || die "the blob store holds $blobs files, expected $expected"
log "database and blob store hold all $stored submissions"
stop_server
rm -rf "$WORK/rush/blobs"

# --- 4. one large bid, small heap -------------------------------------------------------------------------------
start_server large "$LARGE_XMX"
log "large bid: $LARGE_MIB MiB, server -Xmx$LARGE_XMX"
timeout 600 "$JAVA" "${JOPTS[@]}" cn.sunlight.bench.SubmissionBench large --url "http://127.0.0.1:$PORT" --work "$WORK/large" \
  --pid "$SERVER_PID" --gc-log "$WORK/large/gc.log" --out "$OUT" --bid-mib "$LARGE_MIB" --database "$DB" \
  --quiet-wait "$QUIET_WAIT" ${dev:+--disk "$dev"} \
  || die "large bid"
stop_server

# --- 5. the same rush through HAProxy to two instances -------------------------------------------------------------
if [ "$CLUSTER" = 1 ]; then
  mkdir -p "$WORK/cluster"
  fresh_database
  CLUSTER_UP=1
  cluster start
  IFS=, read -r CP1 CP2 <<<"$CLUSTER_PORTS_"
  pids="$(cat "$WORK/cluster/instance-1.pid"),$(cat "$WORK/cluster/instance-2.pid")"
  log "two-instance rush through HAProxy :$CLUSTER_PORT_ (instances :$CP1 :$CP2, pids $pids)"
  timeout 900 "$JAVA" "${JOPTS[@]}" cn.sunlight.bench.SubmissionBench rush --prefix cluster --url "http://127.0.0.1:$CLUSTER_PORT_" \
    --work "$WORK/cluster-rush" --pid "$pids" --metrics "http://127.0.0.1:$CP1,http://127.0.0.1:$CP2" \
    --gc-log "$WORK/cluster/instance-1.gc.log,$WORK/cluster/instance-2.gc.log" --out "$OUT" --bidders "$BIDDERS" \
    --bid-mib "$BID_MIB" --concurrency "$CONCURRENCY" --database "$DB" --quiet-wait "$QUIET_WAIT" ${dev:+--disk "$dev"} \
    || die "two-instance rush"
  stored=$(psql -tA -d "$DB" -c "select count(*) from sealed_bid where kind = 'SUBMISSION' and size_bytes > 0")
  [ "$stored" -eq "$expected" ] || die "two instances: the database holds $stored submissions, expected $expected"
  blobs=$(find "$WORK/cluster/blobs" -type f -regextype egrep -regex '.*/[0-9a-f]{64}' | wc -l)
  [ "$blobs" -eq "$expected" ] || die "two instances: the blob store holds $blobs blobs, expected $expected"
  log "two instances: database and blob store hold all $stored submissions"
  cluster stop
  CLUSTER_UP=0
  rm -rf "$WORK/cluster/blobs"
fi

# --- 6. report ----------------------------------------------------------------------------------------------------
put run.duration_s "$((SECONDS - started))"
bench cn.sunlight.bench.BenchReport "$OUT" >"$WORK/report.md"
printf '\nTotal benchmark time: %d s.\n\n' "$((SECONDS - started))" >>"$WORK/report.md"
cat "$WORK/report.md"
mkdir -p target/bench && stamp=$(date -u +%Y%m%dT%H%M%SZ)
cp "$OUT" "target/bench/results-$stamp.txt" && cp "$WORK/report.md" "target/bench/report-$stamp.md"
log "raw results: target/bench/results-$stamp.txt"
if [ "$RESULTS" != - ]; then
  if [ ! -f "$RESULTS" ]; then
    printf '# Benchmarks\n\nRuns of `docs/bench/run-all.sh`, newest last.\n\n' >"$RESULTS"
  fi
  cat "$WORK/report.md" >>"$RESULTS"
  log "appended to $RESULTS"
fi
