// SPDX-License-Identifier: GPL-2.0-or-later
// staff_accounts.mjs - staff signing in and out, the pages a visitor
// without a session is sent away from, and the staff accounts page: an
// admin adds a member (its activation code shown once), the member
// activates and signs in, the admin changes its role and disables it.
import assert from 'node:assert/strict';
import {
  csrfOf, mainText, newContext, open, portalTest, postForm, submit, where,
} from '../lib/browser.mjs';
import { BASE, randomHex, unique } from '../lib/stack.mjs';
import {
  changeControls, firstCellRow, sharedStaff, signOutButton, staffAccount, staffPages,
  staffSignIn,
} from '../lib/staff.mjs';

const CODE = /^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/;

/** The staff session cookie of the context, or undefined. */
async function staffCookie(ctx) {
  return (await ctx.cookies()).find((c) => c.name === 'mpsk_staff');
}

/** Fill the staff sign-in form and send it; { status, error }. */
async function staffSignInRefused(page, username, password) {
  await open(page, '/staff/signin');
  await page.fill('#username', username);
  await page.fill('#password', password);
  const r = await submit(page, page.locator('main form button[type=submit]'));
  const alert = page.locator('[role=alert]');
  return { status: r.status, error: (await alert.count()) ? await alert.innerText() : '' };
}

portalTest('staff sign-in: signed out every staff page leads to /staff/signin; a wrong password is refused; sign-out ends the session', async ({ ctx, page }) => {
  // Its own account: the wrong password below counts against it.
  const me = await staffAccount('operator');
  // No session: every page and form sends the visitor to sign in.
  const ids = { ext: 'bt-none', plan: 'none', network: 1, nas: 1 };
  const gets = [...staffPages(ids).map(([, p]) => p), '/staff/accounts', '/staff/keys/1/card.pdf',
    '/staff/export/customers.csv', '/staff/export/keys.csv'];
  await Promise.all(gets.map(async (path) => {
    const r = await ctx.request.get(path, { maxRedirects: 0 });
    assert.equal(r.status(), 303, `GET ${path} signed out answered ${r.status()}`);
    assert.equal(r.headers().location, '/staff/signin', `GET ${path}`);
  }));
  await open(page, '/staff/signin');
  const csrf = await csrfOf(page);
  await Promise.all(['/staff/customers', '/staff/plans', '/staff/accounts', '/staff/cards/pdf', '/staff/export/keys.csv'].map(async (path) => {
    const r = await postForm(ctx, path, { csrf, name: 'x' });
    assert.equal(r.status, 303, `POST ${path} signed out answered ${r.status}`);
    assert.equal(r.location, '/staff/signin');
  }));
  await open(page, '/staff/customers');
  assert.equal(where(page), '/staff/signin');
  assert.match(await mainText(page), /Staff sign-in/);

  const bad = await staffSignInRefused(page, me.username, `${me.password}x`);
  assert.equal(bad.status, 401);
  assert.match(bad.error, /username or password is wrong/i);
  assert.equal(await page.inputValue('#username'), me.username);
  assert.equal(await page.inputValue('#password'), '');
  assert.equal(await staffCookie(ctx), undefined);

  await staffSignIn(page, me);
  assert.equal(await page.locator('h1').innerText(), 'Dashboard');
  const nav = await page.locator('nav[aria-label=Main] a').allInnerTexts();
  assert.deepEqual(nav, ['Dashboard', 'Customers', 'Keys', 'Devices', 'Conflicts', 'Plans', 'Networks', 'NAS',
    'Auth log', 'Audit log', 'Cards & export', 'Invitations', 'Password'], 'an operator has no Staff link');
  const cookie = await staffCookie(ctx);
  assert.ok(cookie, 'no mpsk_staff cookie');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(cookie.path, '/staff');
  // Signed in, the sign-in page leads to the dashboard.
  await open(page, '/staff/signin');
  assert.equal(where(page), '/staff/');

  await submit(page, signOutButton(page, me));
  assert.equal(where(page), '/staff/signin?done=signedout');
  assert.match(await page.locator('[role=status]').innerText(), /signed out/i);
  assert.equal(await staffCookie(ctx), undefined);
  await ctx.addCookies([{ ...cookie, domain: new URL(BASE).hostname }]);
  const r = await ctx.request.get('/staff/', { maxRedirects: 0 });
  assert.equal(r.status(), 303, 'the ended session still opens the dashboard');
});

