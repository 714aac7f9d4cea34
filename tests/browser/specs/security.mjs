// SPDX-License-Identifier: GPL-2.0-or-later
// security.mjs - markup in every text field shows as text and never runs;
// forms without the right CSRF token are refused (403) and change nothing;
// another tenant's keys and devices are not there (404).
import assert from 'node:assert/strict';
import {
  csrfOf, mainText, newContext, open, portalTest, postForm, signIn, submit, where,
} from '../lib/browser.mjs';
import { assertNoInjection } from '../lib/checks.mjs';
import {
  SSID, XSS, addDevice, addKey, apiDevices, apiKey, network, plan, randomMac, tenant,
} from '../lib/data.mjs';
import { mpsk, randomHex, unique } from '../lib/stack.mjs';

/** The page's visible text contains text exactly (so it was escaped). */
async function showsText(page, text, where) {
  const body = await page.evaluate(() => document.body.innerText);
  assert.ok(body.includes(text), `${where}: ${JSON.stringify(text)} is not shown as text`);
}

function isoIn(minutes) {
  return new Date(Date.now() + minutes * 60000).toISOString().replace(/\.\d+Z$/, 'Z');
}

portalTest('XSS: markup in names, labels and SSIDs (staff/API data and tenant input) shows as text and never runs', async ({ page, guard }) => {
  await network(SSID.xss);
  const x = await tenant({
    name: XSS,
    keys: [{ network: SSID.xss, label: XSS }, { network: SSID.special, label: XSS }],
  });
  const child = await tenant({
    name: `${XSS} child`, parent: x.ext, keys: [{ network: SSID.plain, label: XSS }], login: false,
  });
  const [xk] = x.keys;
  await signIn(page, x.username, x.password);
  await assertNoInjection(page, 'My keys');
  await showsText(page, SSID.xss, 'My keys');
  await showsText(page, XSS, 'My keys');
  await showsText(page, `${XSS} child`, 'My keys');
  assert.equal(await page.locator('ul.cards li.card').count(), 3);

  await open(page, `/portal/keys/${xk.id}?show=1`);
  await assertNoInjection(page, 'key page');
  assert.equal(await page.locator('h1').innerText(), SSID.xss);
  assert.equal(await page.locator('figure.qr img').getAttribute('alt'), `QR code to join ${SSID.xss}`);
  await showsText(page, XSS, 'key page');
  await open(page, `/portal/keys/${child.keys[0].id}`);
  await assertNoInjection(page, 'child key page');
  await showsText(page, `${XSS} child`, 'child key page');
  await open(page, `/portal/keys/${xk.id}/rotate`);
  await assertNoInjection(page, 'rotate page');
  assert.equal(await page.locator('h1').innerText(), `Change the password of ${SSID.xss} (${XSS})?`);

  // Tenant input: a device name, then a rename, then a guest key label.
  await open(page, '/portal/devices');
  await assertNoInjection(page, 'devices');
  const options = await page.locator('#key option').allInnerTexts();
  assert.ok(options.includes(`${SSID.xss} — ${XSS} (${XSS})`), `key options: ${JSON.stringify(options)}`);
  await page.fill('#mac', randomMac());
  await page.fill('#name', XSS);
  await page.selectOption('#key', String(xk.id));
  let r = await submit(page, page.getByRole('button', { name: 'Register device' }));
  assert.equal(r.status, 303);
  await assertNoInjection(page, 'devices with a device');
  const card = page.locator('ul.cards li.card').first();
  assert.equal(await card.locator('h2').innerText(), XSS);
  assert.ok((await card.innerText()).includes(SSID.xss), 'the SSID is not shown on the device');
  const [device] = await apiDevices(x.ext);
  assert.equal(device.name, XSS);
  await open(page, `/portal/devices/${device.id}`);
  await assertNoInjection(page, 'device page');
  assert.equal(await page.locator('h1').innerText(), XSS);
  assert.equal(await page.inputValue('#name'), XSS);
  await page.fill('#name', `${XSS} 2`);
  r = await submit(page, page.getByRole('button', { name: 'Rename' }));
  assert.equal(r.status, 303);
  await assertNoInjection(page, 'devices after rename');
  await showsText(page, `${XSS} 2`, 'devices after rename');
  await open(page, `/portal/devices/${device.id}`);
  guard.expectConfirm(true);
  r = await submit(page, page.getByRole('button', { name: 'Remove this device' }));
  assert.equal(r.status, 303);
  const confirm = guard.dialogs.find((d) => d.type === 'confirm');
  assert.equal(confirm.message, `Remove ${XSS} 2? It will no longer be able to join.`);

  await open(page, '/portal/guests');
  await assertNoInjection(page, 'guests');
  await page.fill('#label', XSS);
  if (await page.locator('#network').count()) await page.selectOption('#network', { label: SSID.xss });
  const when = await page.evaluate(() => {
    const pad = (n) => String(n).padStart(2, '0');
    const f = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    return [f(new Date()), f(new Date(Date.now() + 3600000))];
  });
  await page.fill('#starts', when[0]);
  await page.fill('#ends', when[1]);
  r = await submit(page, page.getByRole('button', { name: 'Create guest key' }));
  assert.equal(r.status, 303);
  await assertNoInjection(page, 'new guest key');
  await showsText(page, XSS, 'new guest key');
  await open(page, '/portal/guests');
  await assertNoInjection(page, 'guests with a key');
  const g = page.locator('ul.cards li.card').first();
  assert.equal(await g.locator('h2').innerText(), XSS);
  assert.equal(await g.locator('form[data-confirm]').getAttribute('data-confirm'),
    `Revoke ${XSS}? It stops working at once.`);
  assert.equal(guard.dialogs.filter((d) => d.type !== 'confirm').length, 0);
});

