#!/usr/bin/env bash
# Runs every placesafe test: Go unit and integration tests against the real PostgreSQL.
# On a fresh machine it does the set-up the tests need first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-postgres.sh
go vet ./...
go test -count=1 -timeout 15m ./...
