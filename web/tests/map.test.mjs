import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, mapLoaded, signIn, shot, mapCells } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an analyst signs in and the map shows hot cells of the demo borough', async () => {
  const page = await signIn(browser, 'analyst');
  await mapLoaded(page);
  const cells = await mapCells(page);
  assert.ok(cells.length > 100, `only ${cells.length} cells on the map`);
  const hot = cells.filter((c) => c.gi_bin === 3);
  assert.ok(hot.length >= 3, `only ${hot.length} cells in bin 3`);
  await assert.doesNotReject(page.getByText('Hot spot, 99% confidence').waitFor());
  await shot(page, 'map-hotspots');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('applying a filter changes the map', async () => {
  const page = await signIn(browser, 'analyst');
  const first = await mapLoaded(page);
  const before = await mapCells(page);
  await page.getByLabel('Colour cells by').selectOption('count');
  await page.getByLabel('Robbery').check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction((prev) => document.querySelector('#map').dataset.loaded !== prev, first);
  const url = await page.locator('#map').getAttribute('data-loaded');
  assert.match(url, /category=robbery/);
  const after = await mapCells(page);
  const sum = (cs) => cs.reduce((s, c) => s + (c.count || 0), 0);
  assert.ok(sum(after) > 0 && sum(after) < sum(before), `robbery ${sum(after)} of ${sum(before)} incidents`);
  await shot(page, 'map-robbery-counts');
  await page.close();
});

test('clicking a cell in the table opens its panel with charts', async () => {
  const page = await signIn(browser, 'analyst');
  await mapLoaded(page);
  await page.getByRole('button', { name: 'Table' }).click();
  await page.locator('#table a[data-cell]').first().click();
  await page.getByRole('heading', { name: /^Cell / }).waitFor();
  await page.locator('figcaption', { hasText: 'Incidents per month' }).waitFor();
  await page.locator('figcaption', { hasText: 'By category' }).waitFor();
  await shot(page, 'cell-panel');
  await page.close();
});

test('a partner sees protected counts: <5 only for a true 1 to 4, ranges otherwise, never a small number', async () => {
  const page = await signIn(browser, 'partner');
  await mapLoaded(page);
  await page.getByLabel('Colour cells by').selectOption('count');
  await page.getByLabel('From', { exact: true }).fill('2024-01-01');
  await page.getByLabel('To', { exact: true }).fill('2024-06-30');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction(() => /from=2024-01-01/.test(document.querySelector('#map').dataset.loaded));
  const cells = await mapCells(page);
  const small = cells.filter((c) => c.count_label === '<5');
  assert.ok(small.length > 0, 'no <5 cell for a partner over six months');
  assert.ok(cells.some((c) => c.protection === 'range'), 'no range for a partner over six months');
  assert.ok(!cells.some((c) => c.count !== null && c.count > 0 && c.count < 5), 'a count between 1 and 4 reached a partner');
  // The truth, as an analyst reads it: every "<5" the partner saw is 1 to 4, every range holds it.
  const analyst = await signIn(browser, 'analyst');
  const truth = await analyst.evaluate(async () => {
    const fc = await (await fetch('/api/v1/cells?res=9&from=2024-01-01&to=2024-06-30')).json();
    return Object.fromEntries(fc.features.map((f) => [f.properties.cell, f.properties.count]));
  });
  for (const c of small) assert.ok(truth[c.cell] >= 1 && truth[c.cell] <= 4, `<5 shown on ${c.cell}, whose count is ${truth[c.cell]}`);
  for (const c of cells) assert.ok(truth[c.cell] >= c.count_low && truth[c.cell] <= c.count_high, `${c.cell}: ${c.count_label} does not hold ${truth[c.cell]}`);
  await analyst.close();
  await page.getByRole('button', { name: 'Table' }).click();
  await page.getByRole('cell', { name: '<5' }).first().waitFor();
  await page.getByRole('cell', { name: /^\d[\d,]*–\d[\d,]*$/ }).first().waitFor();
  await shot(page, 'partner-table');
  await page.locator('#table a[data-cell]').first().click();
  await page.getByRole('heading', { name: /^Cell / }).waitFor();
  await page.locator('figcaption', { hasText: 'Incidents per month' }).waitFor();
  assert.equal(await page.locator('figcaption', { hasText: 'By category' }).count(), 0, 'a partner saw a category breakdown');
  await shot(page, 'partner-cell-panel');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a place opens its profile, and its intervention its evaluation', async () => {
  const page = await signIn(browser, 'analyst');
  await mapLoaded(page);
  const id = await page.evaluate(async () => {
    const fc = await (await fetch('/api/v1/places?limit=200')).json();
    return fc.features.find((f) => f.properties.name === 'Ashdown Park').id;
  });
  await page.evaluate((pid) => window.__placesafeOpenPlace(pid), id);
  await page.getByRole('heading', { name: 'Ashdown Park' }).waitFor();
  await page.locator('#panel figcaption', { hasText: 'Incidents per month' }).waitFor();
  await shot(page, 'place-profile');
  await page.locator('#panel a[href^="#/interventions/"]').first().click();
  await page.locator('#evaluation .statement').waitFor();
  await page.close();
});

test('an analyst maps incidents by ward instead of by hexagon', async () => {
  const page = await signIn(browser, 'analyst');
  await mapLoaded(page);
  // Two wards splitting the borough, registered through the API as the dashboard would.
  const made = await page.evaluate(async () => {
    const csrf = document.cookie.split('; ').find((c) => c.startsWith('placesafe_csrf='))?.split('=')[1];
    const fc = await (await fetch('/api/v1/study-area')).json();
    const ring = fc.geometry.coordinates.flat(Infinity);
    const xs = [], ys = [];
    for (let i = 0; i < ring.length; i += 2) { xs.push(ring[i]); ys.push(ring[i + 1]); }
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)], xm = (x0 + x1) / 2;
    let n = 0;
    for (const [name, a, b] of [['West ward', x0, xm], ['East ward', xm, x1]]) {
      const body = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[a, y0], [b, y0], [b, y1], [a, y1], [a, y0]]] }, properties: { kind: 'ward', name } };
      const res = await fetch('/api/v1/places', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: JSON.stringify(body) });
      if (res.status === 201) n++;
    }
    return n;
  });
  assert.equal(made, 2, 'the wards were not registered');
  const first = await page.locator('#map').getAttribute('data-loaded');
  await page.getByLabel('Areas').selectOption('ward');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction((prev) => document.querySelector('#map').dataset.loaded !== prev, first);
  const areas = await mapCells(page);
  assert.deepEqual(areas.map((a) => a.name).sort(), ['East ward', 'West ward']);
  assert.ok(areas.every((a) => a.count > 0), 'a ward with no incidents');
  await page.getByRole('button', { name: 'Table' }).click();
  await page.getByRole('link', { name: 'West ward' }).waitFor();
  await shot(page, 'map-by-ward');
  assert.deepEqual(page.errors, []);
  await page.close();
});
