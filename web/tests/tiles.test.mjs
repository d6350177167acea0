import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, shot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// setStudyArea replaces the study area as an admin (body: a GeoJSON geometry or feature) and
// returns the one it replaced.
async function setStudyArea(page, geojson, name) {
  return page.evaluate(async ({ geojson, name }) => {
    const csrf = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('placesafe_csrf='))?.split('=')[1] || '');
    const old = await (await fetch('/api/v1/study-area')).json();
    const res = await fetch('/api/v1/study-area?name=' + encodeURIComponent(name), { method: 'PUT', headers: { 'Content-Type': 'application/geo+json', 'X-CSRF-Token': csrf }, body: JSON.stringify(geojson) });
    if (!res.ok) throw new Error(`PUT study-area: ${res.status} ${await res.text()}`);
    return old;
  }, { geojson, name });
}

test('over a large study area at resolution 10 the map draws hot spots from vector tiles', async () => {
  const admin = await signIn(browser, 'admin');
  const original = await admin.evaluate(async () => (await fetch('/api/v1/study-area')).json());
  // A box of about 27 km by 27 km round the borough: some 48,000 cells at resolution 10.
  const ring = original.geometry.type === 'Polygon' ? original.geometry.coordinates[0] : original.geometry.coordinates[0][0];
  const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length, cy = ring.reduce((s, p) => s + p[1], 0) / ring.length;
  const box = { type: 'Polygon', coordinates: [[[cx - 0.2, cy - 0.12], [cx + 0.2, cy - 0.12], [cx + 0.2, cy + 0.12], [cx - 0.2, cy + 0.12], [cx - 0.2, cy - 0.12]]] };
  await setStudyArea(admin, box, 'Large test area');
  try {
    const page = await signIn(browser, 'analyst');
    const tiles = [];
    page.on('response', (r) => { if (r.url().includes('/api/v1/tiles/')) tiles.push({ status: r.status(), type: r.headers()['content-type'], url: r.url() }); });
    await page.locator('#map[data-loaded]').waitFor({ timeout: 60000 });
    await page.getByLabel('Resolution').selectOption('10');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('#map[data-tiles="true"]').waitFor({ timeout: 60000 });
    assert.match(await page.locator('#map').getAttribute('data-loaded'), /\/api\/v1\/tiles\/hotspots\/\{z\}\/\{x\}\/\{y\}\.mvt\?.*res=10/);
    // The tiles arrive and MapLibre renders their hexagons with the Gi* bins.
    await page.waitForFunction(() => window.__placesafeMap.areTilesLoaded() &&
      window.__placesafeMap.queryRenderedFeatures(undefined, { layers: ['cells-tiles-fill'] }).length > 500, null, { timeout: 120000, polling: 500 });
    const drawn = await page.evaluate(() => window.__placesafeMap.queryRenderedFeatures(undefined, { layers: ['cells-tiles-fill'] })
      .map((f) => ({ cell: f.properties.cell, bin: f.properties.gi_bin, res: parseInt(f.properties.cell[1], 16) })));
    assert.ok(drawn.every((f) => f.res === 10 && Number.isInteger(f.bin)), 'a drawn feature is not a resolution-10 cell with a Gi* bin');
    // The same bins as the GeoJSON API gives for the same parameters.
    const query = (await page.locator('#map').getAttribute('data-loaded')).split('?')[1];
    const api = await page.evaluate(async (q) => {
      const fc = await (await fetch('/api/v1/hotspots?' + q)).json();
      return Object.fromEntries(fc.features.map((f) => [f.properties.cell, f.properties.gi_bin]));
    }, query);
    for (const f of drawn) assert.equal(f.bin, api[f.cell], `cell ${f.cell}: tile bin ${f.bin}, API ${api[f.cell]}`);
    assert.ok(drawn.some((f) => f.bin > 0), 'no hot spot is drawn from the tiles');
    assert.ok(tiles.length > 0 && tiles.every((t) => t.status === 200 || t.status === 304), `tile responses: ${JSON.stringify(tiles.slice(0, 5))}`);
    assert.ok(tiles.some((t) => t.type === 'application/vnd.mapbox-vector-tile'), 'no tile came as a Mapbox Vector Tile');
    await page.getByText(/drawn as vector tiles/).waitFor();
    await shot(page, 'map-tiles-res10');
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await setStudyArea(admin, original, original.properties.name);
    await admin.close();
  }
});
