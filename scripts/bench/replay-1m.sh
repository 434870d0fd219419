#!/usr/bin/env bash
# Replay of a ~1-million-flow capture end to end, start-up included: writes the capture with
# `flowpulse simulate` (37.5 simulated minutes of the built-in model, about 1.06M events) unless
# it exists, then times `flowpulse replay` on it, which starts its own local broker and registry.
# Uses the built distribution as it is (FLOWPULSE_SKIP_BUILD=1); build it first with
# `./mvnw -o -q -B install -pl cli/app -am -DskipTests` if it is missing. PROFILE=1 records a
# JFR file of the replay JVM and prints its hottest frames.
# Usage: replay-1m.sh [work dir, default /tmp/flowpulse-replay-bench]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
work="${1:-/tmp/flowpulse-replay-bench}"
mkdir -p "$work"
export FLOWPULSE_SKIP_BUILD=1
capture="$work/capture-1m.json.gz"
topology="$work/topology-1m.yaml"
if [ ! -s "$capture" ]; then
  /usr/bin/time -f "simulate: %e s wall, %U s user, %M KB max RSS" \
    "$root/flowpulse" simulate --out "$capture" --topology-out "$topology" --minutes 37.5
fi
opts="-Xmx2g"
if [ "${PROFILE:-0}" = 1 ]; then
  opts="$opts -XX:StartFlightRecording=filename=$work/replay.jfr,settings=profile"
fi
start=$(date +%s.%N)
t0=$EPOCHREALTIME
# every output line prefixed with the seconds since the start, to see where the time goes
FLOWPULSE_JAVA_OPTS="$opts" /usr/bin/time -f "replay: %e s wall, %U s user, %S s sys, %M KB max RSS" \
  "$root/flowpulse" replay --input "$capture" --topology "$topology" --report "$work/report.json" 2>&1 \
  | while IFS= read -r line; do
      awk -v a="$t0" -v b="$EPOCHREALTIME" -v l="$line" 'BEGIN { printf "%7.1f s  %s\n", b - a, l }'
    done
end=$(date +%s.%N)
lines=$(zcat "$capture" | wc -l)
awk -v l="$lines" -v s="$start" -v e="$end" 'BEGIN { printf "replay: %d capture lines in %.1f s = %.0f lines/s end to end\n", l, e - s, l / (e - s) }'
if [ "${PROFILE:-0}" = 1 ]; then
  "$here/jfr-top.sh" "$work/replay.jfr" 20
fi
