// The map's one search box: registered places by name, street locations and LSOAs of the
// imported records (record-level viewers only), and H3 cell ids. Choosing a result moves the
// map to it and outlines it.
import { get, query } from '../api.js';
import { esc, humanise } from '../format.js';

export function searchHTML() {
  return `<form class="search" id="search" role="search" aria-label="Search the map">
    <label for="search-q" class="sr-only">Search for a place, street, LSOA or H3 cell</label>
    <input id="search-q" name="q" type="search" autocomplete="off" placeholder="Place, street, LSOA or H3 cell">
    <button type="submit" class="secondary">Search</button>
    <div class="results" id="results" hidden></div></form>`;
}

// wireSearch makes the search box work on map; hooks open a place's or a cell's panel and mark
// a cell of the current layer.
export function wireSearch(main, map, hooks) {
  const form = main.querySelector('#search');
  const box = main.querySelector('#results');
  form.onsubmit = async (e) => {
    e.preventDefault();
    const q = new FormData(form).get('q').trim();
    if (!q) return;
    box.hidden = false;
    box.innerHTML = '<p class="muted">Searching…</p>';
    try {
      const { results } = await get('/api/v1/search' + query({ q }));
      if (!results.length) {
        box.innerHTML = `<p role="status">Nothing found for “${esc(q)}”.</p>`;
        return;
      }
      box.innerHTML = `<p class="sr-only" role="status">${results.length} results</p><ul>${results.map((r, i) =>
        `<li><button type="button" class="linkish" data-i="${i}">${esc(r.label)} <span class="muted">${esc(humanise(r.kind))}${r.detail ? `, ${esc(r.detail)}` : ''}</span></button></li>`).join('')}</ul>`;
      box.querySelectorAll('button[data-i]').forEach((b) => { b.onclick = () => { box.hidden = true; jump(map, results[+b.dataset.i], hooks); }; });
      box.querySelector('button').focus();
    } catch (err) {
      box.innerHTML = `<p class="error">${esc(err.message)}</p>`;
    }
  };
  form.addEventListener('keydown', (e) => { if (e.key === 'Escape') box.hidden = true; });
}

// jump moves the map to a result and outlines it.
function jump(map, r, hooks) {
  const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: outline(r.geometry), properties: { label: r.label } }] };
  const src = map.getSource('search-hit');
  if (src) src.setData(fc);
  else {
    map.addSource('search-hit', { type: 'geojson', data: fc });
    map.addLayer({ id: 'search-hit-line', type: 'line', source: 'search-hit', paint: { 'line-color': '#d55e00', 'line-width': 4 } });
  }
  const [w, s, e, n] = r.bbox;
  if (w === e && s === n) map.jumpTo({ center: [w, s], zoom: 16 });
  else map.fitBounds([[w, s], [e, n]], { padding: 60, maxZoom: 16, duration: 0 });
  window.__placesafeSearchHit = r; // read by the browser tests
  if (r.kind === 'place' && r.place_id) hooks.openPlace(r.place_id);
  else if (r.kind === 'cell' && hooks.features().some((f) => f.properties.cell === r.cell)) hooks.openCell(r.cell);
}

// outline is a geometry as something with an edge to draw: a point (a street whose records
// share one anonymised map point) becomes a square of about 40 m around it.
function outline(g) {
  if (g.type !== 'Point') return g;
  const [x, y] = g.coordinates;
  const dy = 0.00018, dx = dy / Math.cos((y * Math.PI) / 180);
  return { type: 'Polygon', coordinates: [[[x - dx, y - dy], [x + dx, y - dy], [x + dx, y + dy], [x - dx, y + dy], [x - dx, y - dy]]] };
}
