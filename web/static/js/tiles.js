// Vector tiles for the map's cell layer: when the study area holds more cells at the chosen
// resolution than a browser draws comfortably as GeoJSON, the hot spots (Gi*, count) and count
// layers come as Mapbox Vector Tiles from /api/v1/tiles, cut from the same protected layer.
import { get, query } from './api.js';

// TILE_THRESHOLD is the estimated number of cells above which the map uses tiles.
export const TILE_THRESHOLD = 20000;

// Mean H3 cell areas in km² by resolution (H3's published table).
const cellKm2 = { 6: 36.129, 7: 5.161, 8: 0.7373, 9: 0.1053, 10: 0.01504, 11: 0.002149, 12: 0.000307 };

let area; // the study area, read once per page
async function studyArea() {
  if (area === undefined) {
    try { area = await get('/api/v1/study-area'); } catch { area = null; }
  }
  return area;
}

// ringKm2 is a lon/lat ring's area on the sphere (the formula of Chamberlain & Duquette, 2007).
function ringKm2(ring) {
  const r = 6371.0088, rad = Math.PI / 180;
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x1, y1] = ring[i], [x2, y2] = ring[i + 1];
    s += (x2 - x1) * rad * (2 + Math.sin(y1 * rad) + Math.sin(y2 * rad));
  }
  return Math.abs((s * r * r) / 2);
}

// areaKm2 is a Polygon's or MultiPolygon's area: outer rings less their holes.
export function areaKm2(geometry) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  return polys.reduce((sum, rings) => sum + rings.reduce((a, ring, i) => a + (i === 0 ? 1 : -1) * ringKm2(ring), 0), 0);
}

function bounds(geometry) {
  let minX = 180, minY = 90, maxX = -180, maxY = -90;
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const rings of polys) for (const [x, y] of rings[0]) {
    minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  return [[minX, minY], [maxX, maxY]];
}

function removeTiles(map) {
  for (const id of ['cells-tiles-line', 'cells-tiles-fill']) if (map.getLayer(id)) map.removeLayer(id);
  if (map.getSource('cells-tiles')) map.removeSource('cells-tiles');
}

// drawTiles draws the cell layer from tiles when the settings allow it and the layer is large;
// it returns what it drew ({url, cells}), or null when the map should load GeoJSON as before.
// paint() styles the (then empty) GeoJSON layer and its legend and returns its fill colour,
// which colours the tiles too; onCell(cell) opens a clicked cell.
export async function drawTiles(map, st, params, paint, onCell) {
  const layer = st.colour === 'gi' ? 'hotspots' : st.colour === 'count' ? 'cells' : null;
  const a = layer && st.units === 'cells' ? await studyArea() : null;
  const cells = a ? Math.round(areaKm2(a.geometry) / cellKm2[st.res]) : 0;
  removeTiles(map);
  if (!a || cells < TILE_THRESHOLD) return null;
  const q = layer === 'hotspots' ? { ...params, k: st.k, kernel: st.kernel } : params;
  const url = `${location.origin}/api/v1/tiles/${layer}/{z}/{x}/{y}.mvt` + query(q);
  map.addSource('cells-tiles', { type: 'vector', tiles: [url], minzoom: 6, maxzoom: 16 });
  const before = map.getLayer('area') ? 'area' : undefined;
  map.addLayer({ id: 'cells-tiles-fill', type: 'fill', source: 'cells-tiles', 'source-layer': layer, paint: { 'fill-color': paint(), 'fill-opacity': 0.75 } }, before);
  map.addLayer({ id: 'cells-tiles-line', type: 'line', source: 'cells-tiles', 'source-layer': layer, paint: { 'line-color': '#667', 'line-width': 0.3 } }, before);
  if (!drawTiles.clicks) {
    drawTiles.clicks = true;
    map.on('click', 'cells-tiles-fill', (e) => { const c = e.features[0]?.properties.cell; if (c) onCell(c); });
  }
  map.fitBounds(bounds(a.geometry), { padding: 20, duration: 0 });
  return { url, cells };
}
