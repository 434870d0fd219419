#!/usr/bin/env bash
# Flowpulse streams service (StreamsApp, exactly-once v2) against a plain Kafka Streams windowed
# count over the same pre-produced input, in one JVM against the local broker. Arguments:
# --windows W --flows-per-window F --workloads K (K^2 links per window) --runs R --partitions P
# --stream-threads T (both applications). --scale: the Flowpulse service alone with 1, 2 and 4 stream
# threads and as two instances of one application, rounds in rotation, output compared.
# PROFILE=1 records a JFR file under streams/target/ and prints the hottest frames.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cp="$("$here/classpath.sh" streams)"
cd "$here/../../streams"
jfr=()
if [ "${PROFILE:-0}" = 1 ]; then
  jfr=(-XX:StartFlightRecording=filename=target/streams-throughput.jfr,settings=profile)
fi
java -Xmx3g -XX:+UseParallelGC -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.flowpulse.schemas.avro "${jfr[@]}" \
  -cp "$cp" io.flowpulse.streams.bench.StreamsThroughputBenchmark "$@"
if [ "${PROFILE:-0}" = 1 ]; then
  "$here/jfr-top.sh" target/streams-throughput.jfr 25 StreamThread
fi
