#!/usr/bin/env bash
# Two instances of the packaged application behind HAProxy on this machine, sharing PostgreSQL and one blob
# directory (what `.ci/sunlight cluster` runs; it picks the JDK, installs haproxy and builds the app first).
#
#   docs/cluster/cluster.sh start      start both instances (one after the other) and HAProxy, wait until ready
#   docs/cluster/cluster.sh stop       drain and stop everything started by `start`
#   docs/cluster/cluster.sh restart N  rolling restart of instance N (1 or 2): readiness DOWN, HAProxy drains it,
#                                      in-flight requests finish, then it stops and starts again; the other serves
#   docs/cluster/cluster.sh kill N     kill -9 instance N (crash tests); `start-instance N` brings it back
#   docs/cluster/cluster.sh status     pids, readiness, HAProxy's view
#
# Settings (environment): CLUSTER_DIR (var/cluster: logs, pids, HAProxy config), CLUSTER_DB (sunlight),
# CLUSTER_PORT (8080: HAProxy), CLUSTER_PORTS (8081,8082: the instances), CLUSTER_STATS_PORT (8404),
# CLUSTER_XMX (512m), CLUSTER_GC_LOG (0; 1: a GC log per instance in CLUSTER_DIR, for the benchmarks), CLUSTER_DEMO (1: the repository's dev JWT keys, operator password Sunlight@2026 and demo data;
# 0 needs SUNLIGHT_JWT_* and SUNLIGHT_BOOTSTRAP_OPERATOR_PASSWORD), CLUSTER_DEMO_DATA (= CLUSTER_DEMO), SUNLIGHT_BLOB_DIR and SUNLIGHT_KEYS_DIR (shared by both instances;
# default under CLUSTER_DIR). In production the blob directory is an NFS/CephFS mount or equivalent shared storage
# that gives atomic rename within the directory tree and durable fsync of files and directories (each instance checks
# this at start-up and refuses to start without it).
set -euo pipefail
cd "$(dirname "$0")/../.."

DIR=${CLUSTER_DIR:-var/cluster}
DB=${CLUSTER_DB:-sunlight}
PORT=${CLUSTER_PORT:-8080}
IFS=, read -r P1 P2 <<<"${CLUSTER_PORTS:-8081,8082}"
STATS=${CLUSTER_STATS_PORT:-8404}
XMX=${CLUSTER_XMX:-512m}
DEMO=${CLUSTER_DEMO:-1}
DEMO_DATA=${CLUSTER_DEMO_DATA:-$DEMO}
BLOBS=${SUNLIGHT_BLOB_DIR:-$DIR/blobs}
KEYS=${SUNLIGHT_KEYS_DIR:-$DIR/keys}
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
mkdir -p "$DIR" "$BLOBS" "$KEYS"
DIR=$(cd "$DIR" && pwd) BLOBS=$(cd "$BLOBS" && pwd) KEYS=$(cd "$KEYS" && pwd)

