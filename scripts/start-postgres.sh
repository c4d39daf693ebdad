#!/usr/bin/env bash
# start-postgres.sh - idempotently install and start a throw-away PostgreSQL 15
# server for tests, without systemd. Safe to run any number of times.
#
# Creates its own cluster in $PG_DATA (not Debian's 15/main), listening on
# 127.0.0.1:$PG_PORT, with a login role + database ($PG_USER/$PG_PASSWORD/$PG_DB).
# Durability is switched off (fsync=off etc.): this is a CI/test database.
# Stop it with scripts/stop-postgres.sh (uses the postmaster.pid file, nothing else).
# Tests that need PostgreSQL read HYPERSWEEP_TEST_POSTGRES (default: the URL printed at the end).
#
# Overridable: PG_PORT PG_USER PG_PASSWORD PG_DB PG_DATA PG_LOG
set -euo pipefail

PG_VERSION=15
PG_PORT="${PG_PORT:-5432}"
PG_USER="${PG_USER:-hypersweep}"
PG_PASSWORD="${PG_PASSWORD:-hypersweep}"
PG_DB="${PG_DB:-hypersweep}"
PG_DATA="${PG_DATA:-/var/lib/postgresql/hypersweep-$PG_VERSION}"
PG_LOG="${PG_LOG:-/var/log/postgresql/hypersweep-$PG_VERSION.log}"
PG_SOCKDIR=/var/run/postgresql
BIN="/usr/lib/postgresql/$PG_VERSION/bin"

log() { echo "[start-postgres] $*" >&2; }
die() { echo "[start-postgres] ERROR: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "must run as root"
cd /   # runuser keeps the cwd; postgres must be able to read it

# --- 1. install (skipped when already installed; no apt-get update then) ---
if [ ! -x "$BIN/postgres" ] || [ ! -x "$BIN/psql" ] || [ ! -x "$BIN/initdb" ]; then
  log "installing postgresql-$PG_VERSION with apt-get (first time only) ..."
  export DEBIAN_FRONTEND=noninteractive
  aptlog=$(mktemp /tmp/start-postgres-apt.XXXXXX.log)
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends \
           -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
           "postgresql-$PG_VERSION" "postgresql-client-$PG_VERSION"; } >"$aptlog" 2>&1; then
    tail -n 30 "$aptlog" >&2; die "apt-get install failed (full log: $aptlog)"
  fi
  rm -f "$aptlog"
fi

run_pg() { runuser -u postgres -- "$@"; }

# --- 2. directories + cluster (initdb once) ---
install -d -o postgres -g postgres -m 2775 "$PG_SOCKDIR"
install -d -o postgres -g postgres -m 0755 "$(dirname "$PG_LOG")"
if [ ! -s "$PG_DATA/PG_VERSION" ]; then
  log "initdb $PG_DATA ..."
  install -d -o postgres -g postgres -m 0700 "$PG_DATA"
  run_pg "$BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
         --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  echo "include_if_exists = 'hypersweep.conf'" >> "$PG_DATA/postgresql.conf"
fi

# Settings live in their own include file, rewritten every run.
conf_new=$(cat <<CONF
# written by start-postgres.sh
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKDIR'
password_encryption = 'scram-sha-256'
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
)
conf_changed=0
if [ "$(cat "$PG_DATA/hypersweep.conf" 2>/dev/null)" != "$conf_new" ]; then
  printf '%s\n' "$conf_new" > "$PG_DATA/hypersweep.conf"
  chown postgres:postgres "$PG_DATA/hypersweep.conf"
  conf_changed=1
fi

# --- 3. start (in the background, via pg_ctl; pid file = $PG_DATA/postmaster.pid) ---
if run_pg "$BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
  if [ "$conf_changed" = 1 ]; then
    log "settings changed: restarting"
    run_pg "$BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -m fast -w -t 60 restart >/dev/null
  else
    log "already running (pid $(head -n1 "$PG_DATA/postmaster.pid"))"
  fi
else
  if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    die "another server already listens on 127.0.0.1:$PG_PORT (not ours); set PG_PORT to a free port"
  fi
  log "starting postgres (log: $PG_LOG) ..."
  run_pg "$BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 start >/dev/null \
    || { tail -n 20 "$PG_LOG" >&2; die "pg_ctl start failed"; }
fi

# --- 4. wait until TCP connections are accepted ---
for _ in $(seq 1 60); do
  "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break
  sleep 0.5
done
"$BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" || die "server not ready on 127.0.0.1:$PG_PORT"

# --- 5. role + database (idempotent) ---
run_pg "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKDIR" -p "$PG_PORT" -d postgres \
  -v u="$PG_USER" -v p="$PG_PASSWORD" -v d="$PG_DB" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'u')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'u') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'u', :'p') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'d', :'u')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'d') \gexec
SQL

# --- 6. check the advertised credentials really work over TCP ---
PGPASSWORD="$PG_PASSWORD" "$BIN/psql" -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" \
  -c 'SELECT 1' >/dev/null || die "login as $PG_USER over TCP failed"

echo "PostgreSQL $PG_VERSION ready: postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB  (Npgsql: Host=127.0.0.1;Port=$PG_PORT;Username=$PG_USER;Password=$PG_PASSWORD;Database=$PG_DB)"
