#!/usr/bin/env bash
# Private PostgreSQL cluster for dev/test: start|stop|connection-string DATA_DIR.
# Only the connection string goes to stdout so callers can capture it; everything else goes to stderr.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }
usage() { die "usage: $0 start DATA_DIR [PREFERRED_PORT] | stop DATA_DIR | connection-string DATA_DIR"; }

IS_ROOT=0; [ "$(id -u)" = 0 ] && IS_ROOT=1

# PostgreSQL refuses to run as root, so as root the server tools run as the postgres user.
as_pg() { if [ "$IS_ROOT" = 1 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Debian only puts the client wrappers on PATH; initdb/pg_ctl live in a versioned dir.
find_bin() {
  local initdb
  initdb=$(command -v initdb 2>/dev/null) \
    || initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1) || true
  [ -n "$initdb" ] || return 1
  BIN=$(dirname "$(readlink -f "$initdb")")   # resolve symlinks so pg_ctl/postgres come from the same install
  PSQL="$BIN/psql"; [ -x "$PSQL" ] || PSQL=$(command -v psql) || die "psql not found"
}

ensure_bin() {
  find_bin && return 0
  [ "$IS_ROOT" = 1 ] || die "PostgreSQL server binaries (initdb) not found; install the 'postgresql' package"
  log "installing postgresql via apt-get (binaries not found)"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq postgresql; } >&2 || die "apt-get install postgresql failed"
  find_bin || die "initdb still not found after installing postgresql"
}

running() { [ -n "${BIN:-}" ] && [ -f "$DATA_DIR/PG_VERSION" ] && as_pg "$BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; }

# postmaster.pid line 4 is the live port even if the cluster was restarted by hand; the port file is the fallback.
current_port() { sed -n 4p "$DATA_DIR/postmaster.pid" 2>/dev/null | grep . || cat "$DATA_DIR/port"; }

conn_str() { echo "Host=127.0.0.1;Port=$1;Username=postgres;Database=workspaces"; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local port=${1:-55432} opts attempt
  ensure_bin
  mkdir -p "$DATA_DIR"
  if [ "$IS_ROOT" = 1 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    chown -R postgres:postgres "$DATA_DIR"
    runuser -u postgres -- test -w "$DATA_DIR" \
      || die "user postgres cannot reach/write $DATA_DIR (a parent directory is probably not traversable); use a path under /tmp"
  fi

  if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
    log "initdb $DATA_DIR"
    # C.UTF-8 is missing on some minimal images; --no-locale still gives a UTF8 cluster.
    as_pg "$BIN/initdb" -D "$DATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2 \
      || as_pg "$BIN/initdb" -D "$DATA_DIR" -U postgres --auth=trust -E UTF8 --no-locale >&2 \
      || die "initdb failed"
  fi

  if running; then
    port=$(current_port)
    log "reusing running cluster on port $port"
  else
    # Retry a few ports: another process may grab the free port between our probe and the bind.
    for attempt in 1 2 3 4 5; do
      while port_busy "$port"; do port=$((port + 1)); done
      # A backend keeps a file open per table and index it touched; with thousands of workspace schemas the
      # default 1,000 made each upsert reopen 9-10 files (docs/performance.md). PostgreSQL caps this at the open-file
      # limit, which runuser resets to a soft 1,024, hence the ulimit below.
      opts="-h 127.0.0.1 -p $port -k '$DATA_DIR' -c max_connections=300 -c shared_buffers=256MB -c max_files_per_process=32768"
      [ "${PG_FAST:-0}" = 1 ] && opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
      log "starting on 127.0.0.1:$port (log: $DATA_DIR/server.log)"
      as_pg sh -c 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"' \
        "$BIN/pg_ctl" -D "$DATA_DIR" -l "$DATA_DIR/server.log" -w -t 60 start -o "$opts" >&2 && break
      tail -n 5 "$DATA_DIR/server.log" 2>/dev/null | grep -q "already in use" && [ "$attempt" -lt 5 ] \
        || die "pg_ctl start failed; see $DATA_DIR/server.log"
      port=$((port + 1))
    done
    echo "$port" > "$DATA_DIR/port"
  fi

  local psql=("$PSQL" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -tAc)
  if [ "$("${psql[@]}" "SELECT 1 FROM pg_database WHERE datname = 'workspaces'")" != 1 ]; then
    log "creating database workspaces"
    "${psql[@]}" "CREATE DATABASE workspaces" >&2
  fi
  conn_str "$port"
}

stop() {
  find_bin || { log "no PostgreSQL binaries; nothing to stop"; return 0; }
  if running; then
    as_pg "$BIN/pg_ctl" -D "$DATA_DIR" -m fast stop >&2
  else
    log "not running: $DATA_DIR"
  fi
}

connection_string() {
  find_bin || die "PostgreSQL binaries not found"
  running || die "no cluster running for $DATA_DIR"
  conn_str "$(current_port)"
}

[ $# -ge 2 ] || usage
cmd=$1 DATA_DIR=$2; shift 2
case "$DATA_DIR" in /*) ;; *) DATA_DIR="$PWD/$DATA_DIR" ;; esac
# runuser keeps the caller's cwd, which postgres may not be able to enter (e.g. /root); absolute paths make / safe.
cd /
case "$cmd" in
  start) start "$@" ;;
  stop) stop ;;
  connection-string) connection_string ;;
  *) usage ;;
esac
