// SPDX-License-Identifier: GPL-2.0-or-later
// auth.mjs - signing in and out, the session cookie, activation codes,
// self-registration with an invitation, changing the password, the
// soft sign-in lockout, and signing in with the keyboard alone.
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  csrfOf, mainText, newContext, open, portalTest, postForm, signIn, signInRefused, submit, where,
} from '../lib/browser.mjs';
import { SSID, network, plan, tenant } from '../lib/data.mjs';
import { BASE, mpsk, randomHex, unique } from '../lib/stack.mjs';

const WRONG = /username or password is wrong/i;

/** A tenant session cookie with this value, for addCookies(). */
function portalCookie(value) {
  return { name: 'mpsk_tenant', value, domain: new URL(BASE).hostname, path: '/portal' };
}

/** The tenant session cookie of the context, or undefined. */
async function sessionCookie(ctx) {
  return (await ctx.cookies()).find((c) => c.name === 'mpsk_tenant');
}

portalTest('sign-in: the right password opens My keys; a wrong one is refused with 401', async ({ page }) => {
  const t = await tenant({ keys: [{ label: 'Home' }] });
  const bad = await signInRefused(page, t.username, `${t.password}x`);
  assert.equal(bad.status, 401);
  assert.match(bad.error, WRONG);
  assert.equal(where(page), '/portal/signin');
  assert.equal(await page.inputValue('#username'), t.username, 'the username is kept');
  assert.equal(await page.inputValue('#password'), '', 'the password is never sent back');
  await signIn(page, t.username, t.password);
  assert.match(await page.locator('h1').innerText(), /My Wi-Fi keys/);
  assert.equal(await page.locator('ul.cards li.card').count(), 1);
  await assert.doesNotReject(page.getByRole('button', { name: `Sign out ${t.username}` }).waitFor());
});

portalTest('session cookie: HttpOnly, SameSite=Strict, Path=/portal; a new id at every sign-in', async ({ ctx, page }) => {
  const t = await tenant({ keys: [{}] });
  // A session id planted before sign-in (fixation) must not be kept.
  const planted = 'planted-session-value-0123456789abcdefghijk';
  await ctx.addCookies([portalCookie(planted)]);
  await open(page, '/portal/signin');
  await page.fill('#username', t.username);
  await page.fill('#password', t.password);
  const [post] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/portal/signin'),
    page.locator('main form button[type=submit]').click(),
  ]);
  await page.waitForURL('**/portal/keys');
  assert.equal(post.status(), 303);
  const setCookie = (await post.headersArray())
    .filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value)
    .find((v) => v.startsWith('mpsk_tenant='));
  assert.ok(setCookie, 'the sign-in sets mpsk_tenant');
  assert.match(setCookie, /;\s*HttpOnly/i);
  assert.match(setCookie, /;\s*SameSite=Strict/i);
  assert.match(setCookie, /;\s*Path=\/portal(;|$)/);
  const first = await sessionCookie(ctx);
  assert.equal(first.httpOnly, true);
  assert.equal(first.sameSite, 'Strict');
  assert.equal(first.path, '/portal');
  assert.notEqual(first.value, planted, 'the planted session id was kept');
  assert.ok(first.value.length >= 32, 'the session id is long');
  assert.equal(await page.evaluate(() => document.cookie.includes('mpsk_tenant')), false,
    'scripts can read the session cookie');

  // Signing in again (while signed in) gives yet another id, and the
  // previous one stops working.
  const r = await postForm(ctx, '/portal/signin',
    { csrf: await csrfOf(page), username: t.username, password: t.password });
  assert.equal(r.status, 303);
  const second = await sessionCookie(ctx);
  assert.notEqual(second.value, first.value, 'the session id did not change at sign-in');
  const other = await newContext();
  try {
    await other.ctx.addCookies([portalCookie(first.value)]);
    const old = await other.ctx.request.get('/portal/keys', { maxRedirects: 0 });
    assert.equal(old.status(), 303, 'the previous session id still works');
    assert.match(old.headers().location, /\/portal\/signin/);
  } finally {
    await other.ctx.close();
  }
});

