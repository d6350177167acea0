#!/usr/bin/env bash
# Runs placesafe with the demo borough loaded, at PLACESAFE_ADDR (default 127.0.0.1:8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-postgres.sh
exec go run ./cmd/placesafe serve --demo "$@"
