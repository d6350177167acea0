// The analyst map: an H3 layer coloured by count, harm-weighted value, Gi* bin or emerging
// category, with filters, legends, toggled context layers, a side panel for a cell, a sortable
// table of the same data, and saving the analysis as intelligence.
import * as maplibregl from '/vendor/maplibre-gl/maplibre-gl.mjs';
import { api, get, query } from '../api.js';
import { count, esc, estimate, humanise, isoDate, num, shown, threshold, toast } from '../format.js';
import { bars, line } from '../charts.js';
import { session } from '../app.js';

const categories = ['homicide', 'violence_with_injury', 'violence_without_injury', 'sexual_offence', 'violence_and_sexual',
  'robbery', 'possession_of_weapons', 'drugs', 'public_order', 'anti_social_behaviour'];
const ageBands = ['0-9', '10-13', '14-17', '18-24', '25+', 'unknown'];

// Colour-blind-safe palettes: viridis steps for magnitudes; a blue–white–red diverging scale
// for Gi* bins (ColorBrewer RdBu, safe for the common deficiencies).
const sequential = ['#fde725', '#7ad151', '#22a884', '#2a788e', '#414487', '#440154'];
const bins = { '-3': '#2166ac', '-2': '#67a9cf', '-1': '#d1e5f0', '0': '#f7f7f7', '1': '#fddbc7', '2': '#ef8a62', '3': '#b2182b' };
const binLabels = { 3: 'Hot spot, 99% confidence', 2: 'Hot spot, 95%', 1: 'Hot spot, 90%', 0: 'Not significant', '-1': 'Cold spot, 90%', '-2': 'Cold spot, 95%', '-3': 'Cold spot, 99%' };
const emergingColours = {
  new_hot_spot: '#D55E00', consecutive_hot_spot: '#E69F00', intensifying_hot_spot: '#b2182b', persistent_hot_spot: '#7f0000',
  diminishing_hot_spot: '#f4a582', sporadic_hot_spot: '#fddbc7', oscillating_hot_spot: '#CC79A7', historical_hot_spot: '#bababa',
  new_cold_spot: '#56B4E9', consecutive_cold_spot: '#0072B2', intensifying_cold_spot: '#053061', persistent_cold_spot: '#2166ac',
  diminishing_cold_spot: '#92c5de', sporadic_cold_spot: '#d1e5f0', oscillating_cold_spot: '#009E73', historical_cold_spot: '#878787',
  no_pattern: '#f7f7f7',
};

// lastMonths is the period of the last n whole calendar months before today.
function lastMonths(n) {
  const to = new Date();
  to.setUTCDate(0); // last day of the previous month: the last whole month of data
  const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - n + 1, 1));
  return { from: isoDate(from), to: isoDate(to) };
}

function defaults() {
  const { from, to } = lastMonths(12);
  return { colour: 'gi', res: 9, k: 1, kernel: 'uniform', from, to, scope: 'syv', category: [], age_band: [],
    bin: 'month', units: 'cells', showArea: true, showPlaces: true, showInterventions: false, view: 'map' };
}

