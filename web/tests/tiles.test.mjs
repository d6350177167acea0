import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, shot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// adminAPI sends a request to the API as the signed-in admin of page and returns its JSON.
async function adminAPI(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const csrf = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('placesafe_csrf='))?.split('=')[1] || '');
    const res = await fetch(path, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: body && JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  }, { method, path, body });
}

test('over a large study area at resolution 10 the map draws hot spots from vector tiles', async () => {
  const admin = await signIn(browser, 'admin');
  const original = await admin.evaluate(async () => (await fetch('/api/v1/study-area')).json());
  // A local area of about 27 km by 27 km beside the borough makes a study area of some 48,000
  // cells at resolution 10 (records and places stay where they are: it holds none).
  const g = original.geometry;
  const points = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);
  const east = Math.max(...points.map((p) => p[0])), cy = points.reduce((s, p) => s + p[1], 0) / points.length;
  const box = { type: 'Polygon', coordinates: [[[east + 0.01, cy - 0.12], [east + 0.4, cy - 0.12], [east + 0.4, cy + 0.12], [east + 0.01, cy + 0.12], [east + 0.01, cy - 0.12]]] };
  const large = await adminAPI(admin, 'POST', '/api/v1/local-areas', { name: 'Large test area', boundary: box });
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
    await adminAPI(admin, 'DELETE', `/api/v1/local-areas/${large.id}`);
    await admin.close();
  }
});
