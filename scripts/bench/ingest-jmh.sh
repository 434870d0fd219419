#!/usr/bin/env bash
# JMH benchmarks of ingest's per-event CPU work: capture lines (JSON -> protobuf -> Avro,
# FlowMappingBenchmark) and relay events (mapping + Confluent wire-format serde against the
# local schema registry, FlowEncodingBenchmark). Extra arguments go to JMH, e.g. a regex of
# benchmarks or "-f 3" for three forks.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cp="$("$here/classpath.sh" ingest)"
cd "$here/../../ingest"
exec java -cp "$cp" org.openjdk.jmh.Main "${@:-FlowEncodingBenchmark|FlowMappingBenchmark}"
