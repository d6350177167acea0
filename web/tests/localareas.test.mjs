import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, signInAs, shot, axeViolations, overflow, mapLoaded, mapCells, base, password } from './helpers.mjs';

// The demo is a VRU's borough of three local areas (Northbridge, Fernley and Eastmere) with
// children by year for each; it has a partner who sees Eastmere alone. A partner who sees
// Northbridge and Fernley is added through the admin API for these tests, and disabled again.
let browser;
let admin;
const stamp = Date.now();
const pass = 'local areas are compared here';
const two = `two.areas.${stamp}@northbridge.example`;
const areas = {};
const users = [];

// signInAdmin returns a function that sends a request to the API as the demo admin.
async function signInAdmin() {
  const res = await fetch(base + '/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@northbridge.example', password }) });
  assert.equal(res.status, 200, 'the demo admin cannot sign in');
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrf_token: csrf } = await res.json();
  return async (method, path, body, type = 'application/json') => {
    const r = await fetch(base + path, { method, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': type },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const data = r.status === 204 ? null : await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(data)}`);
    return data;
  };
}

before(async () => {
  browser = await launch();
  admin = await signInAdmin();
  const { local_areas: existing } = await admin('GET', '/api/v1/local-areas');
  for (const a of existing) areas[a.name] = a.id;
  assert.deepEqual(Object.keys(areas).sort(), ['Eastmere', 'Fernley', 'Northbridge'], 'the demo is not the three areas these tests expect');
  const u = await admin('POST', '/api/v1/users', { email: two, role: 'partner', password: pass });
  await admin('PUT', `/api/v1/users/${u.id}/areas`, { local_areas: [areas.Northbridge, areas.Fernley] });
  users.push(u.id);
});

after(async () => {
  await browser?.close();
  for (const id of users) await admin('POST', `/api/v1/users/${id}/disable`);
});

// interventionTitles does action (which shows the interventions list) and returns the titles
// listed, with the X-Local-Area header the list's request carried ('' for none).
async function interventionTitles(page, action) {
  const req = page.waitForRequest((r) => r.url().includes('/api/v1/interventions?'));
  await action();
  const header = (await req).headers()['x-local-area'] || '';
  await (await req).response();
  await page.locator('#ivlist table, #ivlist p:not(.muted)').first().waitFor();
  return { header, titles: await page.locator('#ivlist tbody tr td:first-child').allTextContents() };
}

test('the area switcher is offered to a user of two areas and narrows the interventions list', async () => {
  const page = await signInAs(browser, two, pass);
  const sw = page.getByLabel('Area', { exact: true });
  assert.deepEqual(await sw.locator('option').allTextContents(), ['All my areas', 'Northbridge', 'Fernley']);
  const all = await interventionTitles(page, () => page.getByRole('link', { name: 'Interventions' }).click());
  assert.equal(all.header, '', 'a request for all the user\'s areas names one');
  assert.ok(all.titles.length > 0, 'a partner of Northbridge and Fernley sees no intervention');

  // Each area's list is part of the whole, and the two together make it. The screen in view is
  // drawn again for the chosen area.
  const fern = await interventionTitles(page, () => sw.selectOption({ label: 'Fernley' }));
  assert.equal(fern.header, String(areas.Fernley));
  const north = await interventionTitles(page, () => sw.selectOption({ label: 'Northbridge' }));
  assert.equal(north.header, String(areas.Northbridge));
  assert.ok(north.titles.length < all.titles.length || fern.titles.length < all.titles.length, 'choosing an area narrows nothing');
  assert.deepEqual([...new Set([...north.titles, ...fern.titles])].sort(), [...all.titles].sort());

  // The choice is kept for the tab's session.
  await page.reload();
  await page.getByLabel('Area', { exact: true }).waitFor();
  assert.equal(await page.getByLabel('Area', { exact: true }).inputValue(), String(areas.Northbridge));
  assert.deepEqual(await axeViolations(page), [], 'interventions with the area switcher');
  await shot(page, 'area-switcher');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a user of one local area is offered no switcher and no comparison', async () => {
  const page = await signInAs(browser, 'partner.eastmere@northbridge.example', password);
  await page.getByRole('link', { name: 'Interventions' }).click();
  await page.locator('#ivlist table, #ivlist p:not(.muted)').first().waitFor();
  assert.equal(await page.locator('#area-switch').count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Local areas' }).count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the map of one chosen area shows that area\'s cells alone', async () => {
  const page = await signIn(browser, 'analyst');
  const sw = page.getByLabel('Area', { exact: true });
  assert.deepEqual(await sw.locator('option').allTextContents(), ['All my areas', 'Northbridge', 'Fernley', 'Eastmere']);
  await mapLoaded(page);
  const whole = await mapCells(page);
  const req = page.waitForRequest((r) => r.url().includes('/api/v1/hotspots') || r.url().includes('/api/v1/cells'));
  await sw.selectOption({ label: 'Fernley' });
  assert.equal((await req).headers()['x-local-area'], String(areas.Fernley));
  await page.waitForFunction((n) => (window.__placesafeCells || []).length > 0 && window.__placesafeCells.length !== n, whole.length, { timeout: 30000 });
  const fern = await mapCells(page);
  assert.ok(fern.length > 0 && fern.length < whole.length, `Fernley's map has ${fern.length} cells, the whole borough's ${whole.length}`);
  assert.equal(await page.locator('#refused').isVisible(), false);
  assert.deepEqual(await axeViolations(page, [['.maplibregl-canvas-container'], ['.maplibregl-ctrl-attrib']]), [], 'the map of one area');
  await shot(page, 'area-map');
  await sw.selectOption({ label: 'All my areas' });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the comparison sets the areas side by side with the labels the API gave', async () => {
  const page = await signInAs(browser, two, pass);
  await page.getByRole('link', { name: 'Local areas' }).click();
  const table = page.getByRole('table', { name: /Incidents by local area/ });
  await table.waitFor();
  // The default period is the last 12 whole months.
  const from = await page.getByLabel('From').inputValue(), to = await page.getByLabel('To').inputValue();
  const today = new Date();
  const lastDay = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0)).toISOString().slice(0, 10);
  assert.equal(to, lastDay);
  assert.equal(from, new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 12, 1)).toISOString().slice(0, 10));

  const api = await page.evaluate(async (q) => (await (await fetch(`/api/v1/local-areas/comparison?from=${q.from}&to=${q.to}`)).json()), { from, to });
  assert.deepEqual(api.areas.map((a) => a.name).sort(), ['Fernley', 'Northbridge']);
  const rows = Object.fromEntries(await Promise.all((await table.locator('tbody tr').all()).map(async (r) =>
    [await r.locator('th').textContent(), await r.locator('td').allTextContents()])));
  const label = (l) => l.replace(/\d+/g, (d) => Number(d).toLocaleString('en-GB'));
  for (const a of api.areas) {
    const [code, incidents, children, rate] = rows[a.name];
    assert.equal(code, a.ons_code || '—');
    assert.ok(incidents.startsWith(label(a.incidents.count_label)), `${a.name}: "${incidents}", the API's label is ${a.incidents.count_label}`);
    if (a.incidents.protection !== 'exact') assert.match(incidents, /\(.+\)/, `${a.name}: the protection of its count is not noted`);
    assert.equal(children, a.children === null ? '—' : `${a.children.toLocaleString('en-GB')} (${a.population_year})`);
    assert.equal(rate === '—', a.per_1000_children === null, `${a.name}: rate ${rate}, the API's ${a.per_1000_children}`);
  }
  assert.ok(api.areas.every((a) => a.children > 0 && a.per_1000_children !== null), 'the demo gives every area its children');
  assert.ok(api.suppression, 'a partner is shown the comparison without its disclosure rule');
  assert.ok((await page.locator('#la-definition').textContent()).includes(api.definition));
  assert.ok((await page.locator('#la-suppression').textContent()).includes(api.suppression));

  // Sorted by a column from the keyboard: its header says so.
  const sortBy = page.getByRole('button', { name: 'Local area' });
  await sortBy.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('th[aria-sort="descending"]').textContent(), 'Local area');
  assert.deepEqual(await table.locator('tbody th').allTextContents(), ['Northbridge', 'Fernley']);
  assert.match(await table.locator('caption').textContent(), /sorted by local area \(descending\)/);
  assert.deepEqual(await axeViolations(page), [], 'comparison');
  await shot(page, 'local-areas', true);

  // On a phone the page is no wider than the screen (the table scrolls in its own box).
  await page.setViewportSize({ width: 390, height: 844 });
  assert.deepEqual(await overflow(page), { excess: 0, worst: null }, 'comparison on a phone');
  await shot(page, 'phone-local-areas', true);
  assert.deepEqual(page.errors, []);
  await page.close();
});