portalTest('sign-out ends the session: back to sign-in, and the old cookie no longer works', async ({ ctx, page }) => {
  const t = await tenant({ keys: [{}] });
  await signIn(page, t.username, t.password);
  const before = await sessionCookie(ctx);
  await submit(page, page.getByRole('button', { name: `Sign out ${t.username}` }));
  assert.equal(where(page), '/portal/signin?done=signedout');
  assert.match(await page.locator('[role=status]').innerText(), /signed out/i);
  assert.equal(await sessionCookie(ctx), undefined, 'the session cookie is still there');
  await open(page, '/portal/keys');
  assert.equal(new URL(page.url()).pathname, '/portal/signin');
  await ctx.addCookies([portalCookie(before.value)]);
  const r = await ctx.request.get('/portal/keys', { maxRedirects: 0 });
  assert.equal(r.status(), 303, 'the ended session still opens My keys');
});

portalTest('activation: a code from `mpsk tenant activation` sets username and password and signs in; the code works once', async ({ page }) => {
  const t = await tenant({ keys: [{ label: 'Welcome card key' }], login: false });
  const code = await mpsk(['tenant', 'activation', '--customer', t.ext]);
  assert.match(code, /^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
  await open(page, `/portal/activate?code=${encodeURIComponent(code)}`);
  assert.equal(await page.inputValue('#code'), code, 'the code from the link is filled in');
  const username = unique('bt-act');
  const password = `Act-${randomHex(12)}`;
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.fill('#password2', password);
  const r = await submit(page, page.locator('main form button[type=submit]'));
  assert.equal(r.status, 303);
  assert.equal(new URL(page.url()).pathname, '/portal/keys');
  assert.match(await mainText(page), /Welcome card key/);
  await submit(page, page.getByRole('button', { name: `Sign out ${username}` }));

  // The same code again: refused, nothing changes.
  await open(page, '/portal/activate');
  await page.fill('#code', code);
  await page.fill('#username', unique('bt-act2'));
  await page.fill('#password', `Other-${randomHex(12)}`);
  await page.fill('#password2', await page.inputValue('#password'));
  const again = await submit(page, page.locator('main form button[type=submit]'));
  assert.equal(again.status, 422);
  assert.match(await page.locator('[role=alert]').innerText(), /not valid|expired|been used/i);
  await signIn(page, username, password);
});

portalTest('sign-up with an invitation from `mpsk invitation create` lands on My keys with the first key', async ({ page }) => {
  await network(SSID.plain);
  const p = await plan({ keys_per_customer: 1 });
  const building = unique('bt-building');
  const code = await mpsk(['invitation', 'create', '--building', building, '--plan', p.name]);
  await open(page, `/portal/signup?code=${encodeURIComponent(code)}`);
  assert.equal(await page.inputValue('#code'), code);
  const username = unique('bt-signup');
  const password = `Sign-${randomHex(12)}`;
  await page.fill('#name', 'Sam Signup');
  await page.fill('#email', `${username}@example.net`);
  await page.fill('#unit', '4.01');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.fill('#password2', password);
  const r = await submit(page, page.locator('main form button[type=submit]'));
  assert.equal(r.status, 303);
  assert.equal(where(page), '/portal/keys?done=welcome');
  assert.match(await page.locator('[role=status]').innerText(), /Welcome/);
  const cards = page.locator('ul.cards li.card');
  assert.ok(await cards.count() >= 1, 'the new account has no key');
  assert.match(await mainText(page), new RegExp(SSID.plain));
  // Its key has a passphrase to show.
  await cards.filter({ hasText: SSID.plain }).first().getByRole('link', { name: 'Open' }).click();
  await page.getByRole('link', { name: 'Show password' }).click();
  assert.match(await page.locator('#pass').innerText(), /^\S{8,63}$/);
  await submit(page, page.getByRole('button', { name: `Sign out ${username}` }));

  // The invitation was for one use.
  await open(page, '/portal/signup');
  await page.fill('#code', code);
  await page.fill('#name', 'Second Person');
  await page.fill('#username', unique('bt-signup2'));
  await page.fill('#password', password);
  await page.fill('#password2', password);
  const again = await submit(page, page.locator('main form button[type=submit]'));
  assert.equal(again.status, 422);
  assert.match(await page.locator('[role=alert]').innerText(), /not valid|expired|used up/i);
});

portalTest('password change: the old password stops working, the new one works; other sessions end', async ({ ctx, page }) => {
  const t = await tenant({ keys: [{}] });
  // Another browser signed in as the same tenant.
  const other = await newContext();
  await signIn(other.page, t.username, t.password);
  await signIn(page, t.username, t.password);
  const sessionBefore = (await sessionCookie(ctx)).value;
  await page.getByRole('link', { name: 'Password' }).click();
  assert.equal(where(page), '/portal/password');
  const fresh = `New-${randomHex(12)}`;

  // Mistakes first: a mismatch, then a wrong current password.
  await page.fill('#current', t.password);
  await page.fill('#password', fresh);
  await page.fill('#password2', `${fresh}x`);
  let r = await submit(page, page.locator('main form button[type=submit]'));
  assert.equal(r.status, 422);
  assert.match(await page.locator('[role=alert]').innerText(), /differ/i);
  await page.fill('#current', `${t.password}x`);
  await page.fill('#password', fresh);
  await page.fill('#password2', fresh);
  r = await submit(page, page.locator('main form button[type=submit]'));
  assert.equal(r.status, 422);
  assert.match(await page.locator('[role=alert]').innerText(), /current password/i);

  await page.fill('#current', t.password);
  await page.fill('#password', fresh);
  await page.fill('#password2', fresh);
  r = await submit(page, page.locator('main form button[type=submit]'));
  assert.equal(r.status, 303);
  assert.equal(where(page), '/portal/keys?done=password');
  assert.match(await page.locator('[role=status]').innerText(), /password is changed/i);
  assert.notEqual((await sessionCookie(ctx)).value, sessionBefore, 'the session id did not change');
  try {
    const r2 = await other.ctx.request.get('/portal/keys', { maxRedirects: 0 });
    assert.equal(r2.status(), 303, 'the other browser is still signed in');
    other.guard.check();
  } finally {
    await other.ctx.close();
  }
  await submit(page, page.getByRole('button', { name: `Sign out ${t.username}` }));

  const old = await signInRefused(page, t.username, t.password);
  assert.equal(old.status, 401);
  assert.match(old.error, WRONG);
  await signIn(page, t.username, fresh);
});

/** One HTTP request to the portal from another local address (all of
 * 127/8 is this machine, and nginx passes the connecting address on), as a
 * second client on another network would send it. */
function fromAddress(localAddress, method, path, { form, cookie } = {}) {
  const body = form ? new URLSearchParams(form).toString() : undefined;
  const headers = {};
  if (body) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  if (cookie) headers.Cookie = cookie;
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, BASE), { method, headers, localAddress }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sign in from localAddress; the status of the POST. */
async function signInFrom(localAddress, username, password) {
  const form = await fromAddress(localAddress, 'GET', '/portal/signin');
  const cookie = [].concat(form.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="csrf" value="([^"]*)"/.exec(form.text)[1];
  return (await fromAddress(localAddress, 'POST', '/portal/signin',
    { form: { csrf, username, password }, cookie })).status;
}

