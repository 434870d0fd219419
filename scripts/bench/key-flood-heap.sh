#!/usr/bin/env bash
# Heap held by an open window when a flood of new workloads arrives in one minute, with and without
# the key limit (streams.window.max.keys), on the topology's processors in process. Arguments:
# [workloads, default 100000] [limits..., default 0 (none) 50000 5000].
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cp="$("$here/classpath.sh" streams)"
cd "$here/../../streams"
java -Xmx3g -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} -cp "$cp" io.flowpulse.streams.bench.KeyFloodHeap "$@"
