#!/usr/bin/env bash
# Stops the one-node Slurm cluster that cluster/local-slurm/start.sh STATE_DIR started (its
# slurmd and slurmctld, by their pid files). munged is left running: other programs may use it.
#
# Usage: cluster/local-slurm/stop.sh STATE_DIR
set -uo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 STATE_DIR" >&2
  exit 2
fi
for daemon in slurmd slurmctld; do
  pidfile="$1/$daemon.pid"
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  fi
done
