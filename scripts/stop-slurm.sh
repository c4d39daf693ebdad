#!/usr/bin/env bash
# stop-slurm.sh - stop what scripts/start-slurm.sh started: slurmd, slurmctld and munged,
# each found through its pid file (and checked by /proc/<pid>/comm), never by
# name matching. munged is only stopped if start-slurm.sh started it.
# Jobs still queued/running are cancelled through Slurm first (SLURM_KEEP_JOBS=1 skips that),
# so no slurmstepd/job processes are left behind.
set -euo pipefail
PID_DIR=/run/slurm
MARK_DIR=/run/hypersweep-slurm
MUNGE_PID=/run/munge/munged.pid
T0=${EPOCHREALTIME/[.,]/}
log() { local t=$(( (${EPOCHREALTIME/[.,]/} - T0) / 100000 )); printf '[stop-slurm %3d.%ds] %s\n' $((t / 10)) $((t % 10)) "$*" >&2; }
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { log "must run as root (and sudo is not installed)"; exit 1; }
  exec sudo --preserve-env=SLURM_KEEP_JOBS -- bash "$0" "$@"
fi
cd /

# a killed daemon can stay a zombie until PID 1 reaps it (slow in some sandboxes): counts as dead
running() { [ -e /proc/"$1" ] && ! grep -q '^State:[[:space:]]*Z' /proc/"$1"/status 2>/dev/null; }
# alive PIDFILE COMM -> prints the pid and succeeds if PIDFILE names a live process called COMM
alive() {
  local pid
  [ -r "$1" ] || return 1
  pid=$(tr -dc '0-9' < "$1")
  [ -n "$pid" ] && [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = "$2" ] && running "$pid" || return 1
  echo "$pid"
}
stop_daemon() {  # NAME PIDFILE
  local pid
  if ! pid=$(alive "$2" "$1"); then log "$1 not running"; rm -f "$MARK_DIR/$1"; return 0; fi
  log "stopping $1 (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 1 100); do running "$pid" || break; sleep 0.2; done
  if running "$pid"; then log "$1 ignored SIGTERM for 20s: SIGKILL"; kill -KILL "$pid" || true; fi
  rm -f "$MARK_DIR/$1"
}

# 1. cancel remaining jobs while slurmctld/slurmd are still up
if [ "${SLURM_KEEP_JOBS:-0}" != 1 ] && alive "$PID_DIR/slurmctld.pid" slurmctld >/dev/null \
   && command -v squeue >/dev/null; then
  jobs=$(squeue -h -o '%i' 2>/dev/null | tr '\n' ' ' || true)
  if [ -n "${jobs// /}" ]; then
    log "cancelling jobs: $jobs"
    # shellcheck disable=SC2086
    scancel $jobs || true
    for _ in $(seq 1 75); do [ -z "$(squeue -h -o '%i' 2>/dev/null)" ] && break; sleep 0.2; done
  fi
fi

# 2. daemons, reverse start order
stop_daemon slurmd "$PID_DIR/slurmd.pid"
stop_daemon slurmctld "$PID_DIR/slurmctld.pid"
if [ -f "$MARK_DIR/munged" ]; then
  stop_daemon munged "$MUNGE_PID"
else
  alive "$MUNGE_PID" munged >/dev/null && log "munged was not started by start-slurm.sh: left running"
fi
log "stopped"
