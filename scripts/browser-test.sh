#!/usr/bin/env bash
# Runs the dashboard's browser tests: Debian's chromium driven by playwright-core (no browser
# download), against the service started here with the demo borough in a fresh database.
# Screenshots of the main screens land in web/test-results/ (not committed). Arguments name test
# files to run instead of all (scripts/browser-test.sh web/tests/map.test.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests ..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
(cd web && npm ci --no-audit --no-fund --loglevel=error)

db="placesafe_browser_$$"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
bin=$(mktemp -d)/placesafe
go build -o "$bin" ./cmd/placesafe
# A small basemap file made from the shared City of London data: the map serves it offline.
basemap="$(dirname "$bin")/basemap.pmtiles"
go run ./internal/basemap/basemaptest/sample "$basemap"
log=web/test-results/server.log
mkdir -p web/test-results
# An identity provider is configured so that the sign-in page shows its button; it is never
# contacted (nothing follows the button in the tests).
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db?sslmode=disable" PLACESAFE_ADDR="127.0.0.1:$port" \
  PLACESAFE_OIDC_ISSUER="https://login.northbridge.invalid/tenant/v2.0" PLACESAFE_OIDC_CLIENT_ID=placesafe \
  PLACESAFE_OIDC_CLIENT_SECRET=unused PLACESAFE_OIDC_PROVIDER_NAME="Northbridge Council" \
  PLACESAFE_OIDC_REDIRECT_URL="http://127.0.0.1:$port/api/v1/auth/oidc/callback" PLACESAFE_OIDC_ROLES="analysts=analyst" \
  PLACESAFE_BASEMAP_FILE="$basemap" \
  "$bin" serve --demo >"$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "the service did not start; see $log" >&2; cat "$log" >&2; exit 1; }
  sleep 0.5
done
PLACESAFE_URL="http://127.0.0.1:$port" node --test --test-concurrency=1 "${@:-web/tests/}"
