#!/usr/bin/env bash
# Replay of a 5-million-flow capture (the simulator's built-in model, all faults, 187 simulated
# minutes: 5,252,730 records) against a same-run baseline, start-up included on both sides:
#   baseline  one JVM, one thread: gunzip + Jackson readTree of every line (JacksonLineBaseline)
#   replay    the whole `flowpulse replay` command, analytics in process (the default)
# Runs alternate, RUNS times (default 3). Every replay's report must be byte-identical to the
# first one's. THROUGH_KAFKA=1 adds one `--through-kafka` replay (its own local broker and
# registry) and checks its report is byte-identical too.
# Needs the distribution and the replay module's test classes: build them with
#   ./mvnw -o -q -B install -DskipTests
# Usage: replay-5m.sh [work dir, default /tmp/flowpulse-replay-5m]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-/tmp/flowpulse-replay-5m}"
runs="${RUNS:-3}"
mkdir -p "$work"
export FLOWPULSE_SKIP_BUILD=1
capture="$work/capture-5m.json.gz"
topology="$work/topology-5m.yaml"
if [ ! -s "$capture" ]; then
  /usr/bin/time -f "simulate: %e s wall, %U s user" \
    "$root/flowpulse" simulate --out "$capture" --topology-out "$topology" --minutes 187
fi
cp="$("$here/classpath.sh" replay)"

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }

echo "capture: $capture ($(stat -c %s "$capture") bytes); $(nproc) processors; load $(cut -d' ' -f1-3 /proc/loadavg)"
rows=()
for run in $(seq 1 "$runs"); do
  t0=$(now)
  read -r lines _ < <(java -Xmx2g -XX:+UseParallelGC -cp "$cp" io.flowpulse.replay.bench.JacksonLineBaseline "$capture")
  t1=$(now)
  report="$work/report-$run.json"
  /usr/bin/time -o "$work/time-$run.txt" -f "%U %S %M" \
    "$root/flowpulse" replay --input "$capture" --topology "$topology" --report "$report" >"$work/replay-$run.log" 2>&1
  t2=$(now)
  records=$(python3 -c "import json,sys; i=json.load(open(sys.argv[1]))['input']; print(i['records'] + i['invalid'])" "$report")
  read -r user sys rss < "$work/time-$run.txt"
  base_rate=$(rate "$lines" "$t0" "$t1")
  replay_rate=$(rate "$records" "$t1" "$t2")
  if [ "$run" -gt 1 ]; then cmp -s "$work/report-1.json" "$report" || { echo "run $run: report differs from run 1" >&2; exit 1; }; fi
  row=$(awk -v r="$run" -v bl="$base_rate" -v bt="$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" \
      -v rr="$replay_rate" -v rt="$(awk -v a="$t1" -v b="$t2" 'BEGIN{print b-a}')" -v u="$user" -v s="$sys" -v m="$rss" \
      'BEGIN { printf "| %d | %\047d | %.1f s | %\047d | %.1f s | %.1f s | %d MB | %.2f |", r, bl, bt, rr, rt, u + s, m / 1024, rr / bl }')
  rows+=("$row")
  echo "$row"
done
echo
echo "| run | baseline lines/s | baseline wall | replay records/s | replay wall | replay CPU | replay max RSS | replay / baseline |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo "reports of all $runs runs byte-identical: $work/report-1.json"

if [ "${THROUGH_KAFKA:-0}" = 1 ]; then
  t0=$(now)
  "$root/flowpulse" replay --through-kafka --input "$capture" --topology "$topology" \
    --report "$work/report-kafka.json" >"$work/replay-kafka.log" 2>&1
  t1=$(now)
  echo "--through-kafka: $(rate "$records" "$t0" "$t1") records/s, $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s"
  cmp "$work/report-1.json" "$work/report-kafka.json" && echo "in-process and --through-kafka reports byte-identical"
fi
