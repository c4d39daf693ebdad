#!/usr/bin/env bash
# start-slurm.sh - idempotently install and start a single-node Slurm 22.05
# cluster (munged + slurmctld + slurmd on this machine) without systemd, for
# Hypersweep's Slurm launcher and its tests (tests/Hypersweep.Tests/Slurm).
# Safe to run any number of times; about 15 s the first time (apt-get install),
# 3 s after. Runs as root (slurmd needs root); run by another user, it re-runs
# itself with sudo.
#
# - one node = this machine (CPUs/memory from `slurmd -C`), one default partition
#   (`debug`)
# - select/cons_tres + CR_Core: every core is a schedulable unit, so N one-core
#   jobs run at once on an N-core machine
# - no cgroups (proctrack/linuxproc, task/none), no accounting database:
#   sacct does NOT work; finished jobs stay visible to `scontrol show job` and
#   `squeue -t all` for MinJobAge seconds, and every finished job is appended
#   to the jobcomp file (JobCompLoc) with its JobState and ExitCode.
# Stop with scripts/stop-slurm.sh (pid files only).
#
# Overridable: SLURM_PARTITION SLURM_CLUSTER SLURM_MIN_JOB_AGE
# (changing SLURM_CLUSTER later needs `rm -rf /var/spool/slurmctld`: slurmctld refuses
#  state saved under another cluster name)
set -euo pipefail

PARTITION="${SLURM_PARTITION:-debug}"
CLUSTER="${SLURM_CLUSTER:-hypersweep}"
MIN_JOB_AGE="${SLURM_MIN_JOB_AGE:-3600}"   # seconds a finished job stays in slurmctld memory
CONF=/etc/slurm/slurm.conf                  # default path compiled into the Debian client tools
STATE_DIR=/var/spool/slurmctld
SPOOL_DIR=/var/spool/slurmd
LOG_DIR=/var/log/slurm
PID_DIR=/run/slurm
MARK_DIR=/run/hypersweep-slurm              # "started by start-slurm.sh" markers for stop-slurm.sh
MUNGE_PID=/run/munge/munged.pid
JOBCOMP_LOG=$LOG_DIR/jobcomp.log

T0=${EPOCHREALTIME/[.,]/}
log() { local t=$(( (${EPOCHREALTIME/[.,]/} - T0) / 100000 )); printf '[start-slurm %3d.%ds] %s\n' $((t / 10)) $((t % 10)) "$*" >&2; }
die() { echo "[start-slurm] ERROR: $*" >&2; exit 1; }
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "must run as root (and sudo is not installed)"
  exec sudo --preserve-env=SLURM_PARTITION,SLURM_CLUSTER,SLURM_MIN_JOB_AGE -- bash "$0" "$@"
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

munge_was_running=0
alive "$MUNGE_PID" munged >/dev/null && munge_was_running=1

# --- 1. install (skipped when already installed) ---
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null \
   || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  log "installing munge + slurm with apt-get (first time only) ..."
  export DEBIAN_FRONTEND=noninteractive
  aptlog=$(mktemp /tmp/start-slurm-apt.XXXXXX.log)
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends \
           -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
           munge slurmctld slurmd slurm-client; } >"$aptlog" 2>&1; then
    tail -n 30 "$aptlog" >&2; die "apt-get install failed (full log: $aptlog)"
  fi
  rm -f "$aptlog"
  log "installed $(slurmctld -V)"
fi

install -d -m 0755 "$PID_DIR" "$MARK_DIR" "$LOG_DIR" /etc/slurm
install -d -m 0700 "$STATE_DIR"
install -d -m 0755 "$SPOOL_DIR"

# --- 2. munge: key + munged (runs as user munge) ---
install -d -o munge -g munge -m 0700 /etc/munge /var/log/munge
install -d -o munge -g munge -m 0711 /var/lib/munge
install -d -o munge -g munge -m 0755 /run/munge
if [ ! -s /etc/munge/munge.key ]; then
  log "creating /etc/munge/munge.key"
  if command -v mungekey >/dev/null; then
    runuser -u munge -- mungekey --create --keyfile=/etc/munge/munge.key
  else
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  fi
fi
chown munge:munge /etc/munge/munge.key; chmod 0400 /etc/munge/munge.key

