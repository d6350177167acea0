import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { launch, openInspection, openScreen, signIn, shot, axeViolations } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the JTAI lead sees the timetable, Annex A progress and gaps, and uploads evidence', async () => {
  const page = await openInspection(browser);
  await page.locator('.timeline li.today').waitFor();
  assert.ok(await page.locator('.timeline li').count() >= 8, 'the timetable lists its milestones');
  await page.locator('#annexa table').first().waitFor();
  assert.ok(await page.getByRole('progressbar').count() >= 3, 'progress by agency');
  await page.locator('#gaps p').first().waitFor();
  const gapsBefore = await page.locator('#gaps li').count();
  assert.ok(gapsBefore > 0, 'a new inspection has gaps');
  // Evidence on the first line that is a gap.
  const gapLine = await page.locator('#gaps li').first().getAttribute('data-line');
  const gapTitle = (await page.locator('#gaps li strong').first().textContent()).trim();
  await page.getByLabel('Title').fill('Places and spaces problem profile');
  await page.getByLabel('Lines of enquiry').selectOption({ label: gapTitle });
  await page.getByLabel(/^File/).setInputFiles({ name: 'profile.csv', mimeType: 'text/csv', buffer: Buffer.from('place,incidents\nAshdown Park,161\n') });
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.locator('#evlist', { hasText: 'Places and spaces problem profile' }).waitFor();
  await page.locator(`#gaps li[data-line="${gapLine}"]`, { hasText: '1 draft' }).waitFor();

  // A milestone marked done: the timetable shows its date.
  const milestone = page.locator('.timeline form[data-milestone]').first();
  const key = await milestone.getAttribute('data-milestone');
  await milestone.getByRole('button', { name: 'Mark done' }).click();
  await page.locator(`.timeline li[data-key="${key}"]`, { hasText: /done \d{4}-\d{2}-\d{2}/ }).waitFor();

  // The JTAI lead marks an Annex A item submitted with the document linked, and moves its due
  // date: the progress changes.
  const submitted = async () => Number((await page.locator('#annexa > p').first().textContent()).match(/^(\d+) of/)[1]);
  await page.locator('#annexa > p', { hasText: /^\d+ of/ }).first().waitFor();
  const before = await submitted();
  await page.locator('#annexa summary').click();
  const edit = page.locator('#annexa [data-edit]').first();
  await edit.click();
  const form = page.locator('#annexa form[data-key]').first();
  const item = await form.getAttribute('data-key');
  await form.getByLabel('Status').selectOption('submitted');
  if (await form.getByLabel('Due').count()) await form.getByLabel('Due').fill('2030-01-31');
  await form.getByLabel('Linked evidence').selectOption({ label: 'Places and spaces problem profile' });
  await form.getByRole('button', { name: 'Save' }).click();
  await page.waitForFunction((b) => Number((document.querySelector('#annexa > p')?.textContent.match(/^(\d+) of/) || [])[1]) === b + 1, before);
  const links = await page.evaluate(async (k) => {
    const id = location.hash.split('/')[2] || (await (await fetch('/api/v1/inspections')).json()).inspections[0].id;
    return (await (await fetch(`/api/v1/inspections/${id}/annex-a`)).json()).items.find((i) => i.key === k).evidence_ids;
  }, item);
  assert.equal(links.length, 1, 'the document is not linked to the Annex A item');

  // Quality assurance, then approval: the line's gap closes.
  const gapsBefore2 = await page.locator('#gaps li').count();
  const qa = page.getByLabel('Quality of Places and spaces problem profile', { exact: true });
  await qa.selectOption('quality_assured');
  await page.getByRole('button', { name: 'Save the quality of Places and spaces problem profile' }).click();
  await page.locator('#gaps li[data-line="' + gapLine + '"]', { hasText: /1 quality.assured/i }).waitFor();
  await page.getByLabel('Quality of Places and spaces problem profile', { exact: true }).selectOption('approved');
  await page.getByRole('button', { name: 'Save the quality of Places and spaces problem profile' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('#gaps li').length === n - 1, gapsBefore2);
  assert.equal(await page.locator(`#gaps li[data-line="${gapLine}"]`).count(), 0, 'the approved line is still a gap');
  assert.deepEqual(await axeViolations(page), [], 'inspection overview with its editing forms');
  await shot(page, 'inspection', true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the JTAI lead builds and downloads the evidence pack', async () => {
  const page = await openScreen(browser, 'analyst', 'Inspection');
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

  // report.html copied on its own into an empty folder (as an inspector gets it by e-mail)
  // opens with every picture.
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(tmpdir() + '/report-');
  writeFileSync(dir + '/report.html', unzipEntry(zip, 'report.html'));
  const report = await browser.newPage();
  await report.goto('file://' + dir + '/report.html');
  const images = await report.evaluate(() => [...document.images].map((i) => ({ src: i.src.slice(0, 30), ok: i.complete && i.naturalWidth > 0 })));
  assert.ok(images.length >= 2, `only ${images.length} images in report.html`);
  for (const i of images) assert.ok(i.ok, `an image of report.html does not open on its own: ${i.src}`);
  await shot(report, 'report-alone', true);
  await report.close();

  // The JTAI lead builds the copy for the inspectors, recorded with whom it is shared.
  await page.getByLabel('Shared with').fill('Ofsted lead inspector');
  await page.getByRole('button', { name: "Build the inspectors' copy" }).click();
  await page.locator('#packstatus', { hasText: 'Building' }).waitFor();
  await page.locator('#packlink').waitFor({ timeout: 90000 });
  const admin = await signIn(browser, 'admin');
  const audit = await admin.evaluate(async () => (await (await fetch('/api/v1/audit?action=export.evidence_pack.share')).json()));
  assert.ok(JSON.stringify(audit).includes('Ofsted lead inspector'), 'the share is not in the audit log');
  await admin.close();
  await page.close();
});

// unzipEntry reads one file of a ZIP archive (stored or deflated) from its central directory.
function unzipEntry(zip, name) {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  let p = zip.readUInt32LE(end + 16);
  for (let i = 0, n = zip.readUInt16LE(end + 10); i < n; i++) {
    const method = zip.readUInt16LE(p + 10), size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28), extra = zip.readUInt16LE(p + 30), comment = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    if (zip.toString('utf8', p + 46, p + 46 + nameLen) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return method === 8 ? inflateRawSync(data) : data;
    }
    p += 46 + nameLen + extra + comment;
  }
  throw new Error(`${name} is not in the archive`);
}
