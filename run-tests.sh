#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need first, from the OS packages: InfluxDB's
# influxd (the dashboard and integration tests start real ones) and docker-compose (the deployment
# tests validate docker-compose.yml with `docker-compose config`; no Docker engine is needed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

missing=()
if ! command -v influxd >/dev/null 2>&1 && [[ ! -x /usr/bin/influxd ]]; then
  missing+=(influxdb)
fi
if ! command -v docker-compose >/dev/null 2>&1; then
  missing+=(docker-compose)
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "run-tests: installing ${missing[*]} from the OS packages ..."
  sudo=""; [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
# The Debian package may start a service on 0.0.0.0:8086; the tests start their own influxd on free
# loopback ports and never touch it.

cd "$ROOT"
exec mvn -B verify "$@"