if pid=$(alive "$MUNGE_PID" munged); then
  # munged started by the package's init script during our own apt-get install counts as ours
  [ "$munge_was_running" = 0 ] && echo "$pid" > "$MARK_DIR/munged"
  log "munged already running (pid $pid)"
else
  log "starting munged"
  runuser -u munge -- munged            # daemonizes, writes $MUNGE_PID
  for _ in $(seq 1 50); do pid=$(alive "$MUNGE_PID" munged) && break; sleep 0.1; done
  pid=$(alive "$MUNGE_PID" munged) || die "munged did not start (see /var/log/munge/munged.log)"
  echo "$pid" > "$MARK_DIR/munged"
fi
for _ in $(seq 1 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
munge -n | unmunge >/dev/null || die "munge credential round-trip failed"

# --- 3. slurm.conf (rewritten every run; daemons restarted only if it changed) ---
NODE=$(hostname -s)
# e.g. "NodeName=vm CPUs=2 Boards=1 SocketsPerBoard=1 CoresPerSocket=2 ThreadsPerCore=1 RealMemory=24105"
HW=$(slurmd -C | head -n1 | sed -e 's/^NodeName=[^ ]* //' -e 's/ *$//')
[ -n "$HW" ] || die "slurmd -C gave nothing"
conf_new=$(cat <<CONF
# written by start-slurm.sh - single-node test cluster
ClusterName=$CLUSTER
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
MailProg=/bin/true
# no cgroups: track job processes through /proc, no task containment
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
# no slurmdbd -> no sacct; finished jobs: scontrol/squeue for MinJobAge s, plus the jobcomp file
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$JOBCOMP_LOG
MinJobAge=$MIN_JOB_AGE
SchedulerType=sched/backfill
# start batch jobs at submit time (default batch_sched_delay=3 lets them wait up to 3 s)
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
# reject at submit time (instead of pending forever) jobs that can never fit
EnforcePartLimits=ALL
SlurmdParameters=config_overrides
KillWait=5
InactiveLimit=0
Waittime=0
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$STATE_DIR
SlurmdSpoolDir=$SPOOL_DIR
SlurmctldPidFile=$PID_DIR/slurmctld.pid
SlurmdPidFile=$PID_DIR/slurmd.pid
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
NodeName=$NODE NodeAddr=127.0.0.1 $HW State=UNKNOWN
PartitionName=$PARTITION Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
CONF
)
# slurmd 22.05 always initialises a cgroup plugin, even with linuxproc/task/none. "autodetect"
# fails without a cgroup fs mounted ("No filesystem mounted on /sys/fs/cgroup") and picks
# cgroup/v2 on cgroup2 hosts, which wants systemd/dbus. cgroup/v1 initialises fine in both
# cases and is never used for jobs with this slurm.conf.
cgconf_new=$(cat <<CONF
# written by start-slurm.sh - no cgroup confinement; this only keeps slurmd's init independent
# of the host's cgroup layout
CgroupPlugin=cgroup/v1
CONF
)
conf_changed=0
if [ "$(cat "$CONF" 2>/dev/null)" != "$conf_new" ]; then
  printf '%s\n' "$conf_new" > "$CONF"; chmod 0644 "$CONF"
  conf_changed=1
fi
if [ "$(cat /etc/slurm/cgroup.conf 2>/dev/null)" != "$cgconf_new" ]; then
  printf '%s\n' "$cgconf_new" > /etc/slurm/cgroup.conf; chmod 0644 /etc/slurm/cgroup.conf
  conf_changed=1
fi

stop_daemon() {  # NAME PIDFILE
  local pid
  pid=$(alive "$2" "$1") || return 0
  log "stopping $1 (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 1 100); do running "$pid" || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}
if [ "$conf_changed" = 1 ]; then
  if alive "$PID_DIR/slurmd.pid" slurmd >/dev/null || alive "$PID_DIR/slurmctld.pid" slurmctld >/dev/null; then
    log "slurm.conf changed: restarting slurmd/slurmctld"
    stop_daemon slurmd "$PID_DIR/slurmd.pid"
    stop_daemon slurmctld "$PID_DIR/slurmctld.pid"
  fi
fi

started=0
# --- 4. slurmctld, then slurmd (both daemonize and write their pid files) ---
if pid=$(alive "$PID_DIR/slurmctld.pid" slurmctld); then
  log "slurmctld already running (pid $pid)"
else
  log "starting slurmctld"
  slurmctld || die "slurmctld failed to start (see $LOG_DIR/slurmctld.log)"
  for _ in $(seq 1 100); do scontrol ping 2>/dev/null | grep -q 'is UP' && break; sleep 0.2; done
  pid=$(alive "$PID_DIR/slurmctld.pid" slurmctld) || { tail -n 20 "$LOG_DIR/slurmctld.log" >&2; die "slurmctld is not running"; }
  echo "$pid" > "$MARK_DIR/slurmctld"; started=1
fi
scontrol ping | grep -q 'is UP' || { tail -n 20 "$LOG_DIR/slurmctld.log" >&2; die "slurmctld does not answer"; }

if pid=$(alive "$PID_DIR/slurmd.pid" slurmd); then
  log "slurmd already running (pid $pid)"
else
  log "starting slurmd"
  slurmd -N "$NODE" || die "slurmd failed to start (see $LOG_DIR/slurmd.log)"
  for _ in $(seq 1 50); do alive "$PID_DIR/slurmd.pid" slurmd >/dev/null && break; sleep 0.2; done
  pid=$(alive "$PID_DIR/slurmd.pid" slurmd) || { tail -n 20 "$LOG_DIR/slurmd.log" >&2; die "slurmd is not running"; }
  echo "$pid" > "$MARK_DIR/slurmd"; started=1
fi

# --- 5. wait until the node is usable (idle / mixed / allocated) ---
state=""
for _ in $(seq 1 150); do
  state=$(sinfo -h -n "$NODE" -o '%T' 2>/dev/null | head -n1)
  case "$state" in idle|mixed|allocated|completing) break ;; esac
  sleep 0.2
done
case "$state" in
  idle|mixed|allocated|completing) ;;
  drain*|down*) log "node $NODE is $state; resuming"; scontrol update NodeName="$NODE" State=RESUME || true
                sleep 1; state=$(sinfo -h -n "$NODE" -o '%T' | head -n1) ;;
