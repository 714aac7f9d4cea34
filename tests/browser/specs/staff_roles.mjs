// SPDX-License-Identifier: GPL-2.0-or-later
// staff_roles.mjs - what each staff role may do. Read-only staff see every
// page but no button that changes anything, and a forged POST (with their
// own valid CSRF token) answers 403 and changes nothing; operators cannot
// reach the staff accounts nor change plans, networks or NAS clients; only
// admins export the keys CSV with passphrases (a POST that operators and
// read-only staff are refused even when they send it themselves); a
// tenant's session does not open the dashboard.
import assert from 'node:assert/strict';
import { csrfOf, mainText, newContext, open, portalTest, postForm, signIn } from '../lib/browser.mjs';
import { SSID, addDevice, apiDevices, network, plan, randomMac, tenant } from '../lib/data.mjs';
import { BASE, api, apiOk, randomHex, unique } from '../lib/stack.mjs';
import {
  apiCustomer, apiDelete, apiKeys, changeControls, csvRecords, customer, download, lit,
  randomNasAddress, sharedStaff, sql, sqlValue, staffPages, staffSignIn,
} from '../lib/staff.mjs';

const REFUSED = /Your role does not allow this/;

/** A NAS client for one test: { id, name, secret } (delete it after). */
async function tempNas() {
  const secret = `Nas-secret-${randomHex(16)}`;
  const address = randomNasAddress();
  const n = await apiOk('POST', '/api/v1/nas', { name: unique('bt-nas'), address, secret, vendor: 'hostapd' });
  return { ...n, secret };
}

/** What a forged change could have touched, as it is now. */
async function snapshot(ids) {
  const [c, keys, devices, p, net, nas] = await Promise.all([
    apiCustomer(ids.ext), apiKeys(ids.ext), apiDevices(ids.ext),
    apiOk('GET', `/api/v1/plans/${encodeURIComponent(ids.plan)}`),
    apiOk('GET', `/api/v1/networks/${ids.network}`), apiOk('GET', `/api/v1/nas/${ids.nas}`),
  ]);
  const secret = await sqlValue(`SELECT secret FROM nas WHERE id = ${ids.nas}`);
  return { c, keys, devices, p, net, nas, secret };
}

/** Every change form of the dashboard as [path, fields] for the objects
 * in ids ({ ext, key, device, plan, network, nas, account }); names made
 * here are in forged (to check nothing was made). */
function forgedPosts(ids, forged) {
  return [
    ['/staff/customers', { external_id: forged.ext, name: 'Forged', plan: ids.plan }],
    [`/staff/customers/${ids.ext}`, { name: 'Forged name', plan: ids.plan }],
    [`/staff/customers/${ids.ext}/status`, { status: 'suspended' }],
    [`/staff/customers/${ids.ext}/activation`, {}],
    [`/staff/customers/${ids.ext}/keys`, { network: String(ids.networkForKeys), label: 'Forged key' }],
    [`/staff/customers/${ids.ext}/devices`, { mac: randomMac(), name: 'Forged device' }],
    [`/staff/keys/${ids.key}/rotate`, {}],
    [`/staff/keys/${ids.key}/status`, { status: 'disabled' }],
    [`/staff/devices/${ids.device}/remove`, {}],
    ['/staff/cards/pdf', { customers: ids.ext }],
    ['/staff/export/keys.csv', {}],
    ['/staff/plans', { name: forged.plan }],
    [`/staff/plans/${encodeURIComponent(ids.plan)}`, { name: ids.plan, rate_down_kbps: '1' }],
    [`/staff/plans/${encodeURIComponent(ids.plan)}/delete`, {}],
    ['/staff/networks', { ssid: forged.ssid }],
    [`/staff/networks/${ids.network}`, { ssid: forged.ssid, site: 'Forged' }],
    [`/staff/networks/${ids.network}/delete`, {}],
    ['/staff/nas', { name: forged.nas, address: '192.0.2.77', secret: 'Forged-secret-1' }],
    [`/staff/nas/${ids.nas}`, { name: forged.nas, address: '192.0.2.77', secret: 'Forged-secret-1' }],
    [`/staff/nas/${ids.nas}/delete`, {}],
    ['/staff/accounts', { username: forged.username, role: 'admin' }],
    [`/staff/accounts/${ids.account}`, { role: 'admin', status: 'active' }],
    [`/staff/accounts/${ids.account}/activation`, {}],
    ['/staff/invitations', { building: forged.building, plan: ids.plan, uses: '1', days: '1' }],
  ];
}

/** Objects for the role tests: a customer with a key and a device, a plan,
 * a network and a NAS client of the test's own. */
async function roleData() {
  const [p, net, nas, plain] = await Promise.all([
    plan(), apiOk('POST', '/api/v1/networks', { ssid: unique('bt-rn').slice(0, 32), site: 'Role site' }),
    tempNas(), network(SSID.plain),
  ]);
  const c = await customer({
    name: 'Flat 8.02 — Role Test', plan: p.name, keys: [{ network: SSID.plain, label: 'Home' }],
  });
  const device = await addDevice(c.ext, c.keys[0].id, 'Role phone');
  return {
    ext: c.ext, key: c.keys[0].id, device: device.id, plan: p.name, network: net.id,
    networkForKeys: plain.id, nas: nas.id,
  };
}

