// SPDX-License-Identifier: GPL-2.0-or-later
// staff_catalog.mjs - plans, networks and NAS clients in the staff
// dashboard (admins): create, edit, delete; a plan customers are on cannot
// be deleted; a NAS client's shared secret is write-only (no page shows
// it, and an empty secret box keeps the stored one).
import assert from 'node:assert/strict';
import { mainText, open, portalTest, submit, where } from '../lib/browser.mjs';
import { basePlan } from '../lib/data.mjs';
import { api, apiOk, randomHex } from '../lib/stack.mjs';
import {
  apiDelete, customer, firstCellRow, lit, randomNasAddress, sharedStaff, sqlValue, staffSignIn,
} from '../lib/staff.mjs';

/** Fill the fields of a catalog form (ids as the field names). */
async function fill(page, fields) {
  for (const [name, value] of Object.entries(fields)) {
    const el = page.locator(`#${name}`);
    if (await el.evaluate((e) => e.tagName) === 'SELECT') await el.selectOption(value);
    else await el.fill(value);
  }
}

portalTest('plans (admin): create, a duplicate refused, edit, delete (confirm); a plan customers are on is not deleted', async ({ page, guard }) => {
  const name = `Resident ${randomHex(6)}`;
  const admin = await sharedStaff('admin');
  await staffSignIn(page, admin);
  await page.getByRole('link', { name: 'Plans' }).click();
  assert.equal(where(page), '/staff/plans');
  await fill(page, {
    name, rate_down_kbps: '250000', rate_up_kbps: '50000', keys_per_customer: '0', key_scope: 'customer',
    max_devices: '8', devices_max: '20', guest_keys_max: '3', guest_days_max: '14',
  });
  let r = await submit(page, page.getByRole('button', { name: 'Create plan' }));
  assert.equal(r.status, 303);
  assert.equal(where(page), '/staff/plans?done=created');
  assert.equal(await page.locator('[role=status]').innerText(), 'Created.');
  const row = firstCellRow(page, name);
  assert.match(await row.innerText(), /250000 \/ 50000\s+0 per customer\s+8\s+20\s+3 × 14 days/);
  let p = (await api('GET', `/api/v1/plans/${encodeURIComponent(name)}`)).body;
  assert.deepEqual([p.rate_down_kbps, p.rate_up_kbps, p.max_devices, p.devices_max, p.guest_keys_max, p.guest_days_max, p.vlan],
    [250000, 50000, 8, 20, 3, 14, null]);

  // The same name again: refused, the form keeps what was typed.
  await fill(page, { name, vlan: '120' });
  r = await submit(page, page.getByRole('button', { name: 'Create plan' }));
  assert.equal(r.status, 422);
  assert.ok((await page.locator('[role=alert]').innerText()).length > 0);
  assert.equal(await page.inputValue('#vlan'), '120');

  // Edit: from the list to the plan's page and back.
  await open(page, '/staff/plans');
  await row.getByRole('link', { name }).click();
  assert.equal(decodeURIComponent(new URL(page.url()).pathname), `/staff/plans/${name}`);
  assert.equal(await page.locator('h1').innerText(), `Plan ${name}`);
  assert.equal(await page.inputValue('#rate_down_kbps'), '250000');
  assert.equal(await page.inputValue('#devices_max'), '20');
  await fill(page, { rate_down_kbps: '500000', vlan: '120', guest_days_max: '30', devices_max: '' });
  r = await submit(page, page.getByRole('button', { name: 'Save' }));
  assert.equal(r.status, 303);
  assert.equal(where(page), '/staff/plans?done=saved');
  p = (await api('GET', `/api/v1/plans/${encodeURIComponent(name)}`)).body;
  assert.deepEqual([p.rate_down_kbps, p.rate_up_kbps, p.vlan, p.guest_days_max, p.devices_max],
    [500000, 50000, 120, 30, null]);

  // In use: the delete is refused with the reason, the plan stays.
  const c = await customer({ plan: name });
  await row.getByRole('link', { name }).click();
  guard.expectConfirm(true);
  r = await submit(page, page.getByRole('button', { name: 'Delete plan' }));
  assert.equal(r.status, 409);
  assert.equal(guard.dialogs.at(-1).message, `Delete plan ${name}?`);
  assert.match(await page.locator('[role=alert]').innerText(), /customers are on this plan/);
  assert.equal((await api('GET', `/api/v1/plans/${encodeURIComponent(name)}`)).status, 200);

  // Its customer moves to another plan: now it is deleted.
  await apiOk('PATCH', `/api/v1/customers/${c.ext}`, { plan: (await basePlan()).name });
  guard.expectConfirm(true);
  r = await submit(page, page.getByRole('button', { name: 'Delete plan' }));
  assert.equal(r.status, 303);
  assert.equal(where(page), '/staff/plans?done=deleted');
  assert.equal(await page.locator('[role=status]').innerText(), 'Deleted.');
  assert.equal(await row.count(), 0);
  assert.equal((await api('GET', `/api/v1/plans/${encodeURIComponent(name)}`)).status, 404);
});

