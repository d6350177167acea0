#!/usr/bin/env bash
# Installs Debian's gdal-bin when ogrinfo is missing: the OGC API tests read the running
# service with GDAL's OGC API Features driver, as QGIS and ArcGIS Pro would.
set -euo pipefail
if command -v ogrinfo >/dev/null 2>&1 && command -v ogr2ogr >/dev/null 2>&1; then
  exit 0
fi
echo "installing Debian's gdal-bin for the OGC API tests ..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gdal-bin >/dev/null