portalTest('soft lockout: after 5 wrong passwords the right one is refused here, with the same words, and works from elsewhere', async ({ ctx, page }) => {
  const t = await tenant({ keys: [{}] });
  for (let i = 1; i <= 5; i++) {
    const r = await signInRefused(page, t.username, `wrong-${i}-${randomHex(6)}`);
    assert.equal(r.status, 401, `wrong password ${i}`);
    assert.match(r.error, WRONG);
  }
  // This browser's network is throttled for this username: the right
  // password gets the very answer a wrong one gets (no 423, no "locked").
  for (let i = 0; i < 2; i++) {
    const r = await signInRefused(page, t.username, t.password);
    assert.equal(r.status, 401, `the right password after 5 wrong ones answered ${r.status}`);
    assert.match(r.error, WRONG);
    assert.doesNotMatch(r.error, /locked/i);
    assert.equal(new URL(page.url()).pathname, '/portal/signin');
    assert.equal(await page.inputValue('#username'), t.username);
    assert.equal(await sessionCookie(ctx), undefined, 'a throttled sign-in got a session');
  }
  // The tenant, on another network, is not locked out by the guesser.
  assert.equal(await signInFrom(`127.0.${1 + Math.floor(Math.random() * 250)}.9`, t.username, t.password), 303);
});

portalTest('keyboard: the sign-in form is completed with Tab and Enter only', async ({ page }) => {
  const t = await tenant({ keys: [{}] });
  await open(page, '/portal/signin');
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
  let tabs = 0;
  while ((await focused()) !== 'username') {
    assert.ok(tabs < 10, 'Tab never reaches the username field');
    await page.keyboard.press('Tab');
    tabs += 1;
  }
  await page.keyboard.type(t.username);
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'password', 'Tab from the username does not go to the password');
  await page.keyboard.type(t.password);
  await Promise.all([page.waitForURL('**/portal/keys'), page.keyboard.press('Enter')]);
  assert.match(await page.locator('h1').innerText(), /My Wi-Fi keys/);
});