log() { printf 'cluster: %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
port_of() { [ "$1" = 1 ] && echo "$P1" || echo "$P2"; }
pid_of() { cat "$DIR/instance-$1.pid" 2>/dev/null || true; }
alive() { local p; p=$(pid_of "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
ready() { curl -sf -o /dev/null "http://127.0.0.1:$(port_of "$1")/q/health/ready"; }

start_instance() {
  local n=$1 port; port=$(port_of "$n")
  alive "$n" && { log "instance $n already runs (pid $(pid_of "$n"))"; return 0; }
  local env=(SUNLIGHT_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" SUNLIGHT_DB_USER="$PGUSER"
             SUNLIGHT_BLOB_DIR="$BLOBS" SUNLIGHT_KEYS_DIR="$KEYS" QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1
             SUNLIGHT_BEHIND_PROXY=true)
  if [ "$DEMO" = 1 ]; then
    env+=(SUNLIGHT_JWT_PUBLIC_KEY=jwt/dev-public.pem SUNLIGHT_JWT_PRIVATE_KEY=jwt/dev-private.pem
          SUNLIGHT_BOOTSTRAP_OPERATOR_PASSWORD=Sunlight@2026 SUNLIGHT_DEMO_ENABLED=$([ "$DEMO_DATA" = 1 ] && echo true || echo false))
  fi
  # --add-opens: the JDK 25 thread pool's shutdown reflects into java.lang (see docker/Dockerfile).
  local opts=()
  [ "${CLUSTER_GC_LOG:-0}" = 1 ] && opts+=("-Xlog:gc:file=$DIR/instance-$n.gc.log:time")
  env "${env[@]}" setsid "$JAVA" "-Xmx$XMX" --add-opens java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED ${opts[@]+"${opts[@]}"} \
    -jar server/target/quarkus-app/quarkus-run.jar >>"$DIR/instance-$n.log" 2>&1 </dev/null &
  echo $! >"$DIR/instance-$n.pid"
  for _ in $(seq 1 960); do
    alive "$n" || { tail -30 "$DIR/instance-$n.log" >&2; die "instance $n exited during start-up"; }
    ready "$n" && { log "instance $n ready on 127.0.0.1:$port (pid $(pid_of "$n"))"; return 0; }
    sleep 0.25
  done
  die "instance $n not ready in 240 s (see $DIR/instance-$n.log)"
}

# SIGTERM: Quarkus turns readiness DOWN, waits quarkus.shutdown.delay (HAProxy stops sending new requests), then lets
# in-flight requests finish (quarkus.shutdown.timeout) and stops.
stop_instance() {
  local n=$1 p; p=$(pid_of "$n")
  [ -n "$p" ] && kill -0 "$p" 2>/dev/null || { rm -f "$DIR/instance-$n.pid"; return 0; }
  kill -TERM "$p"
  for _ in $(seq 1 600); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$p" 2>/dev/null && { log "instance $n did not stop in 150 s: kill -9"; kill -KILL "$p"; }
  rm -f "$DIR/instance-$n.pid"
  log "instance $n stopped"
}

# The same settings as docker/haproxy.cfg (the compose file's), with this machine's addresses.
haproxy_config() {
  cat >"$DIR/haproxy.cfg" <<CFG
global
    maxconn 8192
defaults
    mode http
    timeout connect 5s
    # A 1 GB bid on a slow line takes minutes; a hall socket stays open for the whole opening.
    timeout client 15m
    timeout server 15m
    timeout tunnel 8h
    timeout http-request 60s
    # A loaded instance may answer its health check slowly: not a reason to take it out.
    timeout check 5s
    # A refused connection (instance just killed) goes to the other instance; nothing was sent yet.
    retries 2
    option redispatch
frontend sunlight
    bind 127.0.0.1:$PORT
    option forwardfor
    # Released opening-key shares live only in the memory of the instance that received them (never written
    # anywhere, see OpeningService): one tender's share releases all go to the same instance.
    acl key_shares path_reg ^/api/tenders/[0-9]+/opening/shares$
    use_backend app-by-tender if key_shares
    default_backend app
backend app
    balance leastconn
    option httpchk GET /q/health/ready
    http-check expect status 200
    default-server inter 1s fall 3 rise 2 maxconn 1000
    server app1 127.0.0.1:$P1 check
    server app2 127.0.0.1:$P2 check
backend app-by-tender
    balance uri depth 3
    hash-type consistent
    option httpchk GET /q/health/ready
    http-check expect status 200
    default-server inter 1s fall 3 rise 2 maxconn 1000
    server app1 127.0.0.1:$P1 check
    server app2 127.0.0.1:$P2 check
listen stats
    bind 127.0.0.1:$STATS
    stats enable
    stats uri /
    stats refresh 2s
CFG
}

start_haproxy() {
  command -v haproxy >/dev/null || die "haproxy is not installed (.ci/sunlight cluster installs it)"
  [ -f "$DIR/haproxy.pid" ] && kill -0 "$(cat "$DIR/haproxy.pid")" 2>/dev/null && return 0
  haproxy_config
  haproxy -c -q -f "$DIR/haproxy.cfg" || die "bad HAProxy configuration $DIR/haproxy.cfg"
  haproxy -D -f "$DIR/haproxy.cfg" -p "$DIR/haproxy.pid"
  log "HAProxy on http://127.0.0.1:$PORT (stats http://127.0.0.1:$STATS/)"
}

case "${1:-start}" in
  start)
    [ -f server/target/quarkus-app/quarkus-run.jar ] || die "build first (.ci/sunlight package)"
    psql -tAc "select 1 from pg_database where datname='$DB'" postgres | grep -q 1 || psql -qc "create database $DB" postgres
    # One after the other: the first creates the shared keys, migrates the schema and seeds the demo data.
    start_instance 1
    if [ "$DEMO" = 1 ] && [ "$DEMO_DATA" = 1 ]; then
      # The first instance seeds the demo data once it serves HTTP; the second starts when that is done.
      for _ in $(seq 1 480); do
        grep -q "Demo data created\|Demo data already present\|Demo data could not be created" "$DIR/instance-1.log" && break
        sleep 0.5
      done
    fi
    start_instance 2
    start_haproxy
    log "cluster up: http://127.0.0.1:$PORT  (stop: $0 stop)" ;;
  start-instance) start_instance "${2:?instance 1 or 2}" ;;
  stop)
    [ -f "$DIR/haproxy.pid" ] && { kill "$(cat "$DIR/haproxy.pid")" 2>/dev/null || true; rm -f "$DIR/haproxy.pid"; }
    stop_instance 1 & stop_instance 2 & wait ;;
  restart)
    n=${2:?instance 1 or 2}
    other=$((3 - n))
    ready "$other" || die "instance $other is not ready: a rolling restart of $n would leave no instance"
    stop_instance "$n"
    start_instance "$n" ;;
  kill)
    n=${2:?instance 1 or 2}; p=$(pid_of "$n"); [ -n "$p" ] && kill -KILL "$p" 2>/dev/null || true
    rm -f "$DIR/instance-$n.pid"; log "instance $n killed (-9)" ;;
  status)
    for n in 1 2; do
      if alive "$n"; then printf 'instance %s pid %s ready=%s\n' "$n" "$(pid_of "$n")" "$(ready "$n" && echo yes || echo no)"
      else printf 'instance %s down\n' "$n"; fi
    done
    curl -s "http://127.0.0.1:$STATS/;csv" 2>/dev/null | awk -F, '$1 == "app" {print "haproxy " $2 " " $18}' || true ;;
  *) sed -n '2,20p' "$0" >&2; exit 2 ;;
esac
