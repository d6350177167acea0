// The analyst map: an H3 layer coloured by count, harm-weighted value, Gi* bin, emerging
// category or the change between two periods, with filters (a drawer on phones), one search
// box, a month slider, hover text, the selected cell marked on the map and in the table, legends
// (maplegend.js), a side panel for a cell or a place, exports, and saving the analysis.
import * as maplibregl from '/vendor/maplibre-gl/maplibre-gl.mjs';
import { api, areaHeader, get, query } from '../api.js';
import { count, esc, estimate, humanise, lastMonths, num, shown } from '../format.js';
import { explain, hoverText, legendHTML, paint } from './maplegend.js';
import { searchHTML, wireSearch } from './mapsearch.js';
import { dataVersionText, openSaved, saveDialog } from './analyses.js';
import { exportHTML, wireExports } from './mapexport.js';
import { compareHTML, compareNote, differenceLayer, earlierDefaults, period, timeBarHTML, wireTimeBar } from './maptime.js';
import { bars, line } from '../charts.js';
import { areaHint, session } from '../app.js';
import { drawTiles } from '../tiles.js';
import { baseStyle, placeLabels } from './mapbase.js';

const categories = ['homicide', 'violence_with_injury', 'violence_without_injury', 'sexual_offence', 'violence_and_sexual',
  'robbery', 'possession_of_weapons', 'drugs', 'public_order', 'anti_social_behaviour'];
const ageBands = ['0-9', '10-13', '14-17', '18-24', '25+', 'unknown'];

function defaults() {
  const { from, to } = lastMonths(12);
  return { colour: 'gi', res: 9, k: 1, kernel: 'uniform', from, to, scope: 'syv', category: [], age_band: [],
    bin: 'month', units: 'cells', showArea: true, showPlaces: true, showInterventions: false, view: 'map',
    compare: false, ...earlierDefaults(from, to), month: null };
}

