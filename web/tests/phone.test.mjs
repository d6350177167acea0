import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, shot, axeViolations, overflow } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const phone = { width: 390, height: 844 };
const mapOnly = [['.maplibregl-canvas-container'], ['.maplibregl-ctrl-attrib']];

test('on a phone the map fills the width, the filters open as a drawer, and nothing is wider than the screen', async () => {
  const page = await signIn(browser, 'analyst');
  await page.setViewportSize(phone);
  await page.reload();
  await page.locator('#map[data-loaded]').waitFor({ timeout: 30000 });
  const width = await page.evaluate(() => document.querySelector('#map canvas').getBoundingClientRect().width);
  assert.ok(width >= 300, `the map canvas is ${width} px wide`);
  assert.deepEqual(await overflow(page), { excess: 0, worst: null }, 'map screen');
  assert.equal(await page.locator('#filters').isVisible(), false, 'the filters take the screen before they are asked for');
  await shot(page, 'phone-map');
  const toggle = page.getByRole('button', { name: 'Filters' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.getByLabel('Colour cells by').waitFor();
  assert.deepEqual(await overflow(page), { excess: 0, worst: null }, 'map screen with the filters open');
  assert.deepEqual(await axeViolations(page, mapOnly), [], 'phone map with the filters open');
  await shot(page, 'phone-filters');
  await page.getByRole('button', { name: 'Table' }).click();
  assert.deepEqual(await overflow(page), { excess: 0, worst: null }, 'table view');
  await shot(page, 'phone-table');
  for (const [link, ready, name] of [['Interventions', '#ivlist table', 'interventions'], ['Analyses', '#analyses', 'analyses'], ['Inspection', '#annexa table', 'inspection']]) {
    await page.getByRole('link', { name: link }).click();
    await page.locator(ready).first().waitFor();
    assert.deepEqual(await overflow(page), { excess: 0, worst: null }, name);
    await shot(page, `phone-${name}`, true);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('on a phone the VRP lead reads the review queue without scrolling sideways', async () => {
  const page = await signIn(browser, 'vrp');
  await page.setViewportSize(phone);
  await page.getByRole('heading', { name: 'Review queue' }).waitFor();
  await page.locator('#queue table, #queue p').first().waitFor();
  assert.deepEqual(await overflow(page), { excess: 0, worst: null }, 'review queue');
  await shot(page, 'phone-review-queue', true);
  await page.close();
});
