#!/usr/bin/env bash
# Bytes per flow on the broker's disk for several producer settings (FlowBytesBenchmark): the recorded
# real captures (schemas/src/test/resources/hubble-otel, the distinct files read as one capture) and
# simulator captures are ingested through the capture path into a local broker + registry, once as fast
# as they can be read and once fed at a relay's pace, and the flows topic's segment files are summed.
# Prints every run and the medians as Markdown tables.
# Usage: flow-bytes.sh [benchmark args, e.g. --runs 3 --variant name:key=value,...]
# CAPTURES picks captures by name (default: all of recorded simulated recorded@500 simulated-1m@490
# simulated@5000); a name with @R feeds it at R flows/s. simulated is 10 simulated minutes of the
# built-in model (295,783 flows, seed 1), simulated-1m its first minute (26,791 flows, 446/s),
# simulated-small one minute of the model scaled to 100 flows/s (a small cluster).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
work=/tmp/flowpulse-flow-bytes
mkdir -p "$work"

simulate() { # minutes [flows/s] -> capture path
  local out="$work/simulated-${1}m${2:+-${2}fps}-seed1.json.gz"
  if [ ! -s "$out" ]; then
    if [ ! -f cli/app/target/flowpulse-cli.jar ]; then
      ./mvnw -o -q -B -pl cli/app -am package -DskipTests >&2
    fi
    FLOWPULSE_SKIP_BUILD=1 ./flowpulse simulate --out "$out.tmp.gz" --topology-out "$work/topology-${1}m.yaml" \
      --minutes "$1" ${2:+--rate "$2"} --seed 1 --start 2026-01-01T00:00:00Z --progress-seconds 0 >&2
    mv "$out.tmp.gz" "$out"
  fi
  echo "$out"
}

rec="$root/schemas/src/test/resources/hubble-otel"
# basic-sample-5-* are the first lines of the 330-dns and 348-http files: left out
recorded="$rec/basic-sample-10-flows.json,$rec/basic-sample-330-dns-flows.json,$rec/basic-sample-348-http-flows.json"
recorded+=",$rec/basic-sample-400-icmpv4-flows.json,$rec/basic-sample-400-l7-redirected-flows.json"
recorded+=",$rec/basic-sample-400-tcp-flows.json,$rec/basic-sample-400-udp-flows.json"

args=()
for name in ${CAPTURES:-recorded simulated recorded@500 simulated-1m@490 simulated@5000}; do
  case "${name%@*}" in
    recorded) args+=(--capture "$name=$recorded") ;;
    simulated) args+=(--capture "$name=$(simulate 10)") ;;
    simulated-1m) args+=(--capture "$name=$(simulate 1)") ;;
    simulated-small) args+=(--capture "$name=$(simulate 1 100)") ;;
    *) echo "unknown capture $name" >&2; exit 2 ;;
  esac
done

# the test class path of ingest with the sibling modules' classes of this checkout (reactor), not ~/.m2's
./mvnw -o -q -B -pl ingest -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >&2
cp="$root/ingest/target/test-classes:$root/ingest/target/classes:$(cat "$root/ingest/target/bench-classpath.txt")"

cd "$root/ingest"
java -Xmx2g -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} -cp "$cp" io.flowpulse.ingest.bench.FlowBytesBenchmark "${args[@]}" "$@"
