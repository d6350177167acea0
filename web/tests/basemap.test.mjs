import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { launch, mapLoaded, signIn, shot, axeViolations } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The City of London, which the sample basemap file (scripts/browser-test.sh) covers.
const city = { center: [-0.0925, 51.5155], zoom: 14 };

async function idle(page) {
  await page.evaluate(() => new Promise((r) => { const m = window.__placesafeMap; if (m.loaded() && m.areTilesLoaded()) r(); else m.once('idle', r); }));
}

test('the map draws the basemap file the service serves, with no request beyond it', async () => {
  const page = await signIn(browser, 'analyst');
  const tiles = [];
  const elsewhere = [];
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/basemap/') && /^\/basemap\/\d+\/\d+\/\d+$/.test(u.pathname)) tiles.push({ path: u.pathname, status: r.status(), type: r.headers()['content-type'] });
  });
  page.on('request', (r) => { if (!r.url().startsWith(new URL(page.url()).origin) && !/^(data|blob):/.test(r.url())) elsewhere.push(r.url()); });
  await mapLoaded(page);
  await page.locator('.place-label').first().waitFor({ state: 'attached' }); // the map has fitted the borough
  await idle(page);
  const style = await page.evaluate(() => window.__placesafeMap.getStyle());
  assert.equal(style.sources.basemap?.type, 'vector', 'the style has the basemap file as a vector source');
  assert.ok(style.layers.some((l) => l.id === 'basemap-roads-major' && l.source === 'basemap'), 'the bundled style draws roads');
  assert.ok(!style.layers.some((l) => l.type === 'symbol'), 'no text layers: there are no glyphs');

  await page.evaluate((c) => window.__placesafeMap.jumpTo(c), city);
  await idle(page);
  await page.waitForFunction(() => window.__placesafeMap.querySourceFeatures('basemap', { sourceLayer: 'landuse' }).length > 0, null, { timeout: 20000 });
  const ok = tiles.filter((t) => t.status === 200);
  assert.ok(ok.length >= 2, `the map fetched basemap tiles: ${JSON.stringify(tiles)}`);
  assert.ok(ok.every((t) => t.type === 'application/vnd.mapbox-vector-tile' && t.path.startsWith('/basemap/14/')), JSON.stringify(ok));
  const drawn = await page.evaluate(() => ({
    roads: window.__placesafeMap.queryRenderedFeatures({ layers: ['basemap-roads-major'] }).length,
    parks: window.__placesafeMap.queryRenderedFeatures({ layers: ['basemap-green'] }).length,
  }));
  assert.ok(drawn.roads > 0 && drawn.parks > 0, `drawn basemap features ${JSON.stringify(drawn)}`);
  assert.deepEqual(elsewhere, [], 'nothing was fetched from another host');
  await shot(page, 'basemap-city-of-london');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('place names are labels at a readable zoom, never on top of each other, and pass axe', async () => {
  const page = await signIn(browser, 'analyst');
  await mapLoaded(page);
  await page.locator('.place-label').first().waitFor({ state: 'attached' });
  await idle(page);
  const names = await page.evaluate(() => window.__placesafeMap.getSource('places').serialize().data.features.map((f) => f.properties.name));
  const labels = await page.locator('.place-label').allTextContents();
  assert.deepEqual([...labels].sort(), names.filter(Boolean).sort(), 'one label for each place of the register');

  const visible = () => page.evaluate(() => [...document.querySelectorAll('.place-label')].filter((e) => e.style.visibility !== 'hidden').map((e) => {
    const r = e.getBoundingClientRect();
    return { text: e.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  }));
  await page.evaluate(() => window.__placesafeMap.jumpTo({ zoom: 9 }));
  await page.waitForFunction(() => [...document.querySelectorAll('.place-label')].every((e) => e.style.visibility === 'hidden'));
  // Zoomed in on the first place with a polygon, its name shows.
  const target = await page.evaluate(() => {
    const f = window.__placesafeMap.getSource('places').serialize().data.features.find((x) => x.geometry?.type === 'Polygon' && x.properties.name);
    return { name: f.properties.name, at: f.geometry.coordinates[0][0] };
  });
  await page.evaluate((at) => window.__placesafeMap.jumpTo({ center: at, zoom: 15 }), target.at);
  await page.waitForFunction((name) => [...document.querySelectorAll('.place-label')].some((e) => e.textContent === name && e.style.visibility !== 'hidden'), target.name);
  await page.evaluate(() => window.__placesafeMap.jumpTo({ zoom: 12.5 }));
  await idle(page);
  const shown = await visible();
  assert.ok(shown.length > 0, 'labels show at zoom 12.5');
  for (const [i, a] of shown.entries()) for (const b of shown.slice(i + 1)) {
    assert.ok(!(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom), `${a.text} overlaps ${b.text}`);
  }
  const scale = await page.locator('.maplibregl-ctrl-scale').textContent();
  assert.match(scale, /^\d+\s?(m|km)$/, 'a metric scale bar');
  // The labels are checked too: only the canvas and the attribution are left out.
  assert.deepEqual(await axeViolations(page, [['.maplibregl-canvas'], ['.maplibregl-ctrl-attrib']]), [], 'map with labels');
  await shot(page, 'map-place-labels');
  // Unticking the places layer hides the names with it.
  await page.locator('input[name="showPlaces"]').uncheck();
  await page.locator('#apply').click();
  await page.waitForFunction(() => [...document.querySelectorAll('.place-label')].every((e) => e.style.visibility === 'hidden'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

// readXLSX returns the first sheet's rows, each cell as its text (python's standard zipfile).
function readXLSX(path) {
  const py = `
import json, sys, zipfile, xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
shared = [''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])) for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns)] if 'xl/sharedStrings.xml' in z.namelist() else []
rows = []
for row in ET.fromstring(z.read('xl/worksheets/sheet1.xml')).iter('{%s}row' % ns['m']):
    cells = []
    for c in row.findall('m:c', ns):
        v = c.find('m:v', ns); t = c.get('t')
        is_ = c.find('m:is', ns)
        cells.append({'ref': c.get('r'), 'type': t or 'n', 'text': shared[int(v.text)] if t == 's' else (''.join(x.text or '' for x in is_.iter('{%s}t' % ns['m'])) if is_ is not None else (v.text if v is not None else ''))})
    rows.append(cells)
print(json.dumps(rows))
`;
  return JSON.parse(execFileSync('python3', ['-c', py, path], { encoding: 'utf8' }));
}

// exportXLSX downloads the layer's table as a workbook and checks it against the table the
// page shows: the header row, one row per cell, each count as shown (a number, or the text of
// a protected count). It returns how many counts were numbers and how many text.
async function exportXLSX(page) {
  await mapLoaded(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export XLSX' }).click()]);
  assert.match(download.suggestedFilename(), /^placesafe-table-.*\.xlsx$/);
  const rows = readXLSX(await download.path());
  const header = rows[1].map((c) => c.text);
  assert.deepEqual(header.slice(0, 2), ['Cell', 'Incidents'], `header row ${header}`);
  assert.equal(rows.length - 2, await page.evaluate(() => window.__placesafeCells.length), 'one row per cell of the layer');
  await page.getByRole('button', { name: 'Table' }).click();
  const seen = { numbers: 0, text: 0 };
  for (const r of rows.slice(2, 40)) {
    const shown = (await page.locator(`#table tr[data-key="${r[0].text}"] td`).nth(1).textContent()).trim();
    const c = r[1];
    if (c.type === 'n') { seen.numbers++; assert.equal(Number(c.text).toLocaleString('en-GB'), shown, `cell ${r[0].text}`); }
    else { seen.text++; assert.equal(c.text, shown, `cell ${r[0].text}`); }
  }
  await shot(page, 'table-before-xlsx');
  return seen;
}

test('the table downloads as an XLSX workbook with the counts the table shows, and is audit-logged', async () => {
  const analyst = await signIn(browser, 'analyst');
  const a = await exportXLSX(analyst);
  assert.ok(a.numbers > 0 && a.text === 0, `an analyst's counts are numbers: ${JSON.stringify(a)}`);
  await analyst.close();
  // A VRP lead, like a partner, is shown protected counts.
  const lead = await signIn(browser, 'vrp');
  await lead.getByRole('link', { name: 'Map' }).click(); // a VRP lead starts at the review queue
  const p = await exportXLSX(lead);
  assert.ok(p.text > 0, `a VRP lead's protected counts stay text: ${JSON.stringify(p)}`);
  const rows = await lead.evaluate(() => window.__placesafeCells.length);
  await lead.close();
  // Both exports are in the audit log, as CSV exports are.
  const admin = await signIn(browser, 'admin');
  const log = await admin.evaluate(async () => (await (await fetch('/api/v1/audit?action=map.export&limit=50')).json()).entries);
  const xlsx = log.filter((e) => e.params.kind === 'table_xlsx');
  assert.deepEqual(xlsx.map((e) => e.user_email).sort(), ['analyst@northbridge.example', 'vrp@northbridge.example'], JSON.stringify(xlsx));
  assert.equal(xlsx.find((e) => e.user_email.startsWith('vrp@')).row_count, rows, 'the row count logged is the table\'s');
  await admin.close();
});