export async function mapView(main) {
  const st = defaults();
  if (!session.recordLevel) st.res = Math.min(st.res, 9);
  main.innerHTML = `<div class="layout nopanel" id="layout">
    <form class="filters" id="filters" aria-label="Map filters">${filtersHTML(st)}</form>
    <div class="mapwrap"><div class="viewtabs" role="group" aria-label="View">
        <button type="button" id="show-map" aria-pressed="true">Map</button>
        <button type="button" id="show-table" class="secondary" aria-pressed="false">Table</button></div>
      <div id="map" role="region" aria-label="Map of cells; the same data is in the table view"></div>
      <div class="tablewrap" id="table" hidden></div>
      <div class="legend" id="legend" aria-live="polite"></div></div>
    <aside class="panel" id="panel" aria-label="Details" hidden></aside></div>`;
  const map = new maplibregl.Map({ container: main.querySelector('#map'), style: baseStyle(), center: [-1.5, 53], zoom: 5, attributionControl: { compact: true } });
  map.addControl(new maplibregl.NavigationControl(), 'top-left');
  window.__placesafeMap = map; // the browser tests read the rendered features through it
  await new Promise((r) => map.on('load', r));
  let features = [];

  const form = main.querySelector('#filters');
  const read = () => {
    const f = new FormData(form);
    Object.assign(st, { colour: f.get('colour'), res: +f.get('res'), k: +f.get('k'), kernel: f.get('kernel'), from: f.get('from'), scope: f.get('scope') || 'syv',
      to: f.get('to'), category: f.getAll('category'), age_band: f.getAll('age_band'), bin: f.get('bin'), units: f.get('units'),
      showArea: f.has('showArea'), showPlaces: f.has('showPlaces'), showInterventions: f.has('showInterventions') });
  };
  form.onsubmit = (e) => { e.preventDefault(); read(); refresh(); };
  for (const b of form.querySelectorAll('button[data-months]')) {
    b.onclick = () => {
      const p = lastMonths(+b.dataset.months);
      form.querySelector('#from').value = p.from;
      form.querySelector('#to').value = p.to;
      read(); refresh();
    };
  }
  form.querySelector('#save').onclick = () => saveAnalysis(st);

  async function refresh() {
    const status = form.querySelector('#status');
    status.textContent = 'Loading…';
    const params = { res: st.res, from: st.from, to: st.to, scope: st.scope, category: st.category, age_band: st.age_band };
    let url;
    if (st.units !== 'cells') url = '/api/v1/places/summary' + query({ kind: st.units, from: st.from, to: st.to, scope: st.scope, category: st.category });
    else if (st.colour === 'gi' || st.colour === 'harm-gi') url = '/api/v1/hotspots' + query({ ...params, k: st.k, kernel: st.kernel, measure: st.colour === 'harm-gi' ? 'harm' : 'count' });
    else if (st.colour === 'emerging') url = '/api/v1/hotspots/emerging' + query({ ...params, k: st.k, kernel: st.kernel, bin: st.bin });
    else url = '/api/v1/cells' + query(params);
    try {
      const fc = await get(url);
      for (const f of fc.features) f.properties.estimate = estimate(f.properties);
      features = fc.features;
      window.__placesafeCells = features.map((f) => f.properties); // read by the browser tests
      const byArea = st.units !== 'cells';
      setSource(map, 'cells', fc);
      styleCells(map, byArea ? 'count' : st.colour, fc, main.querySelector('#legend'));
      const what = byArea ? `${humanise(st.units).toLowerCase()} areas` : 'cells';
      const meta = fc.meta;
      status.textContent = `${features.length.toLocaleString('en-GB')} ${what}, ${meta.from} to ${meta.to}` + (meta.suppressed_counts || meta.suppression ? '; counts protected: <5, rounded or ranges (see legend)' : '');
      main.querySelector('#scope-statement').textContent = meta.scope_statement || '';
      main.querySelector('#map').dataset.loaded = url;
      renderTable(main.querySelector('#table'), byArea ? 'count' : st.colour, features, (key) => (byArea ? openPlace(key) : openCell(key)));
      await contextLayers(map, st);
      if (!refresh.fitted) { fit(map, fc); refresh.fitted = true; }
    } catch (e) {
      status.innerHTML = `<span class="error">${esc(e.message)}</span>`;
    }
  }

  async function openCell(cell) {
    const layout = main.querySelector('#layout');
    const panel = main.querySelector('#panel');
    layout.classList.remove('nopanel');
    panel.hidden = false;
    panel.innerHTML = '<p>Loading…</p>';
    try {
      const d = await get(`/api/v1/cells/${cell}` + query({ from: st.from, to: st.to, scope: st.scope, category: st.category, age_band: st.age_band }));
      panel.innerHTML = cellPanel(d);
      panel.querySelector('#close-panel').onclick = () => { panel.hidden = true; layout.classList.add('nopanel'); map.resize(); };
      panel.querySelector('h2').focus();
    } catch (e) {
      panel.innerHTML = `<p class="error">${esc(e.message)}</p>`;
    }
    map.resize();
  }

  async function openPlace(id) {
    const layout = main.querySelector('#layout');
    const panel = main.querySelector('#panel');
    layout.classList.remove('nopanel');
    panel.hidden = false;
    panel.innerHTML = '<p>Loading…</p>';
    try {
      const p = await get(`/api/v1/places/${id}/profile` + query({ from: st.from, to: st.to, scope: st.scope }));
      panel.innerHTML = placePanel(p);
      panel.querySelector('#close-panel').onclick = () => { panel.hidden = true; layout.classList.add('nopanel'); map.resize(); };
      panel.querySelector('h2').focus();
    } catch (e) {
      panel.innerHTML = `<p class="error">${esc(e.message)}</p>`;
    }
    map.resize();
  }

  // A click on a place opens its profile; elsewhere, the cell's panel.
  map.on('click', (e) => {
    const placeHit = map.getLayer('places-fill') && map.queryRenderedFeatures(e.point, { layers: ['places-fill', 'places'] })[0];
    if (placeHit) return openPlace(placeHit.properties.id ?? placeHit.id);
    const cellHit = map.queryRenderedFeatures(e.point, { layers: ['cells-fill'] })[0];
    if (cellHit && cellHit.properties.cell) openCell(cellHit.properties.cell);
    else if (cellHit) openPlace(cellHit.properties.id);
  });
  window.__placesafeOpenPlace = openPlace; // for the browser tests and the places list
  map.on('mouseenter', 'cells-fill', () => { map.getCanvas().style.cursor = 'pointer'; });
  map.on('mouseleave', 'cells-fill', () => { map.getCanvas().style.cursor = ''; });
  const tabs = [main.querySelector('#show-map'), main.querySelector('#show-table')];
  tabs.forEach((b, i) => { b.onclick = () => {
    tabs.forEach((t, j) => { t.setAttribute('aria-pressed', String(i === j)); t.classList.toggle('secondary', i !== j); });
    main.querySelector('#table').hidden = i === 0;
  }; });
  await refresh();
}