portalTest('XSS: markup typed into the sign-in, activation and sign-up forms comes back as the field\'s value only', async ({ page }) => {
  // Refused forms send the typed fields back.
  await open(page, '/portal/signin');
  await page.fill('#username', XSS);
  await page.fill('#password', 'not-the-password');
  let r = await submit(page, page.locator('main form button[type=submit]'));
  assert.equal(r.status, 401);
  await assertNoInjection(page, 'sign-in');
  assert.equal(await page.inputValue('#username'), XSS);

  await open(page, '/portal/activate');
  await page.fill('#code', XSS);
  await page.fill('#username', XSS);
  await page.fill('#password', 'password-one-1');
  await page.fill('#password2', 'password-two-2');
  r = await submit(page, page.locator('main form button[type=submit]'));
  assert.equal(r.status, 422);
  await assertNoInjection(page, 'activate');
  assert.equal(await page.inputValue('#code'), XSS);
  assert.equal(await page.inputValue('#username'), XSS);

  await open(page, '/portal/signup');
  for (const f of ['#code', '#name', '#unit', '#username']) await page.fill(f, XSS);
  await page.fill('#password', 'password-one-1');
  await page.fill('#password2', 'password-two-2');
  r = await submit(page, page.locator('main form button[type=submit]'));
  assert.equal(r.status, 422);
  await assertNoInjection(page, 'sign-up');
  for (const f of ['#code', '#name', '#unit', '#username']) assert.equal(await page.inputValue(f), XSS, f);

  // A real sign-up with markup in the name and unit.
  await network(SSID.xss);
  const p = await plan({ keys_per_customer: 1 });
  const code = await mpsk(['invitation', 'create', '--building', unique('bt-xss-building'), '--plan', p.name]);
  await open(page, `/portal/signup?code=${code}`);
  const username = unique('bt-xss');
  const password = `Xss-${randomHex(12)}`;
  await page.fill('#name', XSS);
  await page.fill('#unit', XSS);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.fill('#password2', password);
  r = await submit(page, page.locator('main form button[type=submit]'));
  assert.equal(r.status, 303);
  assert.equal(where(page), '/portal/keys?done=welcome');
  await assertNoInjection(page, 'keys after sign-up');
  await showsText(page, SSID.xss, 'keys after sign-up');
  await open(page, '/portal/devices');
  await page.fill('#mac', randomMac());
  await page.fill('#name', 'My phone');
  r = await submit(page, page.getByRole('button', { name: 'Register device' }));
  assert.equal(r.status, 303);
  await assertNoInjection(page, 'devices after sign-up');
  assert.match(await page.locator('ul.cards li.card .meta').first().innerText(), new RegExp(`· ${XSS.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
});

portalTest('CSRF: every form POST without the token, with a wrong one or with another session\'s is refused (403) and changes nothing', async ({ ctx, page }) => {
  const t = await tenant({ keys: [{ network: SSID.plain }] });
  const [key] = t.keys;
  const device = await addDevice(t.ext, key.id, 'Kept name');
  const guest = await addKey(t.ext, {
    network: SSID.plain, kind: 'guest', label: 'Kept guest', valid_from: isoIn(-5), valid_until: isoIn(600),
  });
  await open(page, '/portal/signin');
  const preSession = await csrfOf(page);
  await signIn(page, t.username, t.password);
  const real = await csrfOf(page);
  assert.notEqual(real, preSession, 'the CSRF token did not change at sign-in');
  const when = { starts: '2030-01-01T10:00', ends: '2030-01-01T12:00', tz: '0' };
  const posts = [
    ['/portal/devices', { mac: randomMac(), name: 'Forged', key: String(key.id) }],
    [`/portal/devices/${device.id}/rename`, { name: 'Forged name' }],
    [`/portal/devices/${device.id}/remove`, {}],
    [`/portal/keys/${key.id}/rotate`, {}],
    ['/portal/guests', { label: 'Forged guest', ...when }],
    [`/portal/guests/${guest.id}/revoke`, {}],
    ['/portal/password', { current: t.password, password: 'Forged-password-1', password2: 'Forged-password-1' }],
    ['/portal/signout', {}],
  ];
  for (const [path, form] of posts) {
    for (const [how, token] of [['no token', undefined], ['a wrong token', 'x'.repeat(43)],
      ['an empty token', ''], ['the pre-sign-in token', preSession]]) {
      const r = await postForm(ctx, path, token === undefined ? form : { ...form, csrf: token });
      assert.equal(r.status, 403, `POST ${path} with ${how} answered ${r.status}`);
      assert.match(r.text, /did not come from this site|expired/i);
    }
  }
  // Nothing changed.
  assert.equal((await apiKey(key.id)).passphrase, key.passphrase);
  const devices = await apiDevices(t.ext);
  assert.equal(devices.length, 1);
  assert.equal(devices[0].name, 'Kept name');
  assert.equal((await apiKey(guest.id)).status, 'active');
  const res = await open(page, '/portal/keys');
  assert.equal(res.status(), 200, 'the forged sign-out signed out');
  assert.equal(new URL(page.url()).pathname, '/portal/keys');
  await open(page, '/portal/guests');
  assert.equal(await page.locator('ul.cards li.card').count(), 1);

  // Sign-in itself needs the token too (login CSRF), and the password is
  // still the old one.
  const other = await newContext();
  try {
    const r = await postForm(other.ctx, '/portal/signin', { username: t.username, password: t.password });
    assert.equal(r.status, 403);
    assert.equal((await other.ctx.cookies()).some((c) => c.name === 'mpsk_tenant'), false);
    await signIn(other.page, t.username, t.password);
    other.guard.check();
  } finally {
    await other.ctx.close();
  }
});

portalTest('another tenant\'s keys, QR codes, cards, devices and guest keys answer 404, and POSTs to them change nothing', async ({ ctx, page }) => {
  const a = await tenant({ keys: [{ network: SSID.plain }] });
  const b = await tenant({ keys: [{ network: SSID.plain }], login: false });
  const [kb] = b.keys;
  const db = await addDevice(b.ext, kb.id, 'B device');
  const gb = await addKey(b.ext, {
    network: SSID.plain, kind: 'guest', label: 'B guest', valid_from: isoIn(-5), valid_until: isoIn(600),
  });
  await signIn(page, a.username, a.password);
  const csrf = await csrfOf(page);
  const gets = [
    `/portal/keys/${kb.id}`, `/portal/keys/${kb.id}?show=1`, `/portal/keys/${kb.id}/qr.png`,
    `/portal/keys/${kb.id}/card.pdf`, `/portal/keys/${kb.id}/rotate`, `/portal/devices/${db.id}`,
    `/portal/keys/${gb.id}?show=1`, `/portal/keys/${gb.id}/qr.png`, `/portal/keys/${gb.id}/card.pdf`,
    '/portal/keys/4294967295', '/portal/keys/0', '/portal/keys/abc', '/portal/devices/4294967295',
  ];
  for (const path of gets) {
    const r = await ctx.request.get(path, { maxRedirects: 0 });
    assert.equal(r.status(), 404, `GET ${path} answered ${r.status()}`);
    const body = await r.text();
    assert.ok(!body.includes(kb.passphrase) && !body.includes(gb.passphrase), `GET ${path} shows B's passphrase`);
  }
  // In the browser too: a 404 page, not B's key.
  const res = await open(page, `/portal/keys/${kb.id}?show=1`);
  assert.equal(res.status(), 404);
  assert.match(await mainText(page), /no such page/i);

  const posts = [
    [`/portal/keys/${kb.id}/rotate`, {}],
    [`/portal/guests/${gb.id}/revoke`, {}],
    [`/portal/devices/${db.id}/rename`, { name: 'Taken over' }],
    [`/portal/devices/${db.id}/remove`, {}],
    ['/portal/devices', { mac: randomMac(), name: 'On B key', key: String(kb.id) }],
  ];
  for (const [path, form] of posts) {
    const r = await postForm(ctx, path, { ...form, csrf });
    assert.equal(r.status, 404, `POST ${path} answered ${r.status}`);
  }
  assert.equal((await apiKey(kb.id)).passphrase, kb.passphrase);
  assert.equal((await apiKey(gb.id)).status, 'active');
  const bDevices = await apiDevices(b.ext);
  assert.deepEqual(bDevices.map((d) => [d.id, d.name]), [[db.id, 'B device']]);
  assert.equal((await apiDevices(a.ext)).length, 0);
});
