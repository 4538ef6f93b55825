#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real when they are missing: Chromium for
# browser tests, redis-server for the multi-instance cache, budget and pub/sub tests, prometheus for the
# business-metric correlation test (a real Prometheus server queried over PromQL), postgresql for the
# server suites that run again with Dexter's database on PostgreSQL (the test harness runs initdb
# and the server from /usr/lib/postgresql/<major>/bin, which is not on PATH).
# Needs root for apt-get; prints what to do otherwise.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "Installing system packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
