// SPDX-License-Identifier: GPL-2.0-or-later
// staff_keys.mjs - keys and devices from a customer's page in the staff
// dashboard: new keys (generated or given passphrase), rotate, disable
// and enable (RADIUS's decision follows), the PDF card; devices added by
// MAC in any spelling and removed; the keys, devices and audit lists.
import assert from 'node:assert/strict';
import { mainText, open, portalTest, submit, where } from '../lib/browser.mjs';
import { readPdf, wifiPayload } from '../lib/checks.mjs';
import { SSID, addDevice, addKey, apiDevices, macColons, network, randomMac, specialPassphrase } from '../lib/data.mjs';
import { randomHex, unique } from '../lib/stack.mjs';
import {
  apiKeys, customer, decision, download, rowWith, sharedStaff, staffAccount, staffSignIn,
  tableRows,
} from '../lib/staff.mjs';

/** Fill and send the customer page's New key form. */
async function newKey(page, networkId, label, passphrase = '') {
  await page.selectOption('#network', String(networkId));
  await page.fill('#label', label);
  await page.fill('#passphrase', passphrase);
  return submit(page, page.getByRole('button', { name: 'Create key' }));
}

/** The row of the customer page's keys table with this label. */
function keyRow(page, label) {
  return page.locator('main .scroll').nth(0).locator('tbody tr').filter({ hasText: label });
}