function filtersHTML(st) {
  const opt = (v, label, cur) => `<option value="${v}" ${String(v) === String(cur) ? 'selected' : ''}>${esc(label)}</option>`;
  const resMax = session.recordLevel ? 12 : 9;
  const checks = (name, list) => list.map((v) => `<label class="check"><input type="checkbox" name="${name}" value="${v}" ${session.recordLevel ? '' : 'disabled'}>${esc(humanise(v))}</label>`).join('');
  return `<h1 style="font-size:1.1em;margin:.2em 0">Where violence affecting children concentrates</h1>
    <label for="units">Areas</label><select id="units" name="units">
      ${opt('cells', 'By hexagon (H3 cells)', st.units)}${opt('ward', 'By ward', st.units)}${opt('neighbourhood', 'By police neighbourhood', st.units)}${opt('local_authority', 'By local authority', st.units)}</select>
    <label for="colour">Colour cells by</label><select id="colour" name="colour">
      ${opt('gi', 'Hot spots (Gi*, count)', st.colour)}${opt('harm-gi', 'Hot spots (Gi*, harm-weighted)', st.colour)}
      ${opt('count', 'Count of incidents', st.colour)}${opt('value', 'Harm-weighted value', st.colour)}${opt('emerging', 'Emerging hot spots', st.colour)}</select>
    <div class="row"><div><label for="from">From</label><input type="date" id="from" name="from" value="${st.from}"></div>
      <div><label for="to">To</label><input type="date" id="to" name="to" value="${st.to}"></div></div>
    <div class="row" role="group" aria-label="Period presets"><button type="button" class="secondary" data-months="12">Last 12 months</button>
      <button type="button" class="secondary" data-months="6">Last 6 months</button></div>
    <label for="scope">Ages</label><select id="scope" name="scope" ${session.recordLevel ? '' : 'disabled'}>
      ${opt('syv', 'Children 10–17, victim or suspect (SYV)', st.scope)}${session.recordLevel ? opt('all', 'All ages', st.scope) : ''}</select>
    <div class="row"><div><label for="res">Resolution</label><select id="res" name="res">${[6, 7, 8, 9, 10, 11, 12].filter((r) => r <= resMax).map((r) => opt(r, r, st.res)).join('')}</select></div>
      <div><label for="k">Rings (k)</label><select id="k" name="k">${[1, 2, 3, 4, 5].map((k) => opt(k, k, st.k)).join('')}</select></div></div>
    <label for="kernel">Weights</label><select id="kernel" name="kernel">${['uniform', 'triangular', 'epanechnikov', 'gaussian'].map((k) => opt(k, humanise(k), st.kernel)).join('')}</select>
    <label for="bin">Emerging: time step</label><select id="bin" name="bin">${['week', 'month', 'quarter'].map((b) => opt(b, humanise(b), st.bin)).join('')}</select>
    <fieldset><legend>Categories</legend>${session.recordLevel ? '' : '<p class="muted">Filters are for analysts.</p>'}${checks('category', categories)}</fieldset>
    <fieldset><legend>Victim age band</legend>${checks('age_band', ageBands)}</fieldset>
    <fieldset><legend>Layers</legend>
      <label class="check"><input type="checkbox" name="showArea" checked>Study area outline</label>
      <label class="check"><input type="checkbox" name="showPlaces" checked>Places</label>
      <label class="check"><input type="checkbox" name="showInterventions">Interventions</label></fieldset>
    <button type="submit" id="apply">Apply</button> <button type="button" class="secondary" id="save" ${session.recordLevel ? '' : 'hidden'}>Save analysis</button>
    <p id="status" class="muted" role="status" aria-live="polite"></p>
    <p id="scope-statement" class="muted"></p>`;
}

