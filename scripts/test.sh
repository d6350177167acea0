#!/usr/bin/env bash
# Runs every placesafe test: Go unit and integration tests against the real PostgreSQL, then
# the dashboard's browser tests. On a fresh machine it does the set-up the tests need first
# (PostgreSQL started if stopped; Debian's gdal-bin, chromium and the npm packages installed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-postgres.sh
scripts/ensure-gdal.sh
go vet ./...
go test -count=1 -timeout 15m ./...
scripts/browser-test.sh
