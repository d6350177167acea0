import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, mapLoaded, signIn, shot, mapCells, axeViolations } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const mapOnly = [['.maplibregl-canvas-container'], ['.maplibregl-ctrl-attrib']];

// post sends a JSON or text body with the session's CSRF token, as the dashboard does.
async function post(page, path, body, type = 'application/json') {
  return page.evaluate(async ([p, b, t]) => {
    const csrf = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('placesafe_csrf=')).split('=')[1]);
    const res = await fetch(p, { method: 'POST', headers: { 'Content-Type': t, 'X-CSRF-Token': csrf }, body: b });
    return { status: res.status, body: await res.json() };
  }, [path, typeof body === 'string' ? body : JSON.stringify(body), type]);
}

// openMap signs role in and waits for the map's layer.
async function openMap(role) {
  const page = await signIn(browser, role);
  await mapLoaded(page);
  return page;
}

// compareWithEarlier turns on the change from an earlier period and answers the difference
// map's cells.
async function compareWithEarlier(page) {
  await page.getByLabel('Show the change from an earlier period').check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction(() => (document.querySelector('#map').dataset.loaded || '').startsWith('compare'));
  return mapCells(page);
}

// cellCentre is the centre of a cell of the map's layer (the first when cell is not given).
async function cellCentre(page, cell) {
  await page.waitForFunction(() => document.querySelector('#map')?.dataset.loaded);
  return page.evaluate(async (want) => {
    const fc = await (await fetch(document.querySelector('#map').dataset.loaded)).json();
    const f = want ? fc.features.find((x) => x.properties.cell === want) : fc.features[0];
    const ring = f.geometry.coordinates[0].slice(1);
    return [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
  }, cell);
}

test('search finds a registered place and a police.uk street, moves the map and outlines them', async () => {
  const page = await openMap('analyst');
  // A police.uk file with two crimes on one street inside the borough (at a cell of the map).
  const [lng, lat] = await cellCentre(page);
  const csv = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n' +
    [1, 2].map((i) => `search-${i},2025-03,Northbridge Police,Northbridge Police,${lng.toFixed(6)},${lat.toFixed(6)},On or near Quillfeather Row,E01099001,Northbridge 001A,Robbery,,`).join('\n') + '\n';
  const imported = await post(page, '/api/v1/imports?kind=incidents&format=policeuk&filename=street.csv', csv, 'text/csv');
  assert.equal(imported.status, 201, JSON.stringify(imported.body));

  const box = page.getByRole('searchbox', { name: /Search for a place/ });
  await box.fill('Ashdown');
  await box.press('Enter');
  await page.getByRole('button', { name: /Ashdown Park/ }).click();
  await page.getByRole('heading', { name: 'Ashdown Park' }).waitFor();
  let hit = await page.evaluate(() => window.__placesafeSearchHit);
  assert.equal(hit.kind, 'place');
  let inView = await page.evaluate(([w, s, e, n]) => window.__placesafeMap.getBounds().contains([(w + e) / 2, (s + n) / 2]), hit.bbox);
  assert.ok(inView, 'the map did not move to the place');
  await shot(page, 'search-place');

  await box.fill('Quillfeather');
  await box.press('Enter');
  await page.getByRole('button', { name: /On or near Quillfeather Row/ }).click();
  hit = await page.evaluate(() => window.__placesafeSearchHit);
  assert.equal(hit.kind, 'street');
  assert.ok(Math.abs(hit.bbox[0] - lng) < 1e-5 && Math.abs(hit.bbox[1] - lat) < 1e-5, `the street is at ${hit.bbox}, not where its records are`);
  inView = await page.evaluate(([w, s]) => window.__placesafeMap.getBounds().contains([w, s]), hit.bbox);
  assert.ok(inView, 'the map did not move to the street');
  await assert.doesNotReject(page.waitForFunction(() => window.__placesafeMap.queryRenderedFeatures({ layers: ['search-hit-line'] }).length > 0,
    null, { timeout: 10000 }), 'the street is not outlined on the map');
  await shot(page, 'search-street');
  assert.deepEqual(await axeViolations(page, mapOnly), [], 'map after a search');

  // A partner's search answers places and cells, never the records' streets.
  const partner = await signIn(browser, 'partner');
  const res = await partner.evaluate(async () => (await (await fetch('/api/v1/search?q=Quillfeather')).json()).results);
  assert.deepEqual(res, [], 'a partner found a street of the records');
  await partner.close();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('hovering a cell shows its count and class; clicking it marks it and explains its class', async () => {
  const page = await openMap('analyst');
  const cells = await mapCells(page);
  const hot = cells.find((c) => c.gi_bin === 3);
  // Centre the map on a hot cell, then point at it.
  const point = await cellCentre(page, hot.cell);
  await page.evaluate((c) => window.__placesafeMap.jumpTo({ center: c, zoom: 14 }), point);
  await page.waitForFunction(() => window.__placesafeMap.loaded());
  const box = await page.locator('#map canvas').boundingBox();
  const xy = await page.evaluate((c) => window.__placesafeMap.project(c), point);
  await page.mouse.move(box.x + xy.x, box.y + xy.y);
  const tip = page.locator('#tooltip');
  await tip.waitFor({ state: 'visible' });
  const text = await tip.textContent();
  assert.match(text, new RegExp(`Cell ${hot.cell} · [\\d,]+ incidents · Hot spot, 99% confidence`));
  await shot(page, 'hover-tooltip');
  await page.mouse.click(box.x + xy.x, box.y + xy.y);
  await page.getByRole('heading', { name: `Cell ${hot.cell}` }).waitFor();
  assert.match(await page.locator('#panel .why').textContent(), /A hot spot at 99% confidence: the incidents in this cell and its 1 ring of neighbours/);
  assert.equal(await page.evaluate(() => window.__placesafeSelected), hot.cell);
  const marked = await page.evaluate(() => window.__placesafeMap.queryRenderedFeatures({ layers: ['cells-selected'] }).map((f) => f.properties.cell));
  assert.ok(marked.length > 0 && marked.every((c) => c === hot.cell), `marked on the map: ${marked}`);
  // The same cell is marked in the table.
  await page.getByRole('button', { name: 'Table' }).click();
  assert.equal(await page.locator('#table tr.selected').getAttribute('data-key'), hot.cell);
  // The legend lists only the classes on the map, and the selection.
  const legend = await page.locator('#legend').textContent();
  for (const [bin, label] of [[3, 'Hot spot, 99% confidence'], [-3, 'Cold spot, 99%']]) {
    assert.equal(legend.includes(label), cells.some((c) => c.gi_bin === bin), `legend and map disagree on ${label}`);
  }
  assert.match(legend, /Selected/);
  await shot(page, 'cell-explained');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a saved analysis reopens exactly as it was saved, listed with its owner and date', async () => {
  const page = await openMap('analyst');
  const shown = await mapCells(page);
  await page.getByRole('button', { name: 'Save analysis' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save this analysis' });
  await dialog.waitFor();
  assert.deepEqual(await axeViolations(page, mapOnly), [], 'save dialog');
  await shot(page, 'save-dialog');
  const title = `Hot spots for the board ${Date.now()}`;
  await dialog.getByLabel('Title').fill(title);
  await dialog.getByLabel(/Admins and analysts only/).check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByText(`Saved “${title}”`).waitFor();

  await page.getByRole('link', { name: 'Analyses' }).click();
  const row = page.locator('tr', { hasText: title });
  await row.waitFor();
  assert.match(await row.textContent(), /analyst@northbridge\.example/);
  assert.match(await row.textContent(), /\d{1,2} \w{3} \d{4}/);
  assert.deepEqual(await axeViolations(page), [], 'saved analyses list');
  await shot(page, 'analyses-list');
  await row.getByRole('link', { name: title }).click();
  await page.waitForFunction(() => /\/api\/v1\/analyses\/\d+$/.test(document.querySelector('#map')?.dataset.loaded || ''));
  await page.locator('#status', { hasText: `Saved analysis: ${title}` }).waitFor();
  const reopened = await mapCells(page);
  const key = (cs) => cs.map((c) => `${c.cell} ${c.count} ${c.gi_bin} ${c.gi_z}`).sort();
  assert.deepEqual(key(reopened), key(shown), 'the reopened analysis differs from the map that was saved');
  assert.match(await page.locator('#status').textContent(), /Data version: Incidents: imports \d/);
  await shot(page, 'analysis-reopened');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('comparing two periods draws a difference map with each change tested; the slider shows one month', async () => {
  const page = await openMap('analyst');
  const cells = await compareWithEarlier(page);
  assert.ok(cells.length > 100 && cells.every((c) => [-2, -1, 0, 1, 2].includes(c.diff_class)), 'cells without a change class');
  // Every class recomputed from both periods' counts as an analyst reads them.
  const [from2, to2, from, to] = await Promise.all(['#from2', '#to2', '#from', '#to'].map((s) => page.locator(s).inputValue()));
  const truth = await page.evaluate(async (q) => {
    const read = async (f, t) => Object.fromEntries((await (await fetch(`/api/v1/cells?res=9&from=${f}&to=${t}`)).json()).features.map((x) => [x.properties.cell, x.properties.count]));
    return [await read(q[0], q[1]), await read(q[2], q[3])];
  }, [from2, to2, from, to]);
  const days = (f, t) => (Date.parse(t) - Date.parse(f)) / 86400000 + 1;
  const tA = days(from2, to2), tB = days(from, to);
  let significant = 0;
  for (const c of cells) {
    const a = truth[0][c.cell] ?? 0, b = truth[1][c.cell] ?? 0, n = a + b, p = tB / (tA + tB);
    const z = n ? (b - n * p) / Math.sqrt(n * p * (1 - p)) : 0;
    const want = a / tA === b / tB ? 0 : Math.sign(b / tB - a / tA) * (Math.abs(z) >= 1.959964 ? 2 : 1);
    assert.equal(c.diff_class, want, `${c.cell}: ${a} then ${b} is class ${want}, shown ${c.diff_class}`);
    if (Math.abs(want) === 2) significant++;
  }
  assert.ok(significant > 0, 'no significant change between the periods');
  const legend = await page.locator('#legend').textContent();
  assert.match(legend, /Change between the two periods/);
  assert.match(legend, /significant/);
  await shot(page, 'compare-periods');
  await page.getByRole('button', { name: 'Table' }).click();
  await page.locator('#table a[data-cell]').first().click();
  await page.locator('#panel .why', { hasText: /z = -?\d/ }).waitFor();
  await page.getByRole('button', { name: 'Map', exact: true }).click();

  // One month of the period from the slider.
  await page.getByLabel('Show the change from an earlier period').uncheck();
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction(() => (document.querySelector('#map').dataset.loaded || '').startsWith('/api/v1/hotspots'));
  await page.locator('#month').fill('2');
  const second = new Date(from + 'T00:00:00Z');
  second.setUTCMonth(second.getUTCMonth() + 1);
  const first = second.toISOString().slice(0, 10);
  await page.waitForFunction((f) => (document.querySelector('#map').dataset.loaded || '').includes(`from=${f}&`), first);
  assert.match(await page.locator('#month-label').textContent(), /^\w+ \d{4}$/);
  assert.deepEqual(await axeViolations(page, mapOnly), [], 'map with the time bar');
  await shot(page, 'month-slider');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a partner\'s difference map calls a change only where the protected ranges do not overlap', async () => {
  const page = await openMap('partner');
  const cells = await compareWithEarlier(page);
  assert.ok(cells.length > 0);
  assert.ok(cells.every((c) => Math.abs(c.diff_class) <= 1), 'a significance class on protected counts');
  assert.ok(cells.every((c) => /not tested on protected counts/.test(c.diff_text)));
  await page.close();
});

test('the map exports as a PNG with its title and legend, the table as CSV with counts as published', async () => {
  const page = await openMap('partner');
  const mapWidth = await page.evaluate(() => document.querySelector('#map canvas').clientWidth);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
  assert.match(png.suggestedFilename(), /^placesafe-map-.*\.png$/);
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(await png.path());
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  // The legend's hot spot swatch is drawn beside the map (right of its width), in its colour.
  const found = await page.evaluate(async ([b64, w]) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const dpr = img.width / (w + 300);
    const d = g.getImageData(Math.floor(w * dpr), 0, img.width - Math.floor(w * dpr), img.height).data;
    let swatch = false, ink = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - 0xb2) < 4 && Math.abs(d[i + 1] - 0x18) < 4 && Math.abs(d[i + 2] - 0x2b) < 4) swatch = true;
      if (d[i] < 60 && d[i + 1] < 60 && d[i + 2] < 70) ink++;
    }
    return { swatch, ink, width: img.width };
  }, [bytes.toString('base64'), mapWidth]);
  assert.ok(found.swatch, 'no hot spot swatch in the exported legend');
  assert.ok(found.ink > 500, 'no legend text in the exported image');

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const rows = readFileSync(await csv.path(), 'utf8').trim().split('\r\n');
  const header = rows[0].split(',');
  assert.deepEqual(header.slice(0, 2), ['Cell', 'Incidents']);
  const cells = await mapCells(page);
  assert.equal(rows.length - 1, cells.length);
  const counts = rows.slice(1).map((r) => r.split(',')[1]);
  assert.ok(counts.every((c) => !/^[1-4]$/.test(c)), 'a count of 1 to 4 in a partner\'s export');
  assert.ok(counts.some((c) => c.startsWith('"') || /–|≈|<5/.test(c)), 'no protected count label in the export');
  // Both exports are in the audit log, as the partner's.
  const admin = await signIn(browser, 'admin');
  const log = await admin.evaluate(async () => (await (await fetch('/api/v1/audit?action=map.export&limit=20')).json()).entries);
  const mine = log.filter((e) => e.user_email === 'partner@northbridge.example');
  assert.deepEqual(mine.map((e) => e.params.kind).sort(), ['map_png', 'table_csv']);
  assert.ok(mine.every((e) => e.row_count === cells.length && e.resource.startsWith('/api/v1/hotspots')), JSON.stringify(mine));
  await admin.close();
  assert.deepEqual(page.errors, []);
  await page.close();
});
