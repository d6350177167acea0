import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openInspection, openScreen, shot, axeViolations } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function readiness(page) {
  await page.getByRole('link', { name: 'Readiness' }).click();
  await page.locator('#byagency').waitFor();
  return {
    percent: Number((await page.locator('#readiness-percent').textContent()).replace('%', '')),
    police: (await page.locator('#byagency tr[data-agency="police"] td.audit').textContent()).trim(),
  };
}

test('a JTAI lead records a meeting with decisions and actions, completes an audit, and sees readiness change', async () => {
  const page = await openScreen(browser, 'analyst', 'Inspection');
  const eastmere = await page.locator('#inspsel option', { hasText: 'Eastmere' }).getAttribute('value');
  await page.getByLabel('Inspection record').selectOption(eastmere);
  await page.getByText('no notification yet').waitFor();

  const first = await readiness(page);
  assert.equal(first.police, '1 of 2', 'the demo leaves one police grading to do');
  assert.deepEqual(await axeViolations(page), [], 'readiness');
  await shot(page, 'preparation-readiness', true);

  // A preparation group meeting with two decisions and an action for the plan.
  await page.getByRole('link', { name: 'Meetings' }).click();
  await page.getByLabel('Title').fill('JTAI preparation group: spring');
  await page.getByLabel('Police', { exact: true }).check();
  await page.getByLabel('Education', { exact: true }).check();
  await page.getByLabel('Decisions (one a line)').fill('Refresh the problem profile\nBrief school leaders before the summer term');
  await page.getByLabel('Action 1', { exact: true }).fill('Brief school leaders on the JTAI');
  await page.getByLabel('Owner of action 1').selectOption('education');
  await page.getByLabel('Action 1 due').fill('2030-06-28');
  await page.getByRole('button', { name: 'Record meeting' }).click();
  const meeting = page.locator('article.meeting', { hasText: 'JTAI preparation group: spring' });
  await meeting.waitFor();
  assert.equal(await meeting.locator('ol.decisions li').count(), 2, 'both decisions are recorded');
  assert.ok(await meeting.getByText('Brief school leaders on the JTAI').isVisible(), 'the action is shown with the meeting');
  assert.deepEqual(await axeViolations(page), [], 'meetings');
  await shot(page, 'preparation-meetings', true);

  await page.getByRole('link', { name: 'Action plan' }).click();
  const row = page.locator('#actions tr', { hasText: 'Brief school leaders on the JTAI' });
  await row.waitFor();
  assert.match(await row.textContent(), /a meeting/, 'the action plan says the action came from a meeting');

  // The remaining police grading of the audit round.
  await page.getByRole('link', { name: 'Case sample and audits' }).click();
  const grading = page.locator('form[data-grading="NB-CSC-004378/police"]');
  await grading.getByLabel('Grade').selectOption('good');
  await grading.getByLabel('Learning').fill('Intelligence from the school reached the strategy meeting.');
  await grading.getByRole('button', { name: 'Save grading' }).click();
  await grading.waitFor({ state: 'detached' });
  assert.equal((await page.locator('.roundcount').first().textContent()).trim(), '4 of 4');
  assert.deepEqual(await axeViolations(page), [], 'audits');
  await shot(page, 'preparation-audits', true);

  const second = await readiness(page);
  assert.equal(second.police, '2 of 2', 'the police audit is complete');
  assert.ok(second.percent > first.percent, `readiness ${second.percent}% after the audit, ${first.percent}% before`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('every JTAI tab opens for the JTAI lead on the notified inspection', async () => {
  const page = await openInspection(browser);
  for (const [tab, ready] of [['Self-assessment', 'details summary'], ['People', '#people'], ['Fieldwork', 'text=Fieldwork from'],
    ['Case sample and audits', '.roundcount'], ['Readiness', '#bystrand']]) {
    await page.getByRole('link', { name: tab, exact: true }).click();
    await page.locator(ready).first().waitFor();
    assert.deepEqual(await axeViolations(page), [], tab);
  }
  await shot(page, 'preparation-fieldwork', true);
  assert.deepEqual(page.errors, []);
  await page.close();
});
