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

# the alert forwarder's integration test runs Debian's Alertmanager
if ! command -v prometheus-alertmanager >/dev/null 2>&1; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq prometheus-alertmanager
fi

# the deployment tests check docker-compose.yml with docker-compose, the alert rules with promtool,
# and evaluate them in a Prometheus of their own (never the packaged service)
if ! command -v docker-compose >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends docker-compose prometheus
fi

# the secured-connection tests put Debian's nginx (TLS and basic auth) in front of the schema registry
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends nginx-light
  # the package may start its system service on port 80; the tests run nginx processes of their own
  $sudo_cmd /etc/init.d/nginx stop >/dev/null 2>&1 || true
fi

# the console's browser test drives Debian's chromium with playwright-core from npm
# (only what is missing: a machine's own Node.js and npm stay as they are)
browser_packages=()
command -v chromium >/dev/null 2>&1 || browser_packages+=(chromium)
command -v node >/dev/null 2>&1 || browser_packages+=(nodejs)
command -v npm >/dev/null 2>&1 || browser_packages+=(npm)
if [ ${#browser_packages[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${browser_packages[@]}"
fi
(cd console/src/test/browser && npm ci --no-audit --no-fund --silent)

# -fae: report every failing module, not only the first one
exec ./mvnw -B -fae verify "$@"
