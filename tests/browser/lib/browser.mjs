// SPDX-License-Identifier: GPL-2.0-or-later
// browser.mjs - one Chromium for the run (Debian's /usr/bin/chromium driven
// by playwright-core, headless), a fresh context per test, and the page
// helpers every test uses: signing in, submitting a form and reading its
// POST's own status, posting forms with the page's cookies, and a guard
// that fails the test on any unexpected dialog (an alert() is an XSS that
// ran), script error or Content-Security-Policy violation.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { BASE } from './stack.mjs';
import { after, register, runAll } from './runner.mjs';

export const CHROMIUM = process.env.MPSK_CHROMIUM || '/usr/bin/chromium';
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

let browser;

async function launch() {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM} (apt-get install chromium)`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Chromium refuses its sandbox to root (CI runs as root).
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

/** What the pages of one test did that they must not: dialogs nobody
 * expected, uncaught script errors, CSP violations. */
class Guard {
  constructor() {
    this.problems = [];
    this.confirms = [];
    this.dialogs = [];
  }

  watch(page) {
    page.on('dialog', async (d) => {
      this.dialogs.push({ type: d.type(), message: d.message() });
      if (d.type() === 'confirm' && this.confirms.length) {
        const accept = this.confirms.shift();
        await (accept ? d.accept() : d.dismiss());
        return;
      }
      this.problems.push(`unexpected ${d.type()} dialog: ${JSON.stringify(d.message())}`);
      await d.dismiss();
    });
    page.on('pageerror', (e) => this.problems.push(`script error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) {
        this.problems.push(`CSP violation: ${m.text()}`);
      }
    });
  }

  /** The next confirm() dialog is answered with accept (true/false). */
  expectConfirm(accept) {
    this.confirms.push(accept);
  }

  check() {
    assert.deepEqual(this.problems, [], 'the pages showed dialogs, script errors or CSP violations');
    assert.deepEqual(this.confirms, [], 'an expected confirm dialog never came');
  }
}

/** A new context on the portal. */
export async function newContext(opts = {}) {
  const guard = new Guard();
  const ctx = await browser.newContext({
    baseURL: BASE,
    viewport: opts.viewport ?? DESKTOP,
    timezoneId: opts.timezoneId ?? 'UTC',
    locale: 'en-GB',
    acceptDownloads: true,
  });
  ctx.on('page', (p) => guard.watch(p));
  ctx.setDefaultTimeout(15000);
  // No page has an icon; Chromium's request for one would be one more
  // FastCGI request per page for nothing.
  await ctx.route('**/favicon.ico', (route) => route.fulfill({ status: 404, body: '' }));
  const page = await ctx.newPage();
  return { ctx, page, guard };
}

const registry = [];

/**
 * A test with its own browser context: fn({ ctx, page, guard }).
 * opts: viewport, timezoneId, timeout (ms), skip.
 * Tests are collected here and run by runSuite() (see suite.mjs).
 */
export function portalTest(name, fn, opts = {}) {
  registry.push({ name, fn, opts });
}

/** Run every collected test whose name matches pattern (a RegExp or
 * null): one browser, a fresh context per test, up to `jobs` tests at a
 * time (each test has data of its own). Returns { passed, failed }. */
export async function runSuite({ jobs = 1, pattern = null } = {}) {
  after(async () => {
    await browser?.close();
  });
  for (const { name: testName, fn, opts } of registry) {
    register(testName, async () => {
      const { ctx, page, guard } = await newContext(opts);
      try {
        await fn({ ctx, page, guard });
        guard.check();
      } finally {
        await ctx.close();
      }
    }, { timeout: opts.timeout ?? 120000, skip: opts.skip });
  }
  return runAll({ jobs, pattern, before: launch });
}

/** Open path; returns the main response. Waits for the document, not
 * for its style sheet and images: a check that needs them waits for the
 * page's load (see specs/layout.mjs). */
export async function open(page, path) {
  const r = await page.goto(path, { waitUntil: 'domcontentloaded' });
  assert.ok(r, `no response for ${path}`);
  return r;
}

/** Click button (a locator) that submits a form and wait for the page it
 * leads to. Returns { status } of the POST itself (before any redirect)
 * and response, the final page's. */
export async function submit(page, button) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'domcontentloaded' }),
    button.click(),
  ]);
  let req = response.request();
  while (req.redirectedFrom()) req = req.redirectedFrom();
  const first = await req.response();
  return { status: first.status(), method: req.method(), response };
}

/** The page's CSRF token (from any of its forms). */
export function csrfOf(page) {
  return page.locator('input[name=csrf]').first().inputValue();
}

/** POST a form with the context's cookies, without following redirects. */
export async function postForm(ctx, path, form) {
  const r = await ctx.request.post(path, { form, maxRedirects: 0 });
  return { status: r.status(), location: r.headers().location, text: await r.text() };
}

/** The URL path (and query) the page shows. */
export function where(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

/** Sign in through the form; insists that it worked (lands on My keys). */
export async function signIn(page, username, password, area = 'portal') {
  await open(page, `/${area}/signin`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  const r = await submit(page, page.locator('main form button[type=submit]'));
  assert.equal(r.status, 303, `sign-in as ${username} answered ${r.status}`);
  if (area === 'portal') assert.equal(new URL(page.url()).pathname, '/portal/keys');
  return r;
}

/** Sign in through the form expecting a refusal; returns { status, error }.
 * Uses the form on the page when it is already the sign-in form. */
export async function signInRefused(page, username, password) {
  if (new URL(page.url(), BASE).pathname !== '/portal/signin') await open(page, '/portal/signin');
  await page.fill('#username', username);
  await page.fill('#password', password);
  const r = await submit(page, page.locator('main form button[type=submit]'));
  const alert = page.locator('[role=alert]');
  const error = (await alert.count()) ? await alert.innerText() : '';
  return { status: r.status, error };
}

/** The visible text of <main>. */
export function mainText(page) {
  return page.locator('main').innerText();
}
