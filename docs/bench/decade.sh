#!/usr/bin/env bash
# The read benchmark over a generated decade (issue 20): for each size (tenders; default 10000 100000), a database
# sunlight_decade_<size/1000>k is generated when it holds no tenders (timed), the packaged server is started on it
# (prod profile, port BENCH_PORT or 18310, log keys var/decade-keys — the generator's), the reads are timed one at a
# time (cn.sunlight.bench.DecadeBench; BENCH_ITER, BENCH_WARM) and their plans saved in docs/bench/decade/<label>/.
# The Markdown section is printed and appended to docs/benchmarks.md (BENCH_NO_RECORD=1: not appended).
# Usage: .ci/sunlight bench-decade [10000 100000 1000000]   (BENCH_REGENERATE=1: regenerate even when present)
set -euo pipefail
cd "$(dirname "$0")/../.."
export LC_ALL=C.UTF-8
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
PORT=${BENCH_PORT:-18310}
JAVA=$JAVA_HOME/bin/java
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000)
WORK=target/bench/decade; mkdir -p "$WORK"
log() { printf '[decade %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "$*"; exit 1; }
if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then die "port $PORT is already in use"; fi

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  log "building (mvn -o package -DskipTests, test-compile)"
  mvn -B -o -q package -DskipTests >"$WORK/build.log" 2>&1 && mvn -B -o -q test-compile >>"$WORK/build.log" 2>&1 \
    || { tail -40 "$WORK/build.log" >&2; die "build failed"; }
fi
CP="server/target/test-classes:server/target/quarkus-app/app/*:server/target/quarkus-app/lib/main/*"
SERVER_PID=""
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; true' EXIT

report=$WORK/report.md
{
  echo "### Decade read benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- Command: \`.ci/sunlight bench-decade ${SIZES[*]}\` (docs/bench/decade.sh), ${BENCH_ITER:-200} timed requests per read after ${BENCH_WARM:-20} warm-up, one at a time"
  echo "- Commit: \`$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- core tools server pom.xml 2>/dev/null || echo ' + local changes')\`"
  echo "- Machine: $(nproc) × $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM; PostgreSQL $(psql -tA -d postgres -c 'show server_version'); JDK $("$JAVA" -version 2>&1 | head -1)"
  echo "- Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine counts: 2 cores)"
  echo "- Goal: p99 < 100 ms for every read at 1,000,000 tenders; the ratio column is p99 / 100 ms"
  echo
} >"$report"

for n in "${SIZES[@]}"; do
  label="$((n / 1000))k"; [ "$n" -ge 1000000 ] && label="$((n / 1000000))m"
  db=sunlight_decade_$label
  have=$(psql -tAc "select count(*) from tender" "$db" 2>/dev/null || echo 0)
  gen="(already generated)"
  if [ "${BENCH_REGENERATE:-0}" = 1 ] || [ "${have:-0}" = 0 ]; then
    log "generating $n tenders into $db"
    start=$SECONDS
    "$JAVA" -Xmx3g -cp "server/target/quarkus-app/app/*:server/target/quarkus-app/lib/main/*" cn.sunlight.demo.DecadeGenerator \
      --database "$db" --tenders "$n" --fresh --keys-dir var/decade-keys >"$WORK/generate-$label.log" 2>&1 \
      || { tail -30 "$WORK/generate-$label.log" >&2; die "generation failed"; }
    gen="$((SECONDS - start)) s (load average at the end $(cut -d' ' -f1-3 /proc/loadavg))"
  fi
  dir=$WORK/$label; mkdir -p "$dir/blobs"
  log "starting the server on $db (port $PORT)"
  started=$SECONDS
  SUNLIGHT_DB_URL=jdbc:postgresql://$PGHOST:$PGPORT/$db SUNLIGHT_DB_USER=$PGUSER \
  SUNLIGHT_JWT_PUBLIC_KEY=jwt/dev-public.pem SUNLIGHT_JWT_PRIVATE_KEY=jwt/dev-private.pem \
  SUNLIGHT_BOOTSTRAP_OPERATOR_PASSWORD=Sunlight@2026 SUNLIGHT_SECURE_COOKIE=false \
  SUNLIGHT_BLOB_DIR=$dir/blobs SUNLIGHT_KEYS_DIR=var/decade-keys QUARKUS_HTTP_PORT=$PORT \
    "$JAVA" -Xmx2g -Dsunlight.limits.anonymous.per-minute=10000000 -Dsunlight.limits.anonymous.burst=1000000 \
    -jar server/target/quarkus-app/quarkus-run.jar >"$dir/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -30 "$dir/server.log" >&2; die "the server exited during start-up"; }
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && break
    sleep 0.5
  done
  ready=$((SECONDS - started))
  # V22: the collusion signals of the tenders whose bids were final before the migration are found once, in the
  # background after the start (cn.sunlight.bid.service.CollusionBackfill); the reads are timed after it.
  backfill="(not seen within 30 min)"
  for _ in $(seq 1 1800); do
    line=$(grep -o 'collusion backfill done.*' "$dir/server.log" | head -1 || true)
    [ -n "$line" ] && { backfill=${line#collusion backfill done: }; break; }
    sleep 1
  done
  log "server ready in ${ready} s; collusion backfill: $backfill; timing the reads"
  plans=docs/bench/decade/$label
  rm -rf "$plans"
  "$JAVA" -Xmx512m -cp "$CP" cn.sunlight.bench.DecadeBench "http://127.0.0.1:$PORT" \
    "jdbc:postgresql://$PGHOST:$PGPORT/$db" "$label" "$plans" "$dir/results.txt"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  get() { sed -n "s/^$1=//p" "$dir/results.txt"; }
  {
    echo "#### $(printf "%'d" "$n") tenders ($label)"
    echo
    echo "- Database $db: $(printf "%'d" "$(get events)") audit events and log leaves, $(( $(get db_bytes) / 1048576 )) MiB; generator: $gen"
    echo "- Migrations at the start: $(grep -o 'Successfully applied [0-9]* migrations.*' "$dir/server.log" | head -1 || echo 'none to apply'); collusion backfill after the start: $backfill"
    echo "- Server start to ready: ${ready} s; the first inclusion proof after the start: $(get cold_first_proof_ms) ms (the subtree cache is in memory)"
    echo "- Plans: [docs/bench/decade/$label/](bench/decade/$label/)"
    echo
    echo "| read | p50 ms | p95 ms | p99 ms | max ms | p99 / 100 ms |"
    echo "|---|---:|---:|---:|---:|---:|"
    for k in $(sed -n 's/^\([a-z0-9-]*\)\.p99=.*/\1/p' "$dir/results.txt"); do
      p99=$(get "$k.p99")
      echo "| $k — $(get "$k.what") | $(get "$k.p50") | $(get "$k.p95") | $p99 | $(get "$k.max") | $(awk -v p="$p99" 'BEGIN {printf "%.2f", p / 100}') |"
    done
    echo
  } >>"$report"
done
echo "- Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$report"
echo >>"$report"
cat "$report"
if [ "${BENCH_NO_RECORD:-0}" != 1 ]; then
  cat "$report" >>docs/benchmarks.md
  log "appended to docs/benchmarks.md"
fi
