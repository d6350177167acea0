// Shared by the browser tests: a headless Debian chromium, signing in as a demo role, and
// screenshots for a reviewer.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

export const base = process.env.PLACESAFE_URL;
if (!base) throw new Error('PLACESAFE_URL is not set: run the browser tests with scripts/browser-test.sh');
export const password = 'northbridge-demo';
const shots = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(shots, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    // As root in a sandboxless container; no network beyond the service; WebGL in software.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}

export async function signIn(browser, role) {
  return signInAs(browser, `${role}@northbridge.example`, password);
}

// signInAs signs an account in by its e-mail and password.
export async function signInAs(browser, email, pass) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.errors = errors;
  await page.goto(base + '/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(pass);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(email).waitFor();
  return page;
}

export async function shot(page, name, fullPage = false) {
  await page.screenshot({ path: shots + name + '.png', fullPage });
}

// openScreen signs in as role and follows the navigation link to a screen.
export async function openScreen(browser, role, link) {
  const page = await signIn(browser, role);
  await page.getByRole('link', { name: link }).click();
  return page;
}

// openInspection signs the JTAI lead (an analyst) in on the notified inspection's overview.
export async function openInspection(browser) {
  const page = await openScreen(browser, 'analyst', 'Inspection');
  await page.getByRole('heading', { name: 'Timetable' }).waitFor();
  return page;
}

// mapLoaded waits for the map's layer and returns the URL it was loaded from.
export async function mapLoaded(page) {
  await page.locator('#map[data-loaded]').waitFor({ timeout: 30000 });
  return page.locator('#map').getAttribute('data-loaded');
}

// mapFeatures returns the properties of the cells the map's source holds.
export async function mapCells(page) {
  return page.evaluate(() => window.__placesafeCells || []);
}

// overflow is how far the page is wider than the viewport, and the widest offending element
// (a wide table scrolling in its own box does not count).
export async function overflow(page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    let worst = null;
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > vw + 1 && !el.closest('.scrollx, .tablewrap, table')) {
        if (!worst || r.right > worst.right) worst = { right: Math.round(r.right), what: el.tagName + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') };
      }
    }
    return { excess: document.documentElement.scrollWidth - vw, worst };
  });
}

// axeViolations runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and returns the
// serious and critical violations, each as "rule: first offending element".
import { createRequire } from 'node:module';
const axeSource = (await import('node:fs')).readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export async function axeViolations(page, exclude = []) {
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(axeSource); // evaluate: the page's CSP rightly refuses inline scripts
  const res = await page.evaluate(async (ex) => window.axe.run({ exclude: ex }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }), exclude);
  return res.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')} (${v.nodes.length})`);
}
