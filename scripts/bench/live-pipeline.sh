#!/usr/bin/env bash
# The live pipeline as a whole, each stage a process of the distribution as users run it:
#   flowpulse simulate --listen (a Hubble Relay, real time) -> flowpulse ingest --relay -> Kafka
#   -> flowpulse streams (exactly-once v2) -> flowpulse sink -> ClickHouse
# on the local stack (flowpulse stack up: Kafka, schema registry, ClickHouse), at each offered rate
# in turn for SECONDS seconds. Every INTERVAL seconds it samples the lag of the streams application
# and of the sink (scripts/bench/LagProbe.java); at the end of each rate it prints the flows ingest
# acknowledged, the lag at 1/3 and at the end of the window, and the CPU seconds of each process
# and of the whole machine per flow. A rate is sustained when the lag of both groups at the end is
# at most INTERVAL seconds of input and not above the lag at 1/3 plus one INTERVAL of input.
# Baseline in the same run: a raw byte[] producer (ingest's producer settings, ~750-byte values)
# publishing as fast as it can to the same broker, for its records/s and CPU per record.
# Usage: live-pipeline.sh [--rates R1,R2,...] [--seconds S] [--interval I] [work dir]
# Needs the distribution: ./mvnw -o -q -B -pl cli/app -am package -DskipTests
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rates="20000,40000,60000"; seconds=300; interval=10; work=/tmp/flowpulse-live-bench
while [ $# -gt 0 ]; do
  case "$1" in
    --rates) rates="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --interval) interval="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) work="$1"; shift ;;
  esac
done
export FLOWPULSE_SKIP_BUILD=1
fp="$root/flowpulse"
cp="$root/cli/app/target/flowpulse-cli.jar:$root/cli/app/target/lib/*"
mkdir -p "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$fp" stack down --dir "$work/stack" --delete-data >/dev/null 2>&1 || true
}
trap cleanup EXIT

"$fp" stack down --dir "$work/stack" --delete-data >/dev/null 2>&1 || true
"$fp" stack up --dir "$work/stack" | tee "$work/stack-up.txt"
# shellcheck disable=SC1091
source "$work/stack/env"
stack_pids=$(grep -o 'pid [0-9]*' "$work/stack-up.txt" | awk '{print $2}' | tr '\n' ' ')

ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
machine_busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
hz=$(getconf CLK_TCK)
metric() { curl -sf "http://127.0.0.1:$1/metrics" | awk -v m="$2" '{ n = $1; sub(/\{.*/, "", n) } n == m { print $NF; exit }' || true; }

echo "== baseline: raw producer"
java -Dlogback.configurationFile="$here/logback-warn.xml" -cp "$cp" "$here/RawProducerBaseline.java" "$FLOWPULSE_KAFKA_BOOTSTRAP_SERVERS" "${BASELINE_RECORDS:-3000000}" | tee "$work/baseline.txt"

summary=()
for rate in ${rates//,/ }; do
  run="r$rate"
  rm -rf "$work/$run-state"
  echo "== offered rate $rate flows/s for $seconds s"
  port=$((4300 + RANDOM % 500))
  "$fp" simulate --listen "127.0.0.1:$port" --rate "$rate" --topology-out "$work/$run-topology.yaml" \
    --progress-seconds 0 >"$work/$run-simulate.log" 2>&1 & sim=$!; pids+=("$sim")
  for _ in $(seq 1 60); do [ -s "$work/$run-topology.yaml" ] && break; sleep 1; done
  topics=(--set "topics.flows=$run.flows" --set "topics.nodes=$run.nodes" --set "topics.links=$run.links"
          --set "topics.dns=$run.dns" --set "topics.latency=$run.latency" --set "topics.alerts=$run.alerts"
          --set "topics.dlq=$run.dlq")
  "$fp" ingest --relay "127.0.0.1:$port" --http-port 9411 "${topics[@]}" >"$work/$run-ingest.log" 2>&1 & ingest=$!; pids+=("$ingest")
  "$fp" streams --http-port 9412 --set "streams.application.id=bench-$run" --set "streams.state.dir=$work/$run-state" \
    --set "streams.topology.file=$work/$run-topology.yaml" "${topics[@]}" >"$work/$run-streams.log" 2>&1 & streams=$!; pids+=("$streams")
  "$fp" sink --http-port 9413 --group-id "bench-sink-$run" --database "bench_$run" "${topics[@]}" \
    >"$work/$run-sink.log" 2>&1 & sink=$!; pids+=("$sink")
  sleep 30 # start-up, topic creation, first rebalance
  acked0=$(metric 9411 flowpulse_ingest_records_acked_total); acked0=${acked0:-0}
  declare -A t0=()
  for p in $sim $ingest $streams $sink $stack_pids; do t0[$p]=$(ticks "$p"); done
  m0=$(machine_busy)
  java -Dlogback.configurationFile="$here/logback-warn.xml" -cp "$cp" "$here/LagProbe.java" "$FLOWPULSE_KAFKA_BOOTSTRAP_SERVERS" "$run.flows" "$interval" "$seconds" \
    "bench-$run" "bench-sink-$run" | tee "$work/$run-lag.txt"
  acked1=$(metric 9411 flowpulse_ingest_records_acked_total)
  m1=$(machine_busy)
  flows=$(awk -v a="$acked0" -v b="$acked1" 'BEGIN { printf "%.0f", b - a }')
  per_flow() { awk -v t="$1" -v f="$flows" -v hz="$hz" 'BEGIN { if (f > 0) printf "%.1f", t / hz / f * 1e6; else print "-" }'; }
  line="| $rate | $(awk -v f="$flows" -v s="$seconds" 'BEGIN { printf "%.0f", f / s }')"
  for name in sim ingest streams sink; do
    p=${!name}; line="$line | $(per_flow $(( $(ticks "$p") - t0[$p] )))"
  done
  stack_ticks=0; for p in $stack_pids; do stack_ticks=$(( stack_ticks + $(ticks "$p") - t0[$p] )); done
  line="$line | $(per_flow "$stack_ticks") | $(per_flow $((m1 - m0)))"
  third=$(awk -v n="$(( seconds / interval / 3 + 1 ))" 'NR == n' "$work/$run-lag.txt")
  last=$(tail -1 "$work/$run-lag.txt")
  line="$line | ${third#* * } | ${last#* * } |"
  summary+=("$line")
  echo "$line"
  kill "$sink" "$streams" "$ingest" "$sim" 2>/dev/null || true
  wait "$sink" "$streams" "$ingest" "$sim" 2>/dev/null || true
done
echo
cat "$work/baseline.txt"
echo "| offered flows/s | ingested flows/s | simulator µs CPU/flow | ingest | streams | sink | broker+registry+ClickHouse | machine | lag at 1/3 | lag at end |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${summary[@]}"
