// SPDX-License-Identifier: GPL-2.0-or-later
// devices.mjs - My devices: register by MAC address in the spellings
// people type, a clear error for a bad address, rename, remove (with its
// confirm dialog), last seen.
import assert from 'node:assert/strict';
import { mainText, open, portalTest, signIn, submit, where } from '../lib/browser.mjs';
import { SSID, apiDevices, macColons, randomMac, tenant } from '../lib/data.mjs';

/** Fill and send the register form; returns submit()'s answer. */
async function register(page, mac, name, keyId) {
  await page.fill('#mac', mac);
  await page.fill('#name', name);
  if (keyId) await page.selectOption('#key', String(keyId));
  return submit(page, page.getByRole('button', { name: 'Register device' }));
}

function deviceCards(page) {
  return page.locator('ul.cards li.card');
}

portalTest('devices: register by MAC in several spellings, refuse a bad one (422), rename, remove', async ({ page, guard }) => {
  const t = await tenant({ keys: [{ network: SSID.plain, label: 'Home' }] });
  const [key] = t.keys;
  await signIn(page, t.username, t.password);
  await page.getByRole('link', { name: 'My devices' }).click();
  assert.equal(where(page), '/portal/devices');
  assert.match(await mainText(page), /No devices registered yet/);
  assert.ok((await page.locator('#key option').allInnerTexts()).some((o) => o.includes(SSID.plain)));

  const macs = [randomMac(), randomMac(), randomMac()];
  const spellings = [
    macs[0].match(/../g).join('-'), // AA-BB-CC-DD-EE-FF
    macs[1].toLowerCase().match(/..../g).join('.'), // aabb.ccdd.eeff
    macs[2], // AABBCCDDEEFF
  ];
  const names = ['Anna phone', 'Living-room TV', 'Laptop'];
  for (let i = 0; i < 3; i++) {
    const r = await register(page, spellings[i], names[i], key.id);
    assert.equal(r.status, 303, `registering ${spellings[i]} answered ${r.status}`);
    assert.equal(where(page), '/portal/devices?done=added');
    assert.match(await page.locator('[role=status]').innerText(), /registered/i);
  }
  assert.equal(await deviceCards(page).count(), 3);
  for (let i = 0; i < 3; i++) {
    const card = deviceCards(page).filter({ hasText: names[i] });
    assert.equal(await card.locator('.mac').innerText(), macColons(macs[i]), `${spellings[i]} shown normalised`);
    // The last-seen column: not seen yet for a new device.
    assert.match(await card.locator('.meta').innerText(), /Not seen yet|Last seen/);
  }
  const api = await apiDevices(t.ext);
  assert.deepEqual(api.map((d) => d.mac).sort(), macs.map(macColons).sort());
  assert.ok(api.every((d) => d.key === key.id && d.added_by === 'tenant'));

  // A bad address: a clear error in the form, the fields kept, nothing added.
  for (const bad of ['AA-BB-CC-DD-EE', 'not a mac', 'GG:HH:II:JJ:KK:LL']) {
    const r = await register(page, bad, 'Broken', key.id);
    assert.equal(r.status, 422, `${bad} answered ${r.status}`);
    const error = await page.locator('[role=alert]').innerText();
    assert.match(error, /MAC|address/i, `unclear error for ${bad}: ${error}`);
    assert.equal(await page.inputValue('#mac'), bad);
    assert.equal(await page.inputValue('#name'), 'Broken');
    assert.equal(await deviceCards(page).count(), 3);
  }
  assert.equal((await apiDevices(t.ext)).length, 3);
  // The same device again, in another spelling: refused, said why.
  let r = await register(page, macColons(macs[0]).toUpperCase(), 'Again', key.id);
  assert.equal(r.status, 422);
  assert.match(await page.locator('[role=alert]').innerText(), /already registered/i);
  assert.equal((await apiDevices(t.ext)).length, 3);

  // Rename.
  await deviceCards(page).filter({ hasText: names[0] }).getByRole('link', { name: 'Rename or remove' }).click();
  const deviceId = api.find((d) => d.mac === macColons(macs[0])).id;
  assert.equal(where(page), `/portal/devices/${deviceId}`);
  assert.equal(await page.locator('h1').innerText(), names[0]);
  assert.match(await page.locator('dl.facts').innerText(), /Last seen\s+not yet/i);
  await page.fill('#name', 'Anna new phone');
  r = await submit(page, page.getByRole('button', { name: 'Rename' }));
  assert.equal(r.status, 303);
  assert.equal(where(page), '/portal/devices?done=renamed');
  assert.equal(await deviceCards(page).filter({ hasText: 'Anna new phone' }).count(), 1);
  assert.equal((await apiDevices(t.ext)).find((d) => d.id === deviceId).name, 'Anna new phone');

  // Remove: cancelling the confirm dialog keeps it, accepting removes it.
  await open(page, `/portal/devices/${deviceId}`);
  guard.expectConfirm(false);
  await page.getByRole('button', { name: 'Remove this device' }).click();
  await page.waitForTimeout(200);
  assert.equal(where(page), `/portal/devices/${deviceId}`);
  assert.equal((await apiDevices(t.ext)).length, 3, 'cancelled removal removed the device');
  guard.expectConfirm(true);
  r = await submit(page, page.getByRole('button', { name: 'Remove this device' }));
  assert.equal(r.status, 303);
  assert.equal(where(page), '/portal/devices?done=removed');
  assert.match(await page.locator('[role=status]').innerText(), /removed/i);
  assert.equal(await deviceCards(page).count(), 2);
  assert.equal(await deviceCards(page).filter({ hasText: 'Anna new phone' }).count(), 0);
  const left = await apiDevices(t.ext);
  assert.equal(left.length, 2);
  assert.ok(!left.some((d) => d.id === deviceId));
  const confirm = guard.dialogs.filter((d) => d.type === 'confirm');
  assert.equal(confirm.length, 2);
  assert.match(confirm[0].message, /Remove Anna new phone\?/);
});
