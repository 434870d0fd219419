#!/usr/bin/env bash
# End-to-end relay ingest (simulator gRPC server -> RelayClient -> IngestPipeline ->
# FlowPublisher -> local Kafka) against a raw byte[] producer with the same settings, in one
# JVM. Arguments: --events N --runs R --partitions P. PROFILE=1 records a JFR file under
# ingest/target/ and prints the hottest frames.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cp="$("$here/classpath.sh" ingest)"
cd "$here/../../ingest"
jfr=()
if [ "${PROFILE:-0}" = 1 ]; then
  jfr=(-XX:StartFlightRecording=filename=target/ingest-throughput.jfr,settings=profile)
fi
java -Xmx3g -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} "${jfr[@]}" -cp "$cp" io.flowpulse.ingest.bench.IngestThroughputBenchmark "$@"
if [ "${PROFILE:-0}" = 1 ]; then
  "$here/jfr-top.sh" target/ingest-throughput.jfr
fi
