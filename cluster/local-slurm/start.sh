#!/usr/bin/env bash
# Starts a one-node Slurm cluster on this machine, without systemd, for trying out and testing
# the shard recipes in cluster/slurm/. Needs root and Debian's packages:
#   apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge
#
# Usage: cluster/local-slurm/start.sh STATE_DIR
# Writes STATE_DIR/slurm.conf (one node, "localhost", with this machine's CPUs; one partition),
# starts munged (if it is not running), slurmctld and slurmd with their state, spool, pid and log
# files in STATE_DIR, and waits until the node is idle. Then, in the same shell:
#   export SLURM_CONF=STATE_DIR/slurm.conf
#   sinfo; sbatch ...
# Stop it with: cluster/local-slurm/stop.sh STATE_DIR
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 STATE_DIR" >&2
  exit 2
fi
if [ "$(id -u)" != 0 ]; then
  echo "error: starting Slurm's daemons needs root" >&2
  exit 2
fi
for tool in munged slurmctld slurmd sinfo sbatch; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool is not installed" >&2
    echo "  fix: apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge" >&2
    exit 2
  fi
done

state=$(mkdir -p "$1" && cd "$1" && pwd)
mkdir -p "$state/state" "$state/spool"
chown -R slurm:slurm "$state/state"
conf="$state/slurm.conf"
cpus=$(nproc)
cat >"$conf" <<EOF
# One-node Slurm written by cluster/local-slurm/start.sh.
ClusterName=asielsim
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MailProg=/bin/true
ReturnToService=2
StateSaveLocation=$state/state
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
chown slurm:slurm "$state"/*.log 2>/dev/null || true

# munge: the key comes with the package; the daemon runs as the munge user.
mkdir -p /run/munge
chown munge:munge /run/munge
if ! pgrep -x munged >/dev/null 2>&1; then
  runuser -u munge -- /usr/sbin/munged
fi

export SLURM_CONF="$conf"
slurmctld -f "$conf"
slurmd -f "$conf" -N localhost

for _ in $(seq 1 60); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qx idle; then
    echo "one-node Slurm is up: export SLURM_CONF=$conf"
    exit 0
  fi
  sleep 0.5
done
echo "error: the node did not become idle within 30 s; see $state/slurmctld.log and $state/slurmd.log" >&2
sinfo >&2 || true
exit 1
