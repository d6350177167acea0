import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, signInAs, shot, axeViolations, overflow, base, password } from './helpers.mjs';

// The demo is one borough (Northbridge, one local area). Two more local areas are added inside
// it through the admin API for these tests, with a partner who sees Northbridge and Eastfield and
// one who sees Westmoor alone; the areas go again afterwards (they hold nothing), so that the
// other tests find the demo as it was.
let browser;
let admin;
const stamp = Date.now();
const pass = 'local areas are compared here';
const two = `two.areas.${stamp}@northbridge.example`;
const one = `one.area.${stamp}@northbridge.example`;
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

const box = (x0, y0, x1, y1) => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });

before(async () => {
  browser = await launch();
  admin = await signInAdmin();
  const { local_areas: existing } = await admin('GET', '/api/v1/local-areas');
  areas.Northbridge = existing.find((a) => a.name === 'Northbridge').id;
  for (const [name, code, b] of [['Eastfield', 'E09000931', box(-1.15, 52.93, -1.13, 52.95)], ['Westmoor', 'E09000932', box(-1.19, 52.93, -1.17, 52.95)]]) {
    areas[name] = (await admin('POST', '/api/v1/local-areas', { name, ons_code: code, boundary: b })).id;
  }
  await admin('PUT', '/api/v1/local-areas/population', 'ons_code,year,children\nE09000931,2024,12345\n', 'text/csv');
  for (const [email, scope] of [[two, [areas.Northbridge, areas.Eastfield]], [one, [areas.Westmoor]]]) {
    const u = await admin('POST', '/api/v1/users', { email, role: 'partner', password: pass });
    await admin('PUT', `/api/v1/users/${u.id}/areas`, { local_areas: scope });
    users.push(u.id);
  }
});

after(async () => {
  await browser?.close();
  for (const id of users) await admin('POST', `/api/v1/users/${id}/disable`);
  for (const name of ['Eastfield', 'Westmoor']) if (areas[name]) await admin('DELETE', `/api/v1/local-areas/${areas[name]}`);
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
  assert.deepEqual(await sw.locator('option').allTextContents(), ['All my areas', 'Northbridge', 'Eastfield']);
  const all = await interventionTitles(page, () => page.getByRole('link', { name: 'Interventions' }).click());
  assert.equal(all.header, '', 'a request for all the user\'s areas names one');
  assert.ok(all.titles.length > 0, 'a partner of Northbridge sees no intervention');

  // Eastfield holds none of Northbridge's interventions; choosing Northbridge brings them back.
  // The screen in view is drawn again for the chosen area.
  const east = await interventionTitles(page, () => sw.selectOption({ label: 'Eastfield' }));
  assert.equal(east.header, String(areas.Eastfield));
  assert.deepEqual(east.titles, []);
  await page.getByText('No interventions match.').waitFor();
  const north = await interventionTitles(page, () => sw.selectOption({ label: 'Northbridge' }));
  assert.equal(north.header, String(areas.Northbridge));
  assert.deepEqual(north.titles, all.titles);

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
  const page = await signInAs(browser, one, pass);
  await page.getByRole('link', { name: 'Interventions' }).click();
  await page.locator('#ivlist table, #ivlist p:not(.muted)').first().waitFor();
  assert.equal(await page.locator('#area-switch').count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Local areas' }).count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a screen of the whole deployment tells why it is refused when one area is chosen', async () => {
  const page = await signIn(browser, 'analyst');
  const sw = page.getByLabel('Area', { exact: true });
  assert.deepEqual(await sw.locator('option').allTextContents(), ['All my areas', 'Northbridge', 'Eastfield', 'Westmoor']);
  await page.locator('#map[data-loaded]').waitFor({ timeout: 30000 });
  await sw.selectOption({ label: 'Westmoor' });
  // Where the map would be, and in the filters' status line.
  await page.locator('#refused').getByText('whole deployment only').waitFor({ timeout: 30000 });
  assert.match(await page.locator('#refused').textContent(), /choose "All my areas"/);
  assert.match(await page.locator('#status').textContent(), /whole deployment only.*choose "All my areas"/s);
  assert.deepEqual(await axeViolations(page, [['.maplibregl-canvas-container'], ['.maplibregl-ctrl-attrib']]), [], 'a map refused for one area');
  await shot(page, 'area-refused-map');
  await page.getByRole('link', { name: 'Analyses' }).click();
  await page.getByRole('alert').filter({ hasText: 'whole deployment only' }).waitFor();
  await page.getByText('choose "All my areas" in the header to see this screen').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'a screen refused for one area');
  await sw.selectOption({ label: 'All my areas' });
  await page.locator('#analyses table, #analyses p').first().waitFor();
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
  assert.deepEqual(api.areas.map((a) => a.name).sort(), ['Eastfield', 'Northbridge']);
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
  assert.equal(rows.Eastfield[2], '12,345 (2024)');
  assert.equal(rows.Northbridge[3], '—');
  assert.ok(api.suppression, 'a partner is shown the comparison without its disclosure rule');
  assert.ok((await page.locator('#la-definition').textContent()).includes(api.definition));
  assert.ok((await page.locator('#la-suppression').textContent()).includes(api.suppression));

  // Sorted by a column from the keyboard: its header says so.
  const sortBy = page.getByRole('button', { name: 'Local area' });
  await sortBy.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('th[aria-sort="descending"]').textContent(), 'Local area');
  assert.deepEqual(await table.locator('tbody th').allTextContents(), ['Northbridge', 'Eastfield']);
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
