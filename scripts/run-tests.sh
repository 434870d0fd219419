#!/usr/bin/env bash
# The test command: installs what the tests need on a fresh Debian machine, then runs
# every unit and integration test (real Kafka broker, schema registry and ClickHouse,
# started by the tests as local processes).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/install-clickhouse.sh

# the Kubernetes manifest tests render k8s/ with 'kubectl kustomize'
if ! command -v kubectl >/dev/null 2>&1; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq kubernetes-client
fi

# -fae: report every failing module, not only the first one
exec ./mvnw -B -fae verify "$@"
