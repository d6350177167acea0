import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, mapCells } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function loaded(page) {
  const url = await page.waitForFunction(() => document.querySelector('#map')?.dataset.loaded, null, { timeout: 30000 });
  return url.jsonValue();
}
const total = (cells) => cells.reduce((s, c) => s + (c.count || 0), 0);

test('the map states its age scope, and an analyst can widen it to all ages', async () => {
  const page = await signIn(browser, 'analyst');
  const first = await loaded(page);
  assert.match(first, /scope=syv/);
  assert.match(await page.locator('#scope-statement').textContent(), /children aged 10–17/);
  await page.getByLabel('Colour cells by').selectOption('count');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction((prev) => document.querySelector('#map').dataset.loaded !== prev, first);
  const children = total(await mapCells(page));
  const second = await page.locator('#map').getAttribute('data-loaded');
  await page.getByLabel('Ages').selectOption('all');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction((prev) => document.querySelector('#map').dataset.loaded !== prev, second);
  const all = total(await mapCells(page));
  assert.ok(children > 0 && children < all, `children ${children}, all ages ${all}`);
  assert.match(await page.locator('#scope-statement').textContent(), /all ages/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the last 6 months preset narrows the period to six whole months', async () => {
  const page = await signIn(browser, 'partner');
  const first = await loaded(page);
  await page.getByRole('button', { name: 'Last 6 months' }).click();
  await page.waitForFunction((prev) => document.querySelector('#map').dataset.loaded !== prev, first);
  const from = new Date(await page.locator('#from').inputValue());
  const to = new Date(await page.locator('#to').inputValue());
  const months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth() + 1;
  assert.equal(months, 6);
  assert.equal(from.getUTCDate(), 1);
  assert.ok(await page.getByLabel('Ages').isDisabled(), 'a partner cannot change the age scope');
  assert.match(await page.locator('#scope-statement').textContent(), /children aged 10–17/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