portalTest('keys on a customer\'s page: create (generated or given passphrase), rotate (confirm), disable/enable (RADIUS follows), PDF card; the keys list and the audit log show them', async ({ page, guard }) => {
  const [plainNet, specialNet] = await Promise.all([network(SSID.plain), network(SSID.special)]);
  const tag = randomHex(6);
  const c = await customer({ name: `Flat 4.12 — Mia Novak ${tag}`, building: 'Tower D', unit: '4.12' });
  // An operator of its own: the audit log below lists exactly its changes.
  const op = await staffAccount('operator');
  await staffSignIn(page, op);
  await open(page, `/staff/customers/${c.ext}`);
  assert.equal(await page.locator('main .scroll').nth(0).locator('tbody tr').count(), 0);

  let r = await newKey(page, plainNet.id, 'Living room');
  assert.equal(r.status, 303);
  assert.equal(where(page), `/staff/customers/${c.ext}?done=key`);
  assert.match(await page.locator('[role=status]').innerText(), /key is created/);
  const pass = specialPassphrase();
  r = await newKey(page, specialNet.id, 'Office', pass);
  assert.equal(r.status, 303);
  let keys = await apiKeys(c.ext);
  const living = keys.find((k) => k.label === 'Living room');
  const office = keys.find((k) => k.label === 'Office');
  assert.equal(keys.length, 2);
  assert.equal(living.ssid, SSID.plain);
  assert.match(living.passphrase, /^\S{8,63}$/, 'no passphrase was generated');
  assert.equal(office.ssid, SSID.special);
  assert.equal(office.passphrase, pass);
  const html = await page.content();
  assert.ok(!html.includes(living.passphrase) && !(await mainText(page)).includes(pass),
    'a passphrase is on the staff page');
  const office1 = (await keyRow(page, 'Office').innerText()).split('\t').map((t) => t.trim());
  assert.deepEqual(office1.slice(0, 4), [SSID.special, 'Office', 'normal', 'active']);

  // A bad passphrase is refused.
  r = await newKey(page, plainNet.id, 'Too short', 'short');
  assert.equal(r.status, 422);
  assert.equal((await apiKeys(c.ext)).length, 2);
  await open(page, `/staff/customers/${c.ext}`);

  // Rotate: asks first; then the API has a new passphrase.
  guard.expectConfirm(true);
  r = await submit(page, keyRow(page, 'Living room').getByRole('button', { name: 'Rotate' }));
  assert.equal(r.status, 303);
  assert.equal(where(page), `/staff/customers/${c.ext}?done=rotated`);
  assert.equal(guard.dialogs.at(-1).message, 'Give this key a new passphrase? The old one stops working at once.');
  keys = await apiKeys(c.ext);
  const rotated = keys.find((k) => k.id === living.id).passphrase;
  assert.notEqual(rotated, living.passphrase);
  assert.match(rotated, /^\S{8,63}$/);
  assert.equal(keys.find((k) => k.id === office.id).passphrase, pass, 'the other key changed too');

  // Disable and enable: RADIUS's answer follows.
  const mac = randomMac();
  await addDevice(c.ext, living.id, 'Mia phone', mac);
  assert.equal((await decision(mac, SSID.plain)).decision, 'accept');
  r = await submit(page, keyRow(page, 'Living room').getByRole('button', { name: 'Disable' }));
  assert.equal(where(page), `/staff/customers/${c.ext}?done=disabled`);
  assert.match(await keyRow(page, 'Living room').innerText(), /disabled/);
  const refused = await decision(mac, SSID.plain);
  assert.deepEqual([refused.decision, refused.reason], ['reject', 'key disabled']);
  r = await submit(page, keyRow(page, 'Living room').getByRole('button', { name: 'Enable' }));
  assert.equal(where(page), `/staff/customers/${c.ext}?done=enabled`);
  assert.equal((await decision(mac, SSID.plain)).decision, 'accept');

  // The card: a PDF whose QR code is the key's WIFI: text.
  const card = await download(page, keyRow(page, 'Office').getByRole('link', { name: 'Card' }));
  assert.equal(card.body.subarray(0, 5).toString(), '%PDF-');
  const pdf = await readPdf(card.file, { binary: true });
  assert.equal(pdf.pages, 1);
  assert.deepEqual(pdf.codes, [wifiPayload(SSID.special, pass)]);

  // The keys list: search, status and kind filters.
  await addKey(c.ext, {
    network: SSID.plain, kind: 'guest', label: 'Weekend guests',
    valid_from: '2030-01-01T10:00:00Z', valid_until: '2030-01-02T10:00:00Z',
  });
  await submit(page, keyRow(page, 'Office').getByRole('button', { name: 'Disable' }));
  const listed = async (query) => {
    await open(page, `/staff/keys?${new URLSearchParams(query)}`);
    return (await tableRows(page)).map((cells) => cells[3]).sort();
  };
  await open(page, '/staff/keys');
  const form = page.locator('form[role=search]');
  await form.locator('input[name=search]').fill(c.ext);
  await submit(page, form.getByRole('button', { name: 'Filter' }));
  assert.deepEqual((await tableRows(page)).map((cells) => cells[3]).sort(),
    ['Living room', 'Office', 'Weekend guests']);
  assert.match(await rowWith(page, 'Living room').innerText(), /Mia Novak/);
  assert.match(await rowWith(page, 'Living room').innerText(), /\t1$/, 'the key\'s device count');
  assert.deepEqual(await listed({ search: `Novak ${tag}`, status: 'disabled' }), ['Office']);
  assert.deepEqual(await listed({ search: c.ext, kind: 'guest' }), ['Weekend guests']);
  assert.deepEqual(await listed({ search: c.ext, status: 'active', kind: 'normal' }), ['Living room']);
  assert.equal(await page.locator('form[role=search] select[name=kind]').inputValue(), 'normal');
  assert.deepEqual(await listed({ search: unique('bt-nobody') }), []);

  // The audit log: this staff member's changes, newest first.
  await open(page, `/staff/audit?${new URLSearchParams({ actor: `staff:${op.username}` })}`);
  const audit = await tableRows(page);
  assert.deepEqual(audit.map((a) => a[3]),
    ['key.update', 'key.update', 'key.update', 'key.rotate', 'key.create', 'key.create']);
  for (const a of audit) assert.equal(a[1], `staff:${op.username}`);
  assert.equal(await page.locator('form[role=search] input[name=actor]').inputValue(), `staff:${op.username}`);
  assert.ok(!(await page.content()).includes(pass), 'the audit log shows a passphrase');
  await open(page, `/staff/audit?${new URLSearchParams({ actor: `staff:${op.username}`, object: String(office.id) })}`);
  assert.deepEqual((await tableRows(page)).map((a) => a[3]), ['key.update', 'key.create']);
});