portalTest('networks and NAS clients (admin): create, edit, delete (confirm); the NAS secret never shows and an empty secret box keeps it', async ({ page, guard }) => {
  const ssid = `bt-net-${randomHex(8)}`;
  const nasName = `AP-Lobby-${randomHex(6)}`;
  const address = randomNasAddress();
  const secret = `Nas-secret-${randomHex(16)}`;
  const secret2 = `Nas-other-${randomHex(16)}`;
  const admin = await sharedStaff('admin');
  await staffSignIn(page, admin);
  let networkId;
  let nasId;
  try {
    // Network.
    await page.getByRole('link', { name: 'Networks' }).click();
    await fill(page, { ssid, site: 'Tower A, roof' });
    let r = await submit(page, page.getByRole('button', { name: 'Create network' }));
    assert.equal(r.status, 303);
    assert.equal(where(page), '/staff/networks?done=created');
    const netRow = firstCellRow(page, ssid);
    assert.match(await netRow.innerText(), /Tower A, roof\s+reject/);
    networkId = Number((await netRow.getByRole('link').getAttribute('href')).split('/').pop());
    await netRow.getByRole('link', { name: ssid }).click();
    assert.equal(where(page), `/staff/networks/${networkId}`);
    assert.equal(await page.inputValue('#site'), 'Tower A, roof');
    await fill(page, { site: 'Tower A, floors 1-8' });
    r = await submit(page, page.getByRole('button', { name: 'Save' }));
    assert.equal(r.status, 303);
    assert.equal(where(page), '/staff/networks?done=saved');
    const net = (await api('GET', `/api/v1/networks/${networkId}`)).body;
    assert.deepEqual([net.ssid, net.site], [ssid, 'Tower A, floors 1-8']);
    await netRow.getByRole('link', { name: ssid }).click();
    guard.expectConfirm(true);
    r = await submit(page, page.getByRole('button', { name: 'Delete network' }));
    assert.equal(r.status, 303);
    assert.equal(where(page), '/staff/networks?done=deleted');
    assert.equal(guard.dialogs.at(-1).message, `Delete network ${ssid}?`);
    assert.equal(await netRow.count(), 0);
    assert.equal((await api('GET', `/api/v1/networks/${networkId}`)).status, 404);
    networkId = undefined;

    // NAS client: the secret goes in, and never comes out.
    const noSecret = async (what) => {
      const html = await page.content();
      assert.ok(!html.includes(secret) && !html.includes(secret2), `${what} shows the NAS secret`);
    };
    await page.getByRole('link', { name: 'NAS', exact: true }).click();
    await fill(page, { name: nasName, address, secret, vendor: 'ruckus', coa_port: '3799' });
    r = await submit(page, page.getByRole('button', { name: 'Add NAS client' }));
    assert.equal(r.status, 303);
    assert.equal(where(page), '/staff/nas?done=created');
    await noSecret('the NAS list');
    const nasRow = firstCellRow(page, nasName);
    assert.match(await nasRow.innerText(),
      new RegExp(`${address.replace(/\./g, '\\.')}\\s+ruckus\\s+required\\s+3799`));
    nasId = Number((await nasRow.getByRole('link').getAttribute('href')).split('/').pop());
    const stored = () => sqlValue(`SELECT secret FROM nas WHERE id = ${nasId}`);
    assert.equal(await stored(), secret);

    await nasRow.getByRole('link', { name: nasName }).click();
    assert.equal(where(page), `/staff/nas/${nasId}`);
    await noSecret('the NAS edit page');
    assert.equal(await page.inputValue('#secret'), '', 'the secret box is filled in');
    assert.equal(await page.getAttribute('#secret', 'type'), 'password');
    assert.match(await page.locator('label[for=secret]').innerText(), /empty: keep the current one/);
    assert.equal(await page.inputValue('#vendor'), 'ruckus');
    // Saved with the secret box empty: the secret stays.
    await fill(page, { vendor: 'unifi', coa_port: '1700' });
    r = await submit(page, page.getByRole('button', { name: 'Save' }));
    assert.equal(r.status, 303);
    assert.equal(where(page), '/staff/nas?done=saved');
    assert.match(await nasRow.innerText(), /unifi\s+required\s+1700/);
    assert.equal(await stored(), secret, 'an empty secret box changed the secret');
    // A new secret replaces it.
    await nasRow.getByRole('link', { name: nasName }).click();
    await fill(page, { secret: secret2 });
    r = await submit(page, page.getByRole('button', { name: 'Save' }));
    assert.equal(r.status, 303);
    assert.equal(await stored(), secret2);
    // A weak one is refused, and not sent back either.
    await nasRow.getByRole('link', { name: nasName }).click();
    await fill(page, { secret: 'short' });
    r = await submit(page, page.getByRole('button', { name: 'Save' }));
    assert.equal(r.status, 422);
    assert.match(await page.locator('[role=alert]').innerText(), /at least 16 characters/);
    assert.equal(await page.inputValue('#secret'), '');
    assert.equal(await stored(), secret2);
    await noSecret('the refused NAS edit');
    await open(page, `/staff/audit?object=${nasId}`);
    assert.match(await mainText(page), /nas\.update/);
    await noSecret('the audit log');

    await open(page, `/staff/nas/${nasId}`);
    guard.expectConfirm(true);
    r = await submit(page, page.getByRole('button', { name: 'Delete NAS client' }));
    assert.equal(r.status, 303);
    assert.equal(where(page), '/staff/nas?done=deleted');
    assert.equal(guard.dialogs.at(-1).message, `Delete NAS ${nasName}?`);
    assert.equal(await sqlValue(`SELECT COUNT(*) FROM nas WHERE name = ${lit(nasName)}`), '0');
    nasId = undefined;
  } finally {
    if (networkId) await apiDelete(`/api/v1/networks/${networkId}`);
    if (nasId) await apiDelete(`/api/v1/nas/${nasId}`);
  }
});
