#!/usr/bin/env bash
# The deadline is exact under load (issue 14, item 5), full version: rounds of sealed bids whose last byte reaches the
# platform within ±50 ms of the deadline, through HAProxy to the two-instance cluster (docs/cluster/cluster.sh). Each
# round is a sandbox tender whose clock is sped up so its deadline falls a few real seconds ahead. Zero accepted after
# the deadline, zero refused before it, every receipt's time equal to the stored bid's and its log entry's; any
# violation fails the run. See server/src/test/java/cn/sunlight/bench/DeadlineBench.java (the suite's short version is
# DeadlineExactnessTest).
#
#   docs/bench/deadline.sh     (= .ci/sunlight bench-deadline; JAVA_HOME: a JDK 21+; builds unless DEADLINE_SKIP_BUILD=1)
#
# Settings: DEADLINE_ROUNDS (50), DEADLINE_TRIES (200 per round; 50 × 200 = 10,000 tries), DEADLINE_BIDDERS (20),
# DEADLINE_WINDOW_MS (50), DEADLINE_DB (sunlight_deadline; dropped and recreated), DEADLINE_PORTS (8097,8098: the
# instances), DEADLINE_PORT (8096: HAProxy), DEADLINE_STATS_PORT (8095), DEADLINE_RESULTS (docs/benchmarks.md; "-" to
# only print).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.."
ROUNDS=${DEADLINE_ROUNDS:-50}
TRIES=${DEADLINE_TRIES:-200}
DB=${DEADLINE_DB:-sunlight_deadline}
RESULTS=${DEADLINE_RESULTS:-docs/benchmarks.md}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export CLUSTER_DIR=var/deadline CLUSTER_DB=$DB CLUSTER_PORTS=${DEADLINE_PORTS:-8097,8098} CLUSTER_PORT=${DEADLINE_PORT:-8096} \
       CLUSTER_STATS_PORT=${DEADLINE_STATS_PORT:-8095} CLUSTER_DEMO=1 CLUSTER_DEMO_DATA=0 CLUSTER_XMX=${DEADLINE_XMX:-512m}
export SUNLIGHT_BLOB_DIR=$PWD/var/deadline/blobs SUNLIGHT_KEYS_DIR=$PWD/var/deadline/keys
JAVA=${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java
log() { printf 'deadline: %s\n' "$*" >&2; }
if [ "${DEADLINE_SKIP_BUILD:-0}" != 1 ]; then
  log "building (mvn -o package -DskipTests, test classes included)"
  mvn -B -o -q package -DskipTests >/dev/null
fi
docs/cluster/cluster.sh stop >/dev/null 2>&1 || true
rm -rf var/deadline && mkdir -p var/deadline
psql -q -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB" >/dev/null
trap 'docs/cluster/cluster.sh stop >/dev/null 2>&1 || true; rm -rf var/deadline/blobs' EXIT
docs/cluster/cluster.sh start
OUT=$(mktemp)
{
  echo "run.date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "run.commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- core tools server pom.xml 2>/dev/null || echo ' + local changes')"
  echo "machine.load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "machine.nproc=$(nproc)"
} >"$OUT"
status=0
"$JAVA" -Xmx1g -cp "server/target/test-classes:server/target/quarkus-app/app/*:server/target/quarkus-app/lib/main/*" cn.sunlight.bench.SubmissionBench deadline \
  --url "http://127.0.0.1:$CLUSTER_PORT" --out "$OUT" --database "$DB" --rounds "$ROUNDS" --tries "$TRIES" \
  --bidders "${DEADLINE_BIDDERS:-20}" --window-ms "${DEADLINE_WINDOW_MS:-50}" || status=$?
echo "machine.load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT"
v() { sed -n "s/^$1=//p" "$OUT" | tail -1; }
report=$(
  printf '\n## The deadline under load (issue 14 item 5), %s\n\n' "$(v run.date)"
  printf 'Command: `docs/bench/deadline.sh` (= `.ci/sunlight bench-deadline`; DEADLINE_ROUNDS=%s, DEADLINE_TRIES=%s), through HAProxy to two instances; ' "$ROUNDS" "$TRIES"
  printf 'commit %s; %s cores; load average before %s, after %s.\n\n' "$(v run.commit)" "$(v machine.nproc)" "$(v machine.load_before)" "$(v machine.load_after)"
  printf '| tries (last byte within ±%s ms of the deadline) | accepted | refused as late | violations (accepted after, refused before, time outside the client'"'"'s window, receipt ≠ row ≠ log) | result |\n' "$(v deadline.window_ms)"
  printf '|---:|---:|---:|---:|---|\n'
  printf '| %s | %s | %s | %s | %s |\n' "$(v deadline.tries)" "$(v deadline.accepted)" "$(v deadline.refused_late)" "$(v deadline.violations)" \
    "$([ "$status" = 0 ] && echo passed || echo "**FAILED** (exit $status)")"
)
printf '%s\n' "$report"
if [ "$RESULTS" != - ]; then printf '%s\n' "$report" >>"$RESULTS"; log "appended to $RESULTS"; fi
rm -f "$OUT"
exit "$status"