export async function mapView(main, id) {
  const st = defaults();
  if (!session.recordLevel) st.res = Math.min(st.res, 9);
  main.innerHTML = layoutHTML(st);
  const map = await newMap(main.querySelector('#map'));
  let features = [];
  let selected = null;
  let colourNow = st.colour;
  // What an export names: the layer's title, its period and the data it was drawn from.
  const about = { title: '', period: '', dataVersion: '' };

  const form = main.querySelector('#filters');
  wireDrawer(main.querySelector('#toggle-filters'), form, map);
  const read = () => readFilters(form, st);
  const resetTime = wireTimeBar(main, st, () => refresh());
  form.onsubmit = (e) => { e.preventDefault(); read(); resetTime(); refresh(); };
  for (const b of form.querySelectorAll('button[data-months]')) {
    b.onclick = () => {
      const p = lastMonths(+b.dataset.months);
      form.querySelector('#from').value = p.from;
      form.querySelector('#to').value = p.to;
      read(); resetTime(); refresh();
    };
  }
  form.querySelector('#save').onclick = () => { read(); saveDialog(main, st); };

  const drawLegend = () => {
    main.querySelector('#legend').innerHTML = legendHTML(colourNow, features, paint(colourNow, features), { ...st, selected: selected !== null });
  };

  // show draws a FeatureCollection as the cell layer, its legend and its table.
  async function show(fc, colour, url) {
    for (const f of fc.features) f.properties.estimate = estimate(f.properties);
    features = fc.features;
    colourNow = colour;
    window.__placesafeCells = features.map((f) => f.properties); // read by the browser tests
    drawCellLayer(map, fc, colour);
    select(null);
    main.querySelector('#map').dataset.loaded = url;
    renderTable(main.querySelector('#table'), colour, features, (key) => (features[0]?.properties.cell ? openCell(key) : openPlace(key)));
    await contextLayers(map, st);
    drawLegend();
    if (!show.fitted) { fit(map, fc); show.fitted = true; }
  }

  async function refresh() {
    const status = form.querySelector('#status');
    const refused = main.querySelector('#refused');
    status.textContent = 'Loading…';
    refused.hidden = true;
    const { url, params, from, to } = layerURL(st);
    try {
      const comparing = url.startsWith('compare');
      // A large layer (a whole force area at a fine resolution) is drawn from vector tiles.
      const tiled = comparing ? null : await drawTiles(map, st, params, () => emptyTiledLayer(main, map, st), openCell);
      if (tiled) {
        features = []; window.__placesafeCells = [];
        status.textContent = `About ${tiled.cells.toLocaleString('en-GB')} cells, drawn as vector tiles; the table needs a coarser resolution`;
        main.querySelector('#table').innerHTML = '<p>Too many cells for a table: choose a coarser resolution.</p>';
        main.querySelector('#scope-statement').textContent = '';
        Object.assign(main.querySelector('#map').dataset, { loaded: tiled.url, tiles: 'true' });
        return await contextLayers(map, st);
      }
      delete main.querySelector('#map').dataset.tiles;
      const fc = comparing ? await differenceLayer({ ...st, from, to }) : await get(url);
      // Stated before the layer is drawn: a drawn layer is a loaded one.
      main.querySelector('#scope-statement').textContent = fc.meta.scope_statement || '';
      const byArea = st.units !== 'cells';
      await show(fc, comparing ? 'diff' : byArea ? 'count' : st.colour, url);
      about.title = comparing ? 'Change in incidents between two periods' : form.querySelector(byArea ? '#units' : '#colour').selectedOptions[0].textContent;
      about.period = comparing ? compareNote(fc.meta) : `${fc.meta.from} to ${fc.meta.to}`;
      const dv = await get('/api/v1/data-version').catch(() => null);
      about.dataVersion = dv ? `Data version: ${dataVersionText(dv)}` : '';
      const what = byArea ? `${humanise(st.units).toLowerCase()} areas` : 'cells';
      status.textContent = `${features.length.toLocaleString('en-GB')} ${what}, ` + (comparing ? compareNote(fc.meta) : `${fc.meta.from} to ${fc.meta.to}`) +
        (fc.meta.suppressed_counts || fc.meta.suppression ? '; counts protected: <5, rounded or ranges (see legend)' : '');
    } catch (e) {
      status.innerHTML = `<span class="error">${esc(e.message)}</span> ${esc(areaHint(e))}`;
      // A map refused to this user (of some local areas, or with one area chosen) says so where
      // the map would be.
      if (e.status === 403) {
        refused.innerHTML = `<p class="error">${esc(e.message)}</p>${areaHint(e) ? `<p>${esc(areaHint(e))}</p>` : ''}`;
        refused.hidden = false;
      }
    }
  }

  // select marks one cell or area on the map and in the table (null clears the mark).
  function select(key) {
    selected = key;
    if (map.getLayer('cells-selected')) {
      const prop = features[0]?.properties.cell !== undefined ? 'cell' : 'id';
      map.setFilter('cells-selected', ['==', ['to-string', ['get', prop]], String(key ?? '')]);
    }
    main.querySelectorAll('#table tr.selected').forEach((r) => { r.classList.remove('selected'); r.removeAttribute('aria-selected'); });
    if (key !== null) {
      const row = main.querySelector(`#table tr[data-key="${CSS.escape(String(key))}"]`);
      if (row) { row.classList.add('selected'); row.setAttribute('aria-selected', 'true'); }
    }
    window.__placesafeSelected = key; // read by the browser tests
    if (features.length) drawLegend();
  }

  // openDetails opens the side panel on what url answers, rendered by render(answer): loading
  // first, then the details with their close button (which clears the selection), or the error.
  async function openDetails(url, render) {
    const layout = main.querySelector('#layout');
    const panel = main.querySelector('#panel');
    layout.classList.remove('nopanel');
    panel.hidden = false;
    panel.innerHTML = '<p>Loading…</p>';
    try {
      panel.innerHTML = render(await get(url));
      panel.querySelector('#close-panel').onclick = () => { panel.hidden = true; layout.classList.add('nopanel'); select(null); map.resize(); };
      panel.querySelector('h2').focus();
    } catch (e) {
      panel.innerHTML = `<p class="error">${esc(e.message)}</p>`;
    }
    map.resize();
  }

  // openCell opens a cell's details, with why it has its colour on the layer drawn.
  function openCell(cell) {
    select(cell);
    return openDetails(`/api/v1/cells/${cell}` + query({ ...period(st), scope: st.scope, category: st.category, age_band: st.age_band }),
      (d) => cellPanel(d, explain(colourNow, features.find((f) => f.properties.cell === cell)?.properties, st)));
  }

  // openPlace opens a place's profile, marking it when it is an area of the layer drawn.
  function openPlace(pid) {
    if (features.some((f) => String(f.properties.id) === String(pid))) select(pid);
    return openDetails(`/api/v1/places/${pid}/profile` + query({ ...period(st), scope: st.scope }), placePanel);
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

  wireTooltip(main.querySelector('#tooltip'), map, () => colourNow);
  wireViewTabs(main);
  wireSearch(main, map, { openPlace, openCell, select: (key) => select(key), features: () => features });
  wireExports(main, map, () => ({ ...about, features }));
  resetTime();
  if (id) {
    try {
      const a = await openSaved(id, { show, status: form.querySelector('#status'), form });
      Object.assign(about, { title: a.title, period: `${a.params.from} to ${a.params.to}`, dataVersion: `Data version: ${dataVersionText(a.data_version)}` });
      read();
    } catch (e) {
      form.querySelector('#status').innerHTML = `<span class="error">${esc(e.message)}</span>`;
    }
  } else {
    await refresh();
  }
}

function layoutHTML(st) {
  return `<div class="layout nopanel" id="layout">
    <form class="filters" id="filters" aria-label="Map filters">${filtersHTML(st)}</form>
    <div class="mapcol"><div class="toolbar">
        <button type="button" class="secondary drawer-toggle" id="toggle-filters" aria-expanded="false" aria-controls="filters">Filters</button>
        ${searchHTML()}
        <div class="viewtabs" role="group" aria-label="View">
          <button type="button" id="show-map" aria-pressed="true">Map</button>
          <button type="button" id="show-table" class="secondary" aria-pressed="false">Table</button></div>
        ${exportHTML()}</div>
      ${timeBarHTML()}
      <p class="print-only" id="print-head"></p>
      <div class="mapwrap">
        <div id="map" role="region" aria-label="Map of cells; the same data is in the table view"></div>
        <div class="tablewrap" id="table" hidden></div>
        <div class="refused" id="refused" role="alert" hidden></div>
        <div class="legend" id="legend" aria-live="polite"></div>
        <div class="tooltip" id="tooltip" hidden></div></div></div>
    <aside class="panel" id="panel" aria-label="Details" hidden></aside></div>`;
}

// newMap makes the map in container, with its controls, once its style has loaded.
async function newMap(container) {
  const map = new maplibregl.Map({ container, style: await baseStyle(), center: [-1.5, 53], zoom: 5,
    attributionControl: { compact: true }, canvasContextAttributes: { preserveDrawingBuffer: true },
    // Vector tiles come from the API too: they name the chosen local area as every request does.
    transformRequest: (url) => (url.startsWith(location.origin + '/api/') ? { url, headers: areaHeader() } : { url }) });
  map.addControl(new maplibregl.NavigationControl(), 'top-left');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
  window.__placesafeMap = map; // the browser tests read the rendered features through it
  await new Promise((r) => map.on('load', r));
  return map;
}

// wireDrawer opens and closes the filters as a drawer (on phones).
function wireDrawer(toggle, form, map) {
  toggle.onclick = () => {
    const open = !form.classList.contains('open');
    form.classList.toggle('open', open);
    toggle.setAttribute('aria-expanded', String(open));
    map.resize();
  };
}

// readFilters copies the filter form into the settings st.
function readFilters(form, st) {
  const f = new FormData(form);
  Object.assign(st, { colour: f.get('colour'), res: +f.get('res'), k: +f.get('k'), kernel: f.get('kernel'), from: f.get('from'), scope: f.get('scope') || 'syv',
    to: f.get('to'), category: f.getAll('category'), age_band: f.getAll('age_band'), bin: f.get('bin'), units: f.get('units'),
    showArea: f.has('showArea'), showPlaces: f.has('showPlaces'), showInterventions: f.has('showInterventions'),
    compare: f.has('compare'), from2: f.get('from2'), to2: f.get('to2') });
}

// layerURL says where the layer the settings ask for comes from ("compare…" for the change
// between two periods, which the dashboard computes), with the period shown and the cell
// parameters (which the vector tiles take too).
function layerURL(st) {
  const { from, to } = period(st);
  const params = { res: st.res, from, to, scope: st.scope, category: st.category, age_band: st.age_band };
  let url;
  if (st.compare && st.units === 'cells') url = 'compare' + query({ ...params, from2: st.from2, to2: st.to2 });
  else if (st.units !== 'cells') url = '/api/v1/places/summary' + query({ kind: st.units, from, to, scope: st.scope, category: st.category });
  else if (st.colour === 'gi' || st.colour === 'harm-gi') url = '/api/v1/hotspots' + query({ ...params, k: st.k, kernel: st.kernel, measure: st.colour === 'harm-gi' ? 'harm' : 'count' });
  else if (st.colour === 'emerging') url = '/api/v1/hotspots/emerging' + query({ ...params, k: st.k, kernel: st.kernel, bin: st.bin });
  else url = '/api/v1/cells' + query(params);
  return { url, params, from, to };
}

// drawCellLayer draws fc as the cell layer coloured by colour, adding its layers the first time.
function drawCellLayer(map, fc, colour) {
  setSource(map, 'cells', fc);
  const painted = paint(colour, fc.features);
  if (!map.getLayer('cells-fill')) {
    map.addLayer({ id: 'cells-fill', type: 'fill', source: 'cells', paint: { 'fill-color': painted.expr, 'fill-opacity': 0.75 } });
    map.addLayer({ id: 'cells-line', type: 'line', source: 'cells', paint: { 'line-color': '#667', 'line-width': 0.3 } });
    map.addLayer({ id: 'cells-selected', type: 'line', source: 'cells', filter: ['==', ['get', 'cell'], ''], paint: { 'line-color': '#000', 'line-width': 3 } });
  } else {
    map.setPaintProperty('cells-fill', 'fill-color', painted.expr);
  }
}

// emptyTiledLayer empties the GeoJSON cell layer while vector tiles draw the cells, styles it
// and the legend for the settings, and returns the fill colour the tiles take.
function emptyTiledLayer(main, map, st) {
  setSource(map, 'cells', { type: 'FeatureCollection', features: [] });
  if (!map.getLayer('cells-fill')) map.addLayer({ id: 'cells-fill', type: 'fill', source: 'cells', paint: { 'fill-opacity': 0.75 } });
  const painted = paint(st.colour, []);
  map.setPaintProperty('cells-fill', 'fill-color', painted.expr);
  main.querySelector('#legend').innerHTML = legendHTML(st.colour, [], painted, st);
  return painted.expr;
}

// wireTooltip: hovering a cell tells its count (or that it is protected) and its class in the
// colouring colour() names.
function wireTooltip(tip, map, colour) {
  map.on('mousemove', 'cells-fill', (e) => {
    const f = e.features?.[0];
    if (!f) return;
    map.getCanvas().style.cursor = 'pointer';
    tip.textContent = hoverText(colour(), f.properties);
    tip.style.left = `${e.point.x + 12}px`;
    tip.style.top = `${e.point.y + 12}px`;
    tip.hidden = false;
  });
  map.on('mouseleave', 'cells-fill', () => { map.getCanvas().style.cursor = ''; tip.hidden = true; });
}

// wireViewTabs switches between the map and the table.
function wireViewTabs(main) {
  const tabs = [main.querySelector('#show-map'), main.querySelector('#show-table')];
  tabs.forEach((b, i) => { b.onclick = () => {
    tabs.forEach((t, j) => { t.setAttribute('aria-pressed', String(i === j)); t.classList.toggle('secondary', i !== j); });
    main.querySelector('#table').hidden = i === 0;
  }; });
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
    ${compareHTML(st)}
    <fieldset><legend>Layers</legend>
      <label class="check"><input type="checkbox" name="showArea" checked>Study area outline</label>
      <label class="check"><input type="checkbox" name="showPlaces" checked>Places</label>
      <label class="check"><input type="checkbox" name="showInterventions">Interventions</label></fieldset>
    <button type="submit" id="apply">Apply</button> <button type="button" class="secondary" id="save" ${session.recordLevel ? '' : 'hidden'}>Save analysis</button>
    <p id="status" class="muted" role="status" aria-live="polite"></p>
    <p id="scope-statement" class="muted"></p>`;
}

function setSource(map, id, data) {
  const src = map.getSource(id);
  if (src) src.setData(data);
  else map.addSource(id, { type: 'geojson', data });
}

// The place-name labels of each map (placeLabels).
const labels = new WeakMap();

async function contextLayers(map, st) {
  const layers = [
    { id: 'area', url: '/api/v1/study-area', show: st.showArea, add: () => map.addLayer({ id: 'area', type: 'line', source: 'area', paint: { 'line-color': '#1d2733', 'line-width': 2 } }) },
    { id: 'places', url: '/api/v1/places?limit=200', show: st.showPlaces, add: (fc) => {
      map.addLayer({ id: 'places-fill', type: 'fill', source: 'places', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#0072B2', 'fill-opacity': 0.08 } });
      map.addLayer({ id: 'places', type: 'line', source: 'places', paint: { 'line-color': '#0072B2', 'line-width': 2, 'line-dasharray': [2, 1] } });
      labels.set(map, placeLabels(map, fc));
    } },
    { id: 'interventions', url: '/api/v1/interventions.geojson?limit=200', show: st.showInterventions, add: () => map.addLayer({ id: 'interventions', type: 'line', source: 'interventions', paint: { 'line-color': '#009E73', 'line-width': 3 } }) },
  ];
  for (const l of layers) {
    if (!map.getSource(l.id)) {
      try { const fc = await get(l.url); setSource(map, l.id, fc); l.add(fc); } catch { continue; }
    }
    map.setLayoutProperty(l.id, 'visibility', l.show ? 'visible' : 'none');
    if (l.id === 'places' && map.getLayer('places-fill')) map.setLayoutProperty('places-fill', 'visibility', l.show ? 'visible' : 'none');
    if (l.id === 'places') labels.get(map)?.show(l.show);
  }
}

function fit(map, fc) {
  let minX = 180, minY = 90, maxX = -180, maxY = -90;
  for (const f of fc.features) for (const [x, y] of f.geometry.coordinates[0]) {
    minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  }
  if (minX < maxX) map.fitBounds([[minX, minY], [maxX, maxY]], { padding: 20, duration: 0 });
}

function cellPanel(d, why) {
  const items = (list) => (list || []).map((c) => ({ key: humanise(c.key), count: c.count, suppressed: c.suppressed, label: c.count_label }));
  return `<button type="button" class="secondary" id="close-panel" style="float:right">Close</button>
    <h2 tabindex="-1">Cell ${esc(d.cell)}</h2>
    ${why ? `<p class="why">${esc(why)}</p>` : ''}
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
      <tbody>${rows.map((f) => `<tr data-key="${esc(f.properties.cell ?? f.properties.id)}">${cols.map(([k]) => {
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
