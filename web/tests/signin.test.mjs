import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, base } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// scripts/browser-test.sh configures an identity provider named "Northbridge Council" (never
// contacted: the button only links to the service's own route that starts the flow).
test('the sign-in page offers the identity provider beside the password form', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/');
  const link = page.getByRole('link', { name: 'Sign in with Northbridge Council' });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), '/api/v1/auth/oidc/login');
  await page.getByLabel('Email').waitFor();
  await page.close();
});

// The Content-Security-Policy allows only the service itself: the dashboard must still work
// under it, with no violation reported by the browser.
test('the map screen runs under the Content-Security-Policy without violations', async () => {
  const violations = [];
  const signedIn = await signIn(browser, 'analyst');
  signedIn.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  await signedIn.reload();
  await signedIn.locator('#map[data-loaded]').waitFor({ timeout: 30000 });
  const csp = (await signedIn.request.get(base + '/')).headers()['content-security-policy'];
  assert.match(csp, /frame-ancestors 'none'/);
  assert.deepEqual(violations, []);
  assert.deepEqual(signedIn.errors, []);
  await signedIn.close();
});