portalTest('devices on a customer\'s page: add by MAC in any spelling, a bad MAC refused, remove (confirm); the devices list finds a MAC in another spelling', async ({ page, guard }) => {
  const c = await customer({
    name: 'Flat 1.02 — Tom Berg',
    keys: [{ network: SSID.plain, label: 'Home' }, { network: SSID.special, label: 'Studio' }],
  });
  const [home, studio] = c.keys;
  const op = await sharedStaff('operator');
  await staffSignIn(page, op);
  await open(page, `/staff/customers/${c.ext}`);
  const macs = [randomMac(), randomMac()];
  const add = async (mac, name, key) => {
    await page.fill('#mac', mac);
    await page.fill('#dname', name);
    await page.selectOption('#key', key);
    return submit(page, page.getByRole('button', { name: 'Add device' }));
  };
  let r = await add(macs[0].match(/../g).join('-'), 'Tom TV', String(studio.id));
  assert.equal(r.status, 303);
  assert.equal(where(page), `/staff/customers/${c.ext}?done=device`);
  assert.match(await page.locator('[role=status]').innerText(), /device is added/);
  r = await add(macs[1].toLowerCase().match(/..../g).join('.'), 'Tom phone', '');
  assert.equal(r.status, 303);
  const devices = await apiDevices(c.ext);
  assert.deepEqual(devices.map((d) => [d.mac, d.name, d.added_by]).sort(),
    [[macColons(macs[0]), 'Tom TV', 'staff'], [macColons(macs[1]), 'Tom phone', 'staff']].sort());
  assert.equal(devices.find((d) => d.name === 'Tom TV').key, studio.id);
  assert.equal(devices.find((d) => d.name === 'Tom phone').key, home.id, 'automatic is not the first key');
  const devRows = page.locator('main .scroll').nth(1).locator('tbody tr');
  assert.equal(await devRows.count(), 2);
  assert.match(await devRows.filter({ hasText: 'Tom TV' }).innerText(),
    new RegExp(`^${macColons(macs[0])}\\s+Tom TV\\s+${studio.id}\\s+staff`));

  r = await add('12:34:56', 'Broken', '');
  assert.equal(r.status, 422);
  assert.match(await mainText(page), /MAC/i);
  assert.equal((await apiDevices(c.ext)).length, 2);

  // The devices list finds either by MAC, typed another way.
  await open(page, '/staff/devices');
  await page.locator('form[role=search] input[name=search]').fill(macs[0].toLowerCase());
  await submit(page, page.getByRole('button', { name: 'Search' }));
  let rows = await tableRows(page);
  assert.equal(rows.length, 1);
  assert.deepEqual([rows[0][0], rows[0][1], rows[0][3]], [macColons(macs[0]), 'Tom TV', SSID.special]);
  assert.match(rows[0][2], new RegExp(`${c.ext}\\s+Flat 1\\.02 — Tom Berg`));
  await open(page, `/staff/devices?search=${encodeURIComponent(macs[1].match(/../g).join(':'))}`);
  rows = await tableRows(page);
  assert.deepEqual(rows.map((d) => d[1]), ['Tom phone']);
  await open(page, `/staff/devices?search=${encodeURIComponent(c.ext)}`);
  assert.equal((await tableRows(page)).length, 2);

  await rowWith(page, 'Tom TV').getByRole('link', { name: c.ext }).click();
  assert.equal(where(page), `/staff/customers/${c.ext}`);
  guard.expectConfirm(true);
  r = await submit(page, devRows.filter({ hasText: 'Tom TV' }).getByRole('button', { name: 'Remove' }));
  assert.equal(r.status, 303);
  assert.equal(where(page), `/staff/customers/${c.ext}?done=removed`);
  assert.equal(guard.dialogs.at(-1).message, `Remove device ${macColons(macs[0])}?`);
  assert.deepEqual((await apiDevices(c.ext)).map((d) => d.name), ['Tom phone']);
  assert.equal(await devRows.count(), 1);
  assert.equal((await decision(macs[0], SSID.special)).decision, 'reject');
});
