import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, axeViolations, base } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// WCAG 2.1 AA checks by axe-core on every main screen. The map canvas itself is excluded (its
// content is offered as the sortable table, which is checked).
test('the main screens have no serious accessibility violations', async () => {
  const page = await signIn(browser, 'analyst');
  await page.locator('#map[data-loaded]').waitFor({ timeout: 30000 });
  assert.deepEqual(await axeViolations(page, [['.maplibregl-canvas-container'], ['.maplibregl-ctrl-attrib']]), [], 'map screen');
  await page.getByRole('button', { name: 'Table' }).click();
  assert.deepEqual(await axeViolations(page, [['.maplibregl-canvas-container'], ['.maplibregl-ctrl-attrib']]), [], 'table view');
  await page.getByRole('link', { name: 'Interventions' }).click();
  await page.locator('#ivlist table').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'interventions list');
  await page.getByRole('link', { name: 'Inspection' }).click();
  await page.locator('#annexa table').first().waitFor();
  assert.deepEqual(await axeViolations(page), [], 'inspection');
  await page.close();
});

test('sign-in works from the keyboard alone', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  await page.getByLabel('Email').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'sign-in page');
  // The check can fail: an image without a text alternative is caught.
  await page.evaluate(() => { const i = document.createElement('img'); i.id = 'bad'; i.src = '/none.png'; document.body.append(i); });
  assert.ok((await axeViolations(page)).some((v) => v.startsWith('image-alt')), 'axe did not catch an image without alt text');
  await page.evaluate(() => document.getElementById('bad').remove());
  await page.keyboard.type('analyst@northbridge.example');
  await page.keyboard.press('Tab');
  await page.keyboard.type('northbridge-demo');
  await page.keyboard.press('Enter');
  await page.getByText('analyst@northbridge.example').waitFor();
  await page.close();
});
