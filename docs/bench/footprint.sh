#!/usr/bin/env bash
# Footprint of the packaged application (issue 14, item 6): time to ready and idle RSS, on this machine.
#
#   docs/bench/footprint.sh            (= .ci/sunlight footprint; JAVA_HOME: a JDK 21+)
#
# Starts server/target/quarkus-app/quarkus-run.jar FOOTPRINT_RUNS times (3) in the prod profile (the first start on a fresh
# database, so it includes the migrations; the others restart on it, as an update or a restart does), and
# for each start measures: wall time from the process's start to the first 200 of /q/health/ready (polled every 20 ms),
# Quarkus's own "started in", the RSS (VmRSS) and heap (/q/metrics) after FOOTPRINT_IDLE seconds (15) of idling; then
# stops it with SIGTERM and checks the stop was clean (exit code, no IllegalAccessError or other stack trace). From
# the last start's log it prints when each phase began (seconds since the JVM started), which shows what dominates.
# Settings: FOOTPRINT_PORT (18299), FOOTPRINT_DB (sunlight_footprint; dropped and recreated), FOOTPRINT_JAVA_OPTS
# (JVM options; default none, i.e. the JVM's defaults as `java -jar` gives them), FOOTPRINT_SKIP_BUILD=1.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.."
PORT=${FOOTPRINT_PORT:-18299}
DB=${FOOTPRINT_DB:-sunlight_footprint}
RUNS=${FOOTPRINT_RUNS:-3}
IDLE=${FOOTPRINT_IDLE:-15}
read -r -a OPTS <<<"${FOOTPRINT_JAVA_OPTS:-}"
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
JAVA=${JAVA_HOME:?set JAVA_HOME to a JDK 21+}/bin/java
log() { printf 'footprint: %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
if [ "${FOOTPRINT_SKIP_BUILD:-0}" != 1 ]; then
  log "building (mvn -o package -DskipTests)"
  mvn -B -o -q package -DskipTests >/dev/null
fi
[ -f server/target/quarkus-app/quarkus-run.jar ] || die "nothing built"
curl -s -o /dev/null "http://127.0.0.1:$PORT/" && die "port $PORT is in use"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sunlight-footprint.XXXXXX")
PID=
cleanup() { [ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
now_ms() { date +%s%3N; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); commit $(git rev-parse --short HEAD)"
printf '| start | time to ready (wall, process start → ready 200) | Quarkus "started in" | idle RSS after %s s | heap used | stop |\n' "$IDLE"
printf '|---:|---:|---:|---:|---:|---|\n'
psql -q -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB" >/dev/null 2>&1
for run in $(seq 1 "$RUNS"); do
  t0=$(now_ms)
  echo "$t0" >"$WORK/t0-$run"
  SUNLIGHT_DB_URL=jdbc:postgresql://$PGHOST:$PGPORT/$DB SUNLIGHT_DB_USER=$PGUSER \
  SUNLIGHT_JWT_PUBLIC_KEY=jwt/dev-public.pem SUNLIGHT_JWT_PRIVATE_KEY=jwt/dev-private.pem \
  SUNLIGHT_BOOTSTRAP_OPERATOR_PASSWORD=Sunlight@2026 SUNLIGHT_BLOB_DIR=$WORK/blobs SUNLIGHT_KEYS_DIR=$WORK/keys \
  QUARKUS_HTTP_PORT=$PORT QUARKUS_HTTP_HOST=127.0.0.1 \
    "$JAVA" ${OPTS[@]+"${OPTS[@]}"} -jar server/target/quarkus-app/quarkus-run.jar >"$WORK/server-$run.log" 2>&1 &
  PID=$!
  ready=
  for _ in $(seq 1 15000); do
    kill -0 "$PID" 2>/dev/null || { tail -20 "$WORK/server-$run.log" >&2; die "the application exited during start-up"; }
    if curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready"; then ready=$(( $(now_ms) - t0 )); break; fi
    sleep 0.02
  done
  [ -n "$ready" ] || die "not ready in 300 s"
  started=$(sed -nE 's/.* started in ([0-9.]+)s.*/\1/p' "$WORK/server-$run.log" | head -1)
  sleep "$IDLE"
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$PID/status")
  heap=$(curl -s "http://127.0.0.1:$PORT/q/metrics" | awk '/^jvm_memory_used_bytes\{area="heap"/ {s += $NF} END {printf "%.0f", s/1048576}')
  kill -TERM "$PID"; rc=0; wait "$PID" || rc=$?; PID=
  traces=$(grep -cE 'IllegalAccessError|Exception in thread|^\s+at [a-z]' "$WORK/server-$run.log" || true)
  stop="exit $rc; $([ "$traces" = 0 ] && echo "clean (no stack trace)" || echo "**$traces stack-trace lines** (see below)")"
  printf '| %s | %.2f s | %s s | %s MiB | %s MiB | %s |\n' "$run" "$(awk -v m="$ready" 'BEGIN {print m/1000}')" "${started:-?}" "$rss" "$heap" "$stop"
done
echo
echo "Start-up phases of the last start (seconds after the process was started: the first log line of each phase):"
last=$WORK/server-$RUNS.log
t0=$(cat "$WORK/t0-$RUNS")
for phase in 'first log line:^[0-9]{4}-' 'Flyway:FlywayExecutor|Flyway' 'migrations validated or applied:Successfully (validated|applied)' \
             'operator bootstrap / bidding rules loaded:BiddingRules|OperatorBootstrap' 'started (Quarkus ready):on JVM .*started in'; do
  name=${phase%%:*} re=${phase#*:}
  line=$(grep -m1 -E "$re" "$last" || true)
  [ -n "$line" ] || continue
  ts=$(awk '{print $1 " " $2}' <<<"$line")
  ms=$(date -d "$ts" +%s%3N 2>/dev/null || echo "")
  [ -n "$ms" ] && printf -- '- %s: %.1f s\n' "$name" "$(awk -v a="$ms" -v b="$t0" 'BEGIN {print (a-b)/1000}')"
done
grep -E 'IllegalAccessError' -A5 "$last" | head -20 || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