function baseStyle() {
  const style = { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#eef1f4' } }] };
  if (session.config.basemap_url) {
    style.sources.basemap = { type: 'raster', tiles: [session.config.basemap_url], tileSize: 256, attribution: session.config.basemap_attribution || '' };
    style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap' });
  }
  return style;
}

function setSource(map, id, data) {
  const src = map.getSource(id);
  if (src) src.setData(data);
  else map.addSource(id, { type: 'geojson', data });
}

function styleCells(map, colour, fc, legendEl) {
  let paint, legend;
  if (colour === 'gi' || colour === 'harm-gi') {
    paint = ['match', ['to-string', ['get', 'gi_bin']], ...Object.entries(bins).flat(), '#f7f7f7'];
    legend = `<strong>Gi* confidence</strong><br>` + [3, 2, 1, 0, -1, -2, -3].map((b) => `<span class="sw" style="background:${bins[b]}"></span>${binLabels[b]}`).join('<br>');
  } else if (colour === 'emerging') {
    paint = ['match', ['get', 'category'], ...Object.entries(emergingColours).flat(), '#f7f7f7'];
    const present = [...new Set(fc.features.map((f) => f.properties.category))];
    legend = `<strong>Emerging hot spots</strong><br>` + present.map((c) => `<span class="sw" style="background:${emergingColours[c]}"></span>${esc(humanise(c))}`).join('<br>');
  } else {
    // Ranges are coloured by their middle; "<5" cells are drawn apart.
    const prop = colour === 'value' ? 'value' : 'estimate';
    const vals = fc.features.map((f) => f.properties[prop]).filter((v) => v > 0).sort((a, b) => a - b);
    const breaks = [1, 2, 3, 4, 5].map((q) => vals[Math.floor((q / 6) * (vals.length - 1))] ?? q).filter((v, i, a) => a.indexOf(v) === i);
    paint = ['case', ['==', ['get', 'protection'], 'small'], '#c9c9c9', ['==', ['coalesce', ['get', prop], 0], 0], 'rgba(0,0,0,0)',
      ['step', ['get', prop], sequential[0], ...breaks.flatMap((b, i) => [b, sequential[Math.min(i + 1, 5)]])]];
    const small = fc.features.some((f) => f.properties.protection === 'small');
    const ranges = fc.features.some((f) => f.properties.protection === 'range' || f.properties.protection === 'rounded');
    legend = `<strong>${colour === 'value' ? 'Harm-weighted value (CCHI days)' : 'Incidents'}</strong><br>` +
      `<span class="sw" style="background:${sequential[0]}"></span>below ${num(breaks[0], 0)}<br>` +
      breaks.map((b, i) => `<span class="sw" style="background:${sequential[Math.min(i + 1, 5)]}"></span>${num(b, 0)} and over`).join('<br>') +
      (small ? `<br><span class="sw" style="background:#c9c9c9"></span>${count(null, true)}: 1 to ${threshold - 1} incidents` : '') +
      (ranges ? `<br><span class="muted">ranges (e.g. 12–40) are coloured by their middle</span>` : '');
  }
  if (!map.getLayer('cells-fill')) {
    map.addLayer({ id: 'cells-fill', type: 'fill', source: 'cells', paint: { 'fill-color': paint, 'fill-opacity': 0.75 } });
    map.addLayer({ id: 'cells-line', type: 'line', source: 'cells', paint: { 'line-color': '#667', 'line-width': 0.3 } });
  } else {
    map.setPaintProperty('cells-fill', 'fill-color', paint);
  }
  legendEl.innerHTML = legend + '<br><span class="sw" style="border:2px dashed #0072B2;background:none"></span>Places (click for a profile)';
}

async function contextLayers(map, st) {
  const layers = [
    { id: 'area', url: '/api/v1/study-area', show: st.showArea, add: () => map.addLayer({ id: 'area', type: 'line', source: 'area', paint: { 'line-color': '#1d2733', 'line-width': 2 } }) },
    { id: 'places', url: '/api/v1/places?limit=200', show: st.showPlaces, add: () => {
      map.addLayer({ id: 'places-fill', type: 'fill', source: 'places', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#0072B2', 'fill-opacity': 0.08 } });
      map.addLayer({ id: 'places', type: 'line', source: 'places', paint: { 'line-color': '#0072B2', 'line-width': 2, 'line-dasharray': [2, 1] } });
    } },
    { id: 'interventions', url: '/api/v1/interventions.geojson?limit=200', show: st.showInterventions, add: () => map.addLayer({ id: 'interventions', type: 'line', source: 'interventions', paint: { 'line-color': '#009E73', 'line-width': 3 } }) },
  ];
  for (const l of layers) {
    if (!map.getSource(l.id)) {
      try { setSource(map, l.id, await get(l.url)); l.add(); } catch { continue; }
    }
    map.setLayoutProperty(l.id, 'visibility', l.show ? 'visible' : 'none');
    if (l.id === 'places' && map.getLayer('places-fill')) map.setLayoutProperty('places-fill', 'visibility', l.show ? 'visible' : 'none');
  }
}

function fit(map, fc) {
  let minX = 180, minY = 90, maxX = -180, maxY = -90;
  for (const f of fc.features) for (const [x, y] of f.geometry.coordinates[0]) {
    minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  if (minX < maxX) map.fitBounds([[minX, minY], [maxX, maxY]], { padding: 20, duration: 0 });
}

function cellPanel(d) {
  const items = (list) => (list || []).map((c) => ({ key: humanise(c.key), count: c.count, suppressed: c.suppressed, label: c.count_label }));
  return `<button type="button" class="secondary" id="close-panel" style="float:right">Close</button>
    <h2 tabindex="-1">Cell ${esc(d.cell)}</h2>
    <p>${esc(d.from)} to ${esc(d.to)}: <strong title="${esc(d.total.protection_reason || '')}">${esc(shown(d.total))}</strong> incidents${d.total.value !== undefined && d.total.value !== null ? `, harm ${num(d.total.value, 0)} days` : ''}.</p>
    ${line('Incidents per month', d.monthly.map((m) => m.key), [{ name: 'incidents', values: d.monthly.map((m) => estimate(m)) }])}
    ${d.by_category ? bars('By category', items(d.by_category).filter((c) => c.count)) : ''}
    ${d.by_age_band ? bars('By victim age band', items(d.by_age_band)) : ''}
    ${d.by_involvement ? bars("By the child's involvement", items(d.by_involvement)) : ''}
    ${d.by_hour ? bars(`By hour of day (${d.timed_records} records with a time)`, items(d.by_hour)) : ''}
    ${d.by_weekday ? bars(`By day of week (${d.dated_records} records with a date)`, items(d.by_weekday)) : ''}
    ${d.note ? `<p class="muted">${esc(d.note)}</p>` : ''}
    ${d.scope_statement ? `<p class="muted">${esc(d.scope_statement)}</p>` : ''}`;
}

function placePanel(p) {
  const inc = p.incidents || {};
  const items = (list) => (list || []).map((c) => ({ key: humanise(c.key), count: c.count, suppressed: c.suppressed, label: c.count_label }));
  return `<button type="button" class="secondary" id="close-panel" style="float:right">Close</button>
    <h2 tabindex="-1">${esc(p.place.name)}</h2><p class="muted">${esc(humanise(p.place.kind))}, ${esc(p.from)} to ${esc(p.to)}</p>
    <p><strong title="${esc(inc.total?.protection_reason || '')}">${esc(shown(inc.total))}</strong> incidents linked to this place.</p>
    ${p.scope_statement ? `<p class="muted">${esc(p.scope_statement)}</p>` : ''}
    ${line('Incidents per month', (inc.monthly || []).map((m) => m.key), [{ name: 'incidents', values: (inc.monthly || []).map((m) => estimate(m)) }])}
    ${inc.by_category ? bars('By category', items(inc.by_category).filter((c) => c.count)) : ''}
    ${inc.by_hour ? bars('By hour of day', items(inc.by_hour)) : ''}
    <p><strong>Activity:</strong> ${esc(shown(p.activity?.sessions))} sessions${p.activity?.child_contacts !== null && p.activity?.child_contacts !== undefined ? `, ${num(p.activity.child_contacts, 0)} contacts with children` : ''}.</p>
    <p><strong>Hot spot status of its cells:</strong> ${(p.cells || []).map((c) => `${c.gi_bin > 0 ? 'hot' : c.gi_bin < 0 ? 'cold' : 'not significant'} (${c.gi_bin})`).join(', ') || esc(p.cells_note || 'none')}</p>
    <h3>Interventions here</h3>${(p.interventions || []).length ? `<ul>${p.interventions.map((iv) => `<li><a href="#/interventions/${iv.id}">${esc(iv.title)}</a> <span class="badge ${esc(iv.review_status)}">${esc(iv.review_status)}</span></li>`).join('')}</ul>` : '<p>None recorded.</p>'}
    <h3>Consultations</h3>${(p.consultations || []).length ? `<ul>${p.consultations.map((c) => `<li>${esc(c.held_on)}: ${esc(humanise(c.method))}</li>`).join('')}</ul>` : '<p>None recorded.</p>'}
    ${p.note ? `<p class="muted">${esc(p.note)}</p>` : ''}`;
}

function renderTable(el, colour, features, open) {
  const cols = [['cell', 'Cell'], ['name', 'Area'], ['count', 'Incidents'], ['incidents_per_km2', 'Per km²'], ['value', 'Harm'], ['gi_z', 'Gi* z'], ['gi_bin', 'Bin'], ['category', 'Emerging']]
    .filter(([k]) => features.some((f) => f.properties[k] !== undefined && f.properties[k] !== null));
  let sortKey = cols.find(([k]) => k === 'gi_z') ? 'gi_z' : 'count', dir = -1;
  const draw = () => {
    const rows = [...features].sort((a, b) => {
      const key = sortKey === 'count' ? 'estimate' : sortKey;
      const x = a.properties[key] ?? -Infinity, y = b.properties[key] ?? -Infinity;
      return (x > y ? 1 : x < y ? -1 : 0) * dir;
    }).slice(0, 500);
    el.innerHTML = `<table><caption>${features.some((f) => f.properties.name !== undefined) ? 'Areas' : 'Cells'}, sorted by ${esc(sortKey)} (first 500)</caption><thead><tr>${cols.map(([k, l]) =>
      `<th class="${k === 'cell' || k === 'category' ? '' : 'num'}" aria-sort="${k === sortKey ? (dir > 0 ? 'ascending' : 'descending') : 'none'}"><button type="button" data-k="${k}">${esc(l)}</button></th>`).join('')}</tr></thead>
      <tbody>${rows.map((f) => `<tr>${cols.map(([k]) => {
        const p = f.properties;
        if (k === 'cell') return `<td><a href="#" data-cell="${p.cell}">${p.cell}</a></td>`;
        if (k === 'name') return `<td><a href="#" data-cell="${p.id}">${esc(p.name)}</a></td>`;
        if (k === 'count') return `<td class="num" title="${esc(p.protection_reason || '')}">${esc(count(p.count, p.suppressed, p.count_label))}</td>`;
        if (k === 'category') return `<td>${esc(humanise(p.category || ''))}</td>`;
        return `<td class="num">${num(p[k])}</td>`;
      }).join('')}</tr>`).join('')}</tbody></table>`;
    el.querySelectorAll('th button').forEach((b) => { b.onclick = () => { dir = sortKey === b.dataset.k ? -dir : -1; sortKey = b.dataset.k; draw(); }; });
    el.querySelectorAll('a[data-cell]').forEach((a) => { a.onclick = (e) => { e.preventDefault(); open(a.dataset.cell); }; });
  };
  draw();
}

async function saveAnalysis(st) {
  const title = prompt('A title for this analysis (it will be kept unchanged as intelligence):', `Hot spots ${st.from} to ${st.to}`);
  if (!title) return;
  const kind = st.colour === 'emerging' ? 'emerging' : 'hotspots';
  const params = { res: String(st.res), k: String(st.k), kernel: st.kernel, from: st.from, to: st.to, scope: st.scope };
  if (st.category.length) params.category = st.category.join(',');
  if (st.age_band.length) params.age_band = st.age_band.join(',');
  if (kind === 'emerging') params.bin = st.bin;
  if (st.colour === 'harm-gi') params.measure = 'harm';
  try {
    const { data } = await api('POST', '/api/v1/analyses', { kind, title, params });
    toast(`Analysis saved (number ${data.id ?? ''}).`);
  } catch (e) {
    toast(`Could not save: ${e.message}`);
  }
}
