#!/usr/bin/env bash
# Prints the test class path of one module (its classes, test classes and test-scope
# dependencies), compiling the module's tests first. Usage: classpath.sh <module>
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
module="$1"
cd "$root"
./mvnw -o -q -B test-compile -pl "$module" >&2
cp_file="$root/$module/target/bench-classpath.txt"
./mvnw -o -q -B dependency:build-classpath -pl "$module" -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
echo "$root/$module/target/test-classes:$root/$module/target/classes:$(cat "$cp_file")"