/** Nothing of ids changed, nothing named in forged was made, and the
 * account made no audit entry. */
async function assertUnchanged(before, ids, forged, account) {
  assert.deepEqual(await snapshot(ids), before, 'a refused POST changed something');
  assert.equal((await api('GET', `/api/v1/customers/${forged.ext}`)).status, 404);
  assert.equal((await api('GET', `/api/v1/plans/${encodeURIComponent(forged.plan)}`)).status, 404);
  const [row] = await sql(`SELECT
    (SELECT COUNT(*) FROM networks WHERE ssid = ${lit(forged.ssid)}),
    (SELECT COUNT(*) FROM nas WHERE name = ${lit(forged.nas)}),
    (SELECT COUNT(*) FROM accounts WHERE username = ${lit(forged.username)}),
    (SELECT COUNT(*) FROM invitations WHERE building = ${lit(forged.building)}),
    (SELECT COUNT(*) FROM audit_log WHERE actor = ${lit(`staff:${account.username}`)}),
    (SELECT role FROM accounts WHERE username = ${lit(account.username)})`);
  assert.deepEqual(row, ['0', '0', '0', '0', '0', account.role]);
}

/** Fresh names for the objects a forged POST would make. */
function forgedNames() {
  return {
    ext: unique('bt-forged'), plan: `Forged ${randomHex(8)}`, ssid: unique('bt-fs').slice(0, 32),
    nas: unique('bt-forged-nas'), username: unique('bt-forged-user'), building: unique('Forged building'),
  };
}

/** Delete the network and NAS client roleData() made. */
async function cleanUp(ids) {
  if (ids?.network) await apiDelete(`/api/v1/networks/${ids.network}`);
  if (ids?.nas) await apiDelete(`/api/v1/nas/${ids.nas}`);
}

portalTest('read-only staff: every page opens with no button that changes anything; forged POSTs with its own CSRF token answer 403 and change nothing', async ({ ctx, page }) => {
  let ids;
  try {
    ids = await roleData();
    const viewer = await sharedStaff('readonly');
    ids.account = Number(await sqlValue(`SELECT id FROM accounts WHERE username = ${lit(viewer.username)}`));
    await staffSignIn(page, viewer);
    // Its own password it may change: that page is not about the data.
    for (const [name, path] of staffPages(ids).filter(([, p]) => p !== '/staff/password')) {
      const r = await open(page, path);
      assert.equal(r.status(), 200, `${name}: ${r.status()}`);
      assert.deepEqual(await changeControls(page), [], `${name} offers read-only staff a change`);
    }
    // The customer page: nothing to click but looking.
    await open(page, `/staff/customers/${ids.ext}`);
    const offered = await page.evaluate(() => [...document.querySelectorAll('main button, main a.button')]
      .map((e) => e.textContent.trim()));
    assert.deepEqual(offered, [], 'read-only sees buttons on the customer page');
    assert.match(await mainText(page), /Role phone/);
    await open(page, '/staff/cards');
    assert.equal(await page.getByRole('button', { name: 'Make PDF' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Keys (CSV)' }).count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Keys with passphrases (CSV)' }).count(), 0);
    for (const path of ['/staff/accounts', `/staff/keys/${ids.key}/card.pdf`]) {
      const r = await open(page, path);
      assert.equal(r.status(), 403, `GET ${path}: ${r.status()}`);
      assert.match(await mainText(page), REFUSED);
    }

    const before = await snapshot(ids);
    const forged = forgedNames();
    const csrf = await csrfOf(page);
    await Promise.all(forgedPosts(ids, forged).map(async ([path, form]) => {
      const r = await postForm(ctx, path, { csrf, ...form });
      assert.equal(r.status, 403, `POST ${path} as read-only answered ${r.status}`);
      assert.match(r.text, REFUSED, `POST ${path}`);
    }));
    await assertUnchanged(before, ids, forged, viewer);
    // Still signed in: the refusals were about the role, not the token.
    assert.equal((await open(page, '/staff/')).status(), 200);
    assert.equal(new URL(page.url()).pathname, '/staff/');
  } finally {
    await cleanUp(ids);
  }
});

