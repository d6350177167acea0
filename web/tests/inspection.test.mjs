import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, shot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the JTAI lead sees the timetable, Annex A progress and gaps, and uploads evidence', async () => {
  const page = await signIn(browser, 'analyst');
  await page.getByRole('link', { name: 'Inspection' }).click();
  await page.getByRole('heading', { name: 'Timetable' }).waitFor();
  await page.locator('.timeline li.today').waitFor();
  assert.ok(await page.locator('.timeline li').count() >= 8, 'the timetable lists its milestones');
  await page.locator('#annexa table').first().waitFor();
  assert.ok(await page.getByRole('progressbar').count() >= 3, 'progress by agency');
  await page.locator('#gaps p').first().waitFor();
  const gapsBefore = await page.locator('#gaps li').count();
  assert.ok(gapsBefore > 0, 'a new inspection has gaps');
  await page.getByLabel('Title').fill('Places and spaces problem profile');
  await page.getByLabel('Lines of enquiry').selectOption({ index: 0 });
  await page.getByLabel(/^File/).setInputFiles({ name: 'profile.csv', mimeType: 'text/csv', buffer: Buffer.from('place,incidents\nAshdown Park,161\n') });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.locator('#evlist', { hasText: 'Places and spaces problem profile' }).waitFor();
  await shot(page, 'inspection', true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the JTAI lead builds and downloads the evidence pack', async () => {
  const page = await signIn(browser, 'analyst');
  await page.getByRole('link', { name: 'Inspection' }).click();
  await page.getByRole('button', { name: 'Build evidence pack' }).click();
  const link = page.locator('#packlink');
  await link.waitFor({ timeout: 90000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const zip = readFileSync(path);
  assert.ok(zip.length > 10000, `the pack is only ${zip.length} bytes`);
  assert.equal(zip.subarray(0, 2).toString(), 'PK', 'the download is not a ZIP');
  assert.ok(zip.includes(Buffer.from('manifest.json')) && zip.includes(Buffer.from('report.html')) && zip.includes(Buffer.from('workbook.xlsx')),
    'the pack lacks its manifest, report or workbook');
  assert.match(download.suggestedFilename(), /^placesafe-evidence-pack-\d+-.*\.zip$/);
  await shot(page, 'evidence-pack');
  await page.close();
});
