import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openInspection, shot, axeViolations } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a JTAI lead records the letter\'s findings and answers one with an action', async () => {
  const page = await openInspection(browser);
  await page.getByRole('link', { name: 'Findings', exact: true }).click();
  const summary = page.locator('#findings-summary');
  await summary.waitFor();
  const before = await summary.textContent();

  const add = page.locator('#newfinding');
  await add.getByLabel('Kind').selectOption('area_for_improvement');
  await add.getByLabel('Finding, as the letter words it').fill('Return home interviews do not reach schools quickly enough.');
  await add.getByLabel('Lines of enquiry it speaks to').selectOption({ index: 0 });
  await add.getByRole('button', { name: 'Add the finding' }).click();
  const card = page.locator('article.finding', { hasText: 'Return home interviews do not reach schools quickly enough.' });
  await card.waitFor();
  assert.notEqual(await summary.textContent(), before, 'the summary counts the new finding');
  assert.match(await summary.textContent(), /1 area for improvement|[0-9]+ areas for improvement/);
  assert.ok(await page.locator('section', { has: page.getByRole('heading', { name: 'Area for improvement' }) }).locator('article.finding', { hasText: 'Return home interviews' }).isVisible(),
    'the finding is listed under its kind');
  assert.ok(await card.getByText('No action in the plan answers this finding yet.').isVisible());

  await card.getByText('Add an action for this finding').click();
  await card.getByLabel('Action').fill('Share return home interviews with schools within 72 hours');
  await card.getByLabel('Due').fill('2030-03-31');
  await card.getByRole('button', { name: 'Add the action' }).click();
  const answered = page.locator('article.finding', { hasText: 'Return home interviews do not reach schools quickly enough.' });
  await answered.getByText('Share return home interviews with schools within 72 hours').waitFor();
  assert.match(await answered.locator('tbody tr').first().textContent(), /the letter/, 'the action is from the letter');
  assert.deepEqual(await axeViolations(page), [], 'findings');
  await shot(page, 'jtai-findings', true);
  assert.deepEqual(page.errors, []);
  await page.close();
});