portalTest('staff accounts: admin adds a member (code shown once), it activates and signs in; a role change applies at once; disabling ends its session and sign-in', async ({ page }) => {
  const admin = await sharedStaff('admin');
  await staffSignIn(page, admin);
  await page.getByRole('link', { name: 'Staff', exact: true }).click();
  assert.equal(where(page), '/staff/accounts');
  assert.equal(await page.locator('h1').innerText(), 'Staff');

  const username = unique('bt-member');
  await page.fill('#username', username);
  await page.selectOption('#role', 'operator');
  let r = await submit(page, page.getByRole('button', { name: 'Add and show activation code' }));
  assert.equal(r.status, 200);
  assert.equal(r.method, 'POST');
  const code = await page.locator('#code').innerText();
  assert.match(code, CODE);
  assert.match(await mainText(page), /shown only once/);
  assert.match(await mainText(page), /\/staff\/activate/);
  await page.getByRole('link', { name: 'Done' }).click();
  assert.equal(where(page), '/staff/accounts');
  assert.ok(!(await page.content()).includes(code), 'the code is shown again');
  const row = firstCellRow(page, username);
  assert.match(await row.innerText(), /not activated/);
  assert.match(await row.innerText(), /operator/);
  const id = (await row.locator('select[name=role]').getAttribute('id')).replace('role-', '');

  // The member activates with the code: a password, then the dashboard.
  const member = await newContext();
  try {
    const mp = member.page;
    const password = `Member-${randomHex(12)}`;
    await open(mp, '/staff/signin');
    await mp.getByRole('link', { name: 'Activate your account' }).click();
    assert.equal(where(mp), '/staff/activate');
    assert.equal(await mp.locator('#username').count(), 0, 'staff activation asks for a username');
    await mp.fill('#code', code);
    await mp.fill('#password', password);
    await mp.fill('#password2', password);
    r = await submit(mp, mp.getByRole('button', { name: 'Activate' }));
    assert.equal(r.status, 303);
    assert.equal(where(mp), '/staff/');
    await signOutButton(mp, { username }).waitFor();
    await open(mp, '/staff/customers');
    assert.equal(await mp.getByRole('heading', { name: 'New customer' }).count(), 1,
      'an operator cannot add customers');
    assert.equal((await open(mp, '/staff/accounts')).status(), 403);
    await submit(mp, signOutButton(mp, { username }));

    // The code worked once; the password it set signs in.
    const again = await postForm(member.ctx, '/staff/activate',
      { csrf: await csrfOf(mp), code, password: `${password}2`, password2: `${password}2` });
    assert.equal(again.status, 422);
    assert.match(again.text, /not valid|expired|been used/i);
    await staffSignIn(mp, { username, password });

    // The admin makes it read-only: its next page has no change forms.
    await open(page, '/staff/accounts');
    assert.doesNotMatch(await row.innerText(), /not activated/);
    await page.selectOption(`#role-${id}`, 'readonly');
    r = await submit(page, row.getByRole('button', { name: 'Save' }));
    assert.equal(r.status, 303);
    assert.equal(where(page), '/staff/accounts?done=saved');
    assert.match(await row.innerText(), /readonly/);
    await open(mp, '/staff/customers');
    assert.equal(await mp.getByRole('heading', { name: 'New customer' }).count(), 0, 'read-only still sees the form');
    assert.deepEqual(await changeControls(mp), [], 'read-only still has buttons that change things');

    // Disabled: its session ends, its password no longer signs in.
    await page.selectOption(`#status-${id}`, 'disabled');
    r = await submit(page, row.getByRole('button', { name: 'Save' }));
    assert.equal(r.status, 303);
    assert.match(await row.innerText(), /disabled/);
    await open(mp, '/staff/customers');
    assert.equal(where(mp), '/staff/signin', 'the disabled member is still signed in');
    const refused = await staffSignInRefused(mp, username, password);
    assert.equal(refused.status, 401);
    assert.equal(where(mp), '/staff/signin');
    member.guard.check();
  } finally {
    await member.ctx.close();
  }

  // An admin cannot change its own role or status.
  const own = firstCellRow(page, admin.username);
  const ownId = (await own.locator('select[name=role]').getAttribute('id')).replace('role-', '');
  await page.selectOption(`#role-${ownId}`, 'readonly');
  r = await submit(page, own.getByRole('button', { name: 'Save' }));
  assert.equal(r.status, 422);
  assert.match(await page.locator('[role=alert]').innerText(), /cannot change your own/i);
  assert.match(await own.innerText(), /admin/);
});