portalTest('operator: staff accounts and changes to plans, networks and NAS answer 403; only an admin\'s keys CSV has passphrases; a tenant session does not open the dashboard', async ({ ctx, page }) => {
  let ids;
  try {
    ids = await roleData();
    const op = await sharedStaff('operator');
    ids.account = Number(await sqlValue(`SELECT id FROM accounts WHERE username = ${lit(op.username)}`));
    await staffSignIn(page, op);
    assert.equal(await page.getByRole('link', { name: 'Staff', exact: true }).count(), 0);
    const r = await open(page, '/staff/accounts');
    assert.equal(r.status(), 403);
    assert.match(await mainText(page), REFUSED);
    const lists = [['/staff/plans', 'New plan'], ['/staff/networks', 'New network'], ['/staff/nas', 'New NAS client']];
    for (const [path, heading] of lists) {
      await open(page, path);
      assert.equal(await page.getByRole('heading', { name: heading }).count(), 0,
        `${path} offers an operator "${heading}"`);
    }
    const details = [`/staff/plans/${encodeURIComponent(ids.plan)}`, `/staff/networks/${ids.network}`,
      `/staff/nas/${ids.nas}`];
    for (const path of details) {
      await open(page, path);
      assert.deepEqual(await changeControls(page), [], `${path} offers an operator a change`);
      assert.ok(await page.locator('dl.facts').count() === 1, `${path} shows no facts`);
    }
    const before = await snapshot(ids);
    const forged = forgedNames();
    const csrf = await csrfOf(page);
    const adminOnly = forgedPosts(ids, forged).filter(([path]) => /^\/staff\/(plans|networks|nas|accounts)/.test(path));
    assert.equal(adminOnly.length, 12);
    await Promise.all(adminOnly.map(async ([path, form]) => {
      const res = await postForm(ctx, path, { csrf, ...form });
      assert.equal(res.status, 403, `POST ${path} as operator answered ${res.status}`);
      assert.match(res.text, REFUSED);
    }));
    assert.deepEqual(await snapshot(ids), before, 'a refused POST changed something');
    assert.equal((await api('GET', `/api/v1/plans/${encodeURIComponent(forged.plan)}`)).status, 404);
    // The keys CSV with passphrases: not offered, and refused when posted.
    await open(page, '/staff/cards');
    assert.equal(await page.getByRole('button', { name: 'Make PDF' }).count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Keys with passphrases (CSV)' }).count(), 0);
    const secrets = await postForm(ctx, '/staff/export/keys.csv', { csrf: await csrfOf(page) });
    assert.equal(secrets.status, 403, `POST /staff/export/keys.csv as operator answered ${secrets.status}`);
    assert.match(secrets.text, REFUSED);
    const [made] = await sql(`SELECT (SELECT COUNT(*) FROM networks WHERE ssid = ${lit(forged.ssid)}),
      (SELECT COUNT(*) FROM nas WHERE name = ${lit(forged.nas)}),
      (SELECT COUNT(*) FROM accounts WHERE username = ${lit(forged.username)}),
      (SELECT role FROM accounts WHERE id = ${ids.account})`);
    assert.deepEqual(made, ['0', '0', '0', 'operator']);

    // The admin's keys CSV with passphrases has every passphrase, after a
    // confirmation.
    const admin = await newContext();
    try {
      await staffSignIn(admin.page, await sharedStaff('admin'));
      await open(admin.page, '/staff/cards');
      const button = admin.page.getByRole('button', { name: 'Keys with passphrases (CSV)' });
      admin.guard.expectConfirm(true);
      const file = await download(admin.page, button);
      assert.equal(file.name, 'keys-with-passphrases.csv');
      const csv = csvRecords(file.body.toString('utf8'));
      assert.deepEqual(csv.header,
        ['id', 'customer', 'ssid', 'label', 'kind', 'status', 'passphrase', 'valid_from', 'valid_until']);
      const [key] = await apiKeys(ids.ext);
      const rec = csv.records.find((k) => Number(k.id) === key.id);
      assert.deepEqual([rec.customer, rec.ssid, rec.label, rec.passphrase],
        [ids.ext, SSID.plain, 'Home', key.passphrase]);
      admin.guard.check();
    } finally {
      await admin.ctx.close();
    }

    // A tenant signed in to the portal is not signed in to the dashboard,
    // even with its session id offered as a staff session.
    const t = await tenant({ keys: [{ network: SSID.plain }] });
    const other = await newContext();
    try {
      await signIn(other.page, t.username, t.password);
      await open(other.page, '/staff/');
      assert.equal(new URL(other.page.url()).pathname, '/staff/signin');
      const session = (await other.ctx.cookies()).find((c) => c.name === 'mpsk_tenant');
      const domain = new URL(BASE).hostname;
      await other.ctx.addCookies(['mpsk_staff', 'mpsk_tenant'].map(
        (name) => ({ name, value: session.value, domain, path: '/staff' })));
      for (const path of ['/staff/', '/staff/customers', `/staff/customers/${ids.ext}`, '/staff/export/keys.csv']) {
        const res = await other.ctx.request.get(path, { maxRedirects: 0 });
        assert.equal(res.status(), 303, `a tenant session opened ${path}`);
        assert.equal(res.headers().location, '/staff/signin');
      }
      // And its own portal still works.
      assert.equal((await other.ctx.request.get('/portal/keys', { maxRedirects: 0 })).status(), 200);
      other.guard.check();
    } finally {
      await other.ctx.close();
    }
  } finally {
    await cleanUp(ids);
  }
});
