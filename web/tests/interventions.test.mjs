import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, shot } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a VRP lead approves a submitted intervention', async () => {
  const page = await signIn(browser, 'vrp');
  await page.getByRole('link', { name: 'Interventions' }).click();
  await page.getByLabel('Review').selectOption('submitted');
  await page.getByRole('button', { name: 'Filter' }).click();
  const link = page.locator('#ivlist a').first();
  await link.waitFor();
  const title = await link.textContent();
  await link.click();
  await page.getByRole('heading', { name: title }).waitFor();
  await page.locator('#evaluation .statement, #evaluation p').first().waitFor();
  // The verdict comes first, then the figures, then the review actions they inform.
  const order = await page.evaluate(() => {
    const at = (sel) => document.querySelector(sel);
    const before = (a, b) => !!(a && b && (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING));
    const verdict = at('#evaluation .statement') || at('#evaluation p');
    return { verdictBeforeFigures: before(verdict, at('#evaluation table')) || !at('#evaluation table'), figuresBeforeReview: before(at('#evaluation'), at('#approve')) };
  });
  assert.deepEqual(order, { verdictBeforeFigures: true, figuresBeforeReview: true });
  await shot(page, 'intervention-page');
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.locator('#review-badge', { hasText: 'approved' }).waitFor();
  await shot(page, 'intervention-approved', true);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an intervention page shows its evaluation with a plain statement and chart', async () => {
  const page = await signIn(browser, 'analyst');
  await page.getByRole('link', { name: 'Interventions' }).click();
  await page.getByRole('link', { name: /Ashdown Park/ }).click();
  const statement = page.locator('#evaluation .statement');
  await statement.waitFor();
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
  const page = await signIn(browser, 'partner');
  await page.getByRole('link', { name: 'Interventions' }).click();
  await page.getByRole('link', { name: /Ashdown Park/ }).click();
  const statement = page.locator('#evaluation .statement');
  await statement.waitFor();
  const text = await page.locator('#evaluation').textContent();
  assert.match(text, /≈|–/, 'no rounded or range count on a partner\'s evaluation');
  // A whole number of 1 to 4 things; "166.4 incidents" is a statistic (a net effect), not a count.
  assert.doesNotMatch(text, /(?<![\d.,])[1-4] (incidents?|events?|sessions?)\b/, 'a count of 1 to 4 on a partner\'s evaluation');
  await shot(page, 'partner-evaluation', true);
  assert.deepEqual(page.errors, []);
  await page.close();
});
