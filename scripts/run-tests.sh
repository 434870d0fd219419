#!/usr/bin/env bash
# The test command: installs what the tests need on a fresh Debian machine, then runs
# every unit and integration test (real Kafka broker, schema registry and ClickHouse,
# started by the tests as local processes).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/install-clickhouse.sh

# -fae: report every failing module, not only the first one
exec ./mvnw -B -fae verify "$@"
