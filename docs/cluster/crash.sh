#!/usr/bin/env bash
# Zero lost bids under kill -9 (issue 14, item 4): a rush of sealed bids through HAProxy to the two-instance cluster,
# one instance killed with -9 during each repetition, then every acknowledged bid checked (row, blob with the receipt's
# hash, log entry, receipt signature), every bidder's envelope stored exactly once, and no debris (blob without a row,
# row without a blob, partial upload file). See server/src/test/java/cn/sunlight/bench/CrashBench.java.
#
#   docs/cluster/crash.sh            (JAVA_HOME: a JDK 21+; builds the app and the bench classes unless CRASH_SKIP_BUILD=1)
#
# Settings (environment): CRASH_REPETITIONS (20), CRASH_BIDDERS (200), CRASH_BID_MIB (1), CRASH_DB (sunlight_crash; dropped
# and recreated), CRASH_PORTS (18150,18151; instances), CRASH_PORT (18152; HAProxy), CRASH_STATS_PORT (18153),
# CRASH_RESULTS (docs/benchmarks.md; "-" to only print). Uses var/crash for the cluster's blobs, keys and logs.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.."
REPS=${CRASH_REPETITIONS:-20}
BIDDERS=${CRASH_BIDDERS:-200}
BID_MIB=${CRASH_BID_MIB:-1}
DB=${CRASH_DB:-sunlight_crash}
RESULTS=${CRASH_RESULTS:-docs/benchmarks.md}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export CLUSTER_DIR=var/crash CLUSTER_DB=$DB CLUSTER_PORTS=${CRASH_PORTS:-18150,18151} CLUSTER_PORT=${CRASH_PORT:-18152} \
       CLUSTER_STATS_PORT=${CRASH_STATS_PORT:-18153} CLUSTER_DEMO=1 CLUSTER_DEMO_DATA=0 CLUSTER_XMX=${CRASH_XMX:-512m}
export SUNLIGHT_BLOB_DIR=$PWD/var/crash/blobs SUNLIGHT_KEYS_DIR=$PWD/var/crash/keys
# The collector's verdict is checked within the run: a short grace (production: 1 h), collected every 10 s.
export SUNLIGHT_BLOB_ORPHAN_GRACE=${CRASH_ORPHAN_GRACE:-60s} SUNLIGHT_BLOB_PARTIAL_IDLE=${CRASH_ORPHAN_GRACE:-60s} \
       SUNLIGHT_BLOB_COLLECT_EVERY=10s
JAVA=${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java
log() { printf 'crash: %s\n' "$*" >&2; }

if [ "${CRASH_SKIP_BUILD:-0}" != 1 ]; then
  log "building (mvn -o package -DskipTests, test classes included)"
  mvn -B -o -q package -DskipTests >/dev/null
fi
docs/cluster/cluster.sh stop >/dev/null 2>&1 || true
rm -rf var/crash && mkdir -p var/crash
psql -q -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB" >/dev/null
trap 'docs/cluster/cluster.sh stop >/dev/null 2>&1 || true' EXIT
docs/cluster/cluster.sh start
OUT=$(mktemp)
{
  echo "run.date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "run.commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- core tools server pom.xml 2>/dev/null || echo ' + local changes')"
  echo "machine.load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "machine.nproc=$(nproc)"
} >"$OUT"
"$JAVA" -Xmx1g -cp "server/target/test-classes:server/target/quarkus-app/app/*:server/target/quarkus-app/lib/main/*" cn.sunlight.bench.SubmissionBench crash \
  --url "http://127.0.0.1:$CLUSTER_PORT" --work var/crash --out "$OUT" --database "$DB" --blob-dir "$SUNLIGHT_BLOB_DIR" \
  --cluster docs/cluster/cluster.sh --bidders "$BIDDERS" --bid-mib "$BID_MIB" --repetitions "$REPS" --debris-wait 90
echo "machine.load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
report() {
  local v; v() { sed -n "s/^$1=//p" "$OUT" | head -1; }
  printf '\n## Crash test (kill -9 during the rush, two instances behind HAProxy), %s\n\n' "$(v run.date)"
  printf 'Command: `docs/cluster/crash.sh` (CRASH_REPETITIONS=%s, CRASH_BIDDERS=%s, CRASH_BID_MIB=%s); commit %s; %s cores; ' \
    "$REPS" "$BIDDERS" "$BID_MIB" "$(v run.commit)" "$(v machine.nproc)"
  printf 'load average before %s, after %s.\n\n' "$(v machine.load_before)" "$(v machine.load_after)"
  printf '| repetition | killed | acknowledged (201) | present and verified | cut off | re-sent | found by hash | bidders without exactly one copy |\n'
  printf '|---|---|---|---|---|---|---|---|\n'
  for r in $(seq 1 "$REPS"); do
    printf '| %s | instance %s | %s | %s | %s | %s | %s | %s |\n' "$r" "$(v crash.r$r.killed_instance)" "$(v crash.r$r.acknowledged)" \
      "$(v crash.r$r.present)" "$(v crash.r$r.cut_off)" "$(v crash.r$r.retried)" "$(v crash.r$r.reconciled_by_hash)" "$(v crash.r$r.wrong_copies)"
  done
  printf '\nDebris after the run: %s blobs without a row, %s rows without a blob, %s partial upload files.\n' \
    "$(v crash.debris.blobs_without_row)" "$(v crash.debris.rows_without_blob)" "$(v crash.debris.partial_files)"
}
report | tee -a "$([ "$RESULTS" = - ] && echo /dev/null || echo "$RESULTS")"
rm -f "$OUT"
