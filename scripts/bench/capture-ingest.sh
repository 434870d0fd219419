#!/usr/bin/env bash
# `flowpulse ingest --file` on the ~1M-event capture of replay-1m.sh (written first if missing) into a
# local Kafka and registry started for the run, each run to fresh topics. With several distribution
# directories (each holding flowpulse-cli.jar and lib/, e.g. copies of cli/app/target from two
# commits) the runs alternate between them, so that a change is measured against its baseline on the
# same machine in the same minutes.
# Usage: capture-ingest.sh [runs, default 3] [distribution dir...] (default: cli/app/target)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-3}"
shift || true
dists=("$@")
[ ${#dists[@]} -gt 0 ] || dists=("$root/cli/app/target")
work=/tmp/flowpulse-replay-bench
capture="$work/capture-1m.json.gz"
mkdir -p "$work"
export FLOWPULSE_SKIP_BUILD=1
if [ ! -s "$capture" ]; then
  "$root/flowpulse" simulate --out "$capture" --topology-out "$work/topology-1m.yaml" --minutes 37.5
fi
state="$(mktemp -d /tmp/flowpulse-capture-bench.XXXXXX)"
trap '"$root/flowpulse" stack down --dir "$state" >/dev/null 2>&1 || true; rm -rf "$state"' EXIT
"$root/flowpulse" stack up --dir "$state" >/dev/null
# shellcheck disable=SC1091
source "$state/env"
for run in $(seq 1 "$runs"); do
  for dist in "${dists[@]}"; do
    topic="bench.capture.$run.$(basename "$(dirname "$dist")").$RANDOM"
    FLOWPULSE_TOPICS_FLOWS="$topic" FLOWPULSE_TOPICS_DLQ="$topic.dlq" \
      java -Xmx2g -cp "$dist/flowpulse-cli.jar:$dist/lib/*" io.flowpulse.cli.Main ingest --file "$capture" 2>&1 \
      | grep 'records in' | sed "s|^flowpulse ingest: |run $run, $dist: |"
  done
done