esac
case "$state" in
  idle|mixed|allocated|completing) ;;
  *) scontrol show node "$NODE" >&2; die "node $NODE not ready (state: ${state:-none})" ;;
esac

# --- 6. after a (re)start: run one tiny job end to end (munge, slurmd, slurmstepd).
#        slurmctld only starts scheduling ~3 s after it starts, so this also waits that out.
if [ "$started" = 1 ]; then
  jid=$(sbatch --parsable -p "$PARTITION" -c 1 -J start-slurm-smoke -o /dev/null --wrap true) \
    || die "sbatch of the smoke-test job failed"
  st=""
  for _ in $(seq 1 150); do
    st=$(scontrol -o show job "$jid" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2)
    case "$st" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|BOOT_FAIL|OUT_OF_MEMORY) break ;; esac
    sleep 0.2
  done
  [ "$st" = COMPLETED ] || { scontrol show job "$jid" >&2; die "smoke-test job $jid ended as '${st:-?}'"; }
  log "smoke-test job $jid COMPLETED"
fi
log "ready"

cpus=$(sinfo -h -n "$NODE" -o '%c' | head -n1)
echo "Slurm $(sinfo -V | awk '{print $2}') ready: cluster '$CLUSTER', partition '$PARTITION' (default; node $NODE, $cpus CPUs, CR_Core so $cpus one-core jobs run at once). Submit: sbatch -p $PARTITION -c 1 --output=/abs/path/%j.out job.sh (prints 'Submitted batch job <id>'; --parsable prints just the id); watch: squeue -j <id> / scontrol show job <id> (JobState, ExitCode; kept ${MIN_JOB_AGE}s after the end); cancel: scancel <id>. sacct does NOT work (no slurmdbd); finished-job log: $JOBCOMP_LOG"
