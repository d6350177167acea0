import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openScreen, signIn, shot, axeViolations } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the VRP lead lands on the review queue, reads the verdict, then approves', async () => {
  const page = await signIn(browser, 'vrp');
  await page.getByRole('heading', { name: 'Review queue' }).waitFor();
  const first = page.locator('#queue-table tbody tr').first();
  await first.waitFor();
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-verdict]')].some((c) => c.textContent.includes('Loading')));
  const verdict = (await first.locator('td').nth(3).textContent()).trim();
  assert.ok(verdict.length > 20, `no verdict in the queue: "${verdict}"`);
  // Oldest first.
  const dates = await page.locator('#queue-table tbody tr td:nth-child(2)').allTextContents();
  assert.deepEqual(dates, [...dates].sort());
  assert.deepEqual(await axeViolations(page), [], 'review queue');
  await shot(page, 'review-queue');
  const link = first.getByRole('link');
  const title = await link.textContent();
  await link.click();
  await page.getByRole('heading', { name: title }).waitFor();
  const statement = page.locator('#evaluation .statement');
  await statement.waitFor();
  assert.ok(verdict.includes((await statement.textContent()).trim()), 'the queue and the page disagree on the verdict');
  const order = await page.evaluate(() => !!(document.querySelector('#evaluation .statement').compareDocumentPosition(document.querySelector('#approve')) & Node.DOCUMENT_POSITION_FOLLOWING));
  assert.ok(order, 'the approve button comes before the verdict');
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.locator('#review-badge', { hasText: /approved/i }).waitFor();
  await page.getByRole('link', { name: 'Review queue' }).click();
  await page.locator('#queue').waitFor();
  await page.waitForFunction((t) => !document.querySelector('#queue')?.textContent.includes(t) && !document.querySelector('#queue')?.textContent.includes('Loading…'), title);
  assert.deepEqual(page.errors, []);
  await page.close();
});

// ashdownEvaluation signs in as role and opens the Ashdown Park intervention once its
// evaluation's statement shows.
async function ashdownEvaluation(role) {
  const page = await openScreen(browser, role, 'Interventions');
  await page.getByRole('link', { name: /Ashdown Park/ }).click();
  const statement = page.locator('#evaluation .statement');
  await statement.waitFor();
  return { page, statement };
}

test('an intervention page shows its evaluation with a plain statement and chart', async () => {
  const { page, statement } = await ashdownEvaluation('analyst');
  assert.match(await statement.textContent(), /fell by about/);
  // The page shows the API's one verdict, word for word.
  const id = page.url().split('/').pop();
  const verdict = await page.evaluate(async (i) => (await (await fetch(`/api/v1/interventions/${i}/evaluation`)).json()).evaluation.verdict, id);
  assert.equal((await statement.textContent()).trim(), verdict.headline);
  for (const k of ['effect', 'buffer', 'net', 'design']) {
    assert.ok((await page.locator('#evaluation ul.verdict').textContent()).includes(verdict[k].sentence), `the page lacks the verdict's ${k}`);
  }
  await page.locator('#evaluation img[src$="evaluation.svg"]').waitFor();
  await shot(page, 'evaluation', true);
  await page.close();
});

test('a partner reads an evaluation built from protected counts', async () => {
  const { page } = await ashdownEvaluation('partner');
  const text = await page.locator('#evaluation').textContent();
  assert.match(text, /≈|–/, 'no rounded or range count on a partner\'s evaluation');
  // A whole number of 1 to 4 things; "166.4 incidents" is a statistic (a net effect), not a count.
  assert.doesNotMatch(text, /(?<![\d.,])[1-4] (incidents?|events?|sessions?)\b/, 'a count of 1 to 4 on a partner\'s evaluation');
  await shot(page, 'partner-evaluation', true);
  assert.deepEqual(page.errors, []);
  await page.close();
});
