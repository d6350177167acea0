// The map's base: a background, the basemap (an XYZ tile URL, or the basemap file the service
// serves with its bundled style), and the places' names as HTML labels: the basemap carries
// no glyphs, so MapLibre draws no text.
import * as maplibregl from '/vendor/maplibre-gl/maplibre-gl.mjs';
import { get } from '../api.js';
import { session } from '../app.js';

// Place names show from this zoom on, where a borough's places no longer sit on each other.
export const labelZoom = 12;

export async function baseStyle() {
  const style = { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#eef1f4' } }] };
  const file = session.config.basemap;
  if (file) {
    try {
      const b = await get(file.style);
      const src = b.sources.basemap;
      src.tiles = src.tiles.map((t) => (t.startsWith('/') ? location.origin + t : t)); // the style names tiles by path
      style.sources.basemap = src;
      style.layers.push(...b.layers);
    } catch (e) {
      console.warn('basemap style', e); // the map stays readable without its basemap
    }
  } else if (session.config.basemap_url) {
    style.sources.basemap = { type: 'raster', tiles: [session.config.basemap_url], tileSize: 256, attribution: session.config.basemap_attribution || '' };
    style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap' });
  }
  return style;
}

// placeLabels puts each place's name at its centroid; a label that would overlap one placed
// before it is hidden, and all are hidden below labelZoom. show(false) hides them all.
export function placeLabels(map, fc) {
  const labels = fc.features.filter((f) => f.geometry && f.properties.name).map((f) => {
    const el = document.createElement('div');
    el.className = 'place-label';
    el.textContent = f.properties.name;
    return new maplibregl.Marker({ element: el, anchor: 'center' }).setLngLat(centroid(f.geometry)).addTo(map);
  });
  let on = true;
  const layout = () => {
    const visible = on && map.getZoom() >= labelZoom;
    const placed = [];
    for (const m of labels) {
      const el = m.getElement();
      el.style.visibility = visible ? 'visible' : 'hidden';
      if (!visible) continue;
      const r = el.getBoundingClientRect();
      if (placed.some((p) => r.left < p.right && p.left < r.right && r.top < p.bottom && p.top < r.bottom)) el.style.visibility = 'hidden';
      else placed.push(r);
    }
  };
  map.on('zoomend', layout);
  map.on('moveend', layout);
  layout();
  return { show: (v) => { on = v; layout(); } };
}

// centroid is a polygon's area-weighted centre (the largest part of a multipolygon), a line's
// middle vertex or a point.
function centroid(g) {
  if (g.type === 'Point') return g.coordinates;
  if (g.type === 'LineString') return g.coordinates[Math.floor(g.coordinates.length / 2)];
  const polys = g.type === 'MultiPolygon' ? g.coordinates : [g.coordinates];
  let best = null;
  for (const [ring] of polys) {
    let a = 0, x = 0, y = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      a += f; x += (ring[j][0] + ring[i][0]) * f; y += (ring[j][1] + ring[i][1]) * f;
    }
    if (a !== 0 && (!best || Math.abs(a) > best.a)) best = { a: Math.abs(a), c: [x / (3 * a), y / (3 * a)] };
  }
  return best ? best.c : polys[0][0][0];
}
