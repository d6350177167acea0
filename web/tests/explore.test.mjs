import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, shot, mapCells, axeViolations } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const mapOnly = [['.maplibregl-canvas-container'], ['.maplibregl-ctrl-attrib']];

async function mapLoaded(page) {
  await page.locator('#map[data-loaded]').waitFor({ timeout: 30000 });
  return page.locator('#map').getAttribute('data-loaded');
}

// post sends a JSON or text body with the session's CSRF token, as the dashboard does.
async function post(page, path, body, type = 'application/json') {
  return page.evaluate(async ([p, b, t]) => {
    const csrf = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('placesafe_csrf=')).split('=')[1]);
    const res = await fetch(p, { method: 'POST', headers: { 'Content-Type': t, 'X-CSRF-Token': csrf }, body: b });
    return { status: res.status, body: await res.json() };
  }, [path, typeof body === 'string' ? body : JSON.stringify(body), type]);
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
  const page = await signIn(browser, 'analyst');
  await mapLoaded(page);
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
  const page = await signIn(browser, 'analyst');
  await mapLoaded(page);
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
  const page = await signIn(browser, 'analyst');
  await mapLoaded(page);
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
