#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need first (InfluxDB's influxd, Debian package).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v influxd >/dev/null 2>&1 && [[ ! -x /usr/bin/influxd ]]; then
  echo "run-tests: installing influxdb (influxd) from the OS packages ..."
  sudo=""; [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq influxdb
fi
# The Debian package may start a service on 0.0.0.0:8086; the tests start their own influxd on free
# loopback ports and never touch it.

cd "$ROOT"
exec mvn -B verify "$@"
