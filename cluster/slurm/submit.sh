#!/usr/bin/env bash
# Submits an asielsim run, compare or sweep to Slurm as N shards (a job array) and its merge
# (a job that starts when every shard has succeeded).
#
# Usage: cluster/slurm/submit.sh N SHARDS_DIR OUT_DIR COMMAND [ARGS...]
#   N           the number of shards (array tasks); at most the replications (sweep: points)
#   SHARDS_DIR  where the shards write shard-I-of-N/ (and Slurm its logs, in SHARDS_DIR/logs)
#   OUT_DIR     where the merge writes the results
#   COMMAND     run, compare or sweep, with its arguments but without --out and --shard
# Example:
#   cluster/slurm/submit.sh 8 results/shards/baseline results/baseline run scenarios/baseline.toml -r 400
#
# Run it from the folder that holds the scenarios: the jobs start there. The shards and the
# merge use the asielsim on the PATH, or $ASIELSIM. sbatch's own variables (SBATCH_PARTITION,
# SBATCH_ACCOUNT, ...) pass through. Prints the two job ids: "shards JOBID" and "merge JOBID".
set -euo pipefail

if [ $# -lt 4 ]; then
  sed -n '2,16p' "$0" >&2
  exit 2
fi
shards=$1
shards_dir=$2
out_dir=$3
shift 3
case "$shards" in
  '' | *[!0-9]*)
    echo "error: N must be a number of shards, not \"$shards\"" >&2
    exit 2
    ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$shards_dir/logs"

array=$(sbatch --parsable --array="0-$((shards - 1))" \
  --output="$shards_dir/logs/shard-%A_%a.out" \
  "$here/shards.sbatch" "$@" --out "$shards_dir")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" \
  --output="$shards_dir/logs/merge-%j.out" \
  "$here/merge.sbatch" "$shards_dir" --out "$out_dir")
merge=${merge%%;*}
echo "shards $array"
echo "merge $merge"
