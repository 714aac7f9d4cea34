// SPDX-License-Identifier: GPL-2.0-or-later
// staff_conflicts.mjs - MAC squatting (issue 7, finding 6). A tenant who
// registers a MAC another customer holds gets the neutral message and the
// holder keeps the device; the dashboard counts and lists the conflict;
// an operator moves one device to the requester (after a confirm) and
// keeps another with its holder; read-only staff see the list with no
// buttons, and their forged POST answers 403.
import assert from 'node:assert/strict';
import { csrfOf, mainText, newContext, open, portalTest, postForm, signIn, submit, where } from '../lib/browser.mjs';
import { SSID, addDevice, apiDevices, macColons, randomMac, tenant } from '../lib/data.mjs';
import { changeControls, decision, rowWith, sharedStaff, sql, staffAccount, staffSignIn } from '../lib/staff.mjs';

const NEUTRAL = 'This device could not be added. If it is yours, contact support; we have noted the request.';

/** Register mac on the tenant's My devices page; submit()'s answer. */
async function register(page, mac, name, keyId) {
  await page.fill('#mac', mac);
  await page.fill('#name', name);
  await page.selectOption('#key', String(keyId));
  return submit(page, page.getByRole('button', { name: 'Register device' }));
}

portalTest('device conflicts: a neighbour\'s MAC gets the neutral message; staff see the count and the list, move one (confirm) and keep one; read-only staff get no buttons and a forged POST is 403', async ({ page, guard }) => {
  const holder = await tenant({ name: 'Flat 1.01 — Holder', keys: [{ network: SSID.plain, label: 'Home' }] });
  const asker = await tenant({ name: 'Flat 1.02 — Asker', keys: [{ network: SSID.plain, label: 'Home' }] });
  const [moveMac, keepMac] = [randomMac(), randomMac()];
  await addDevice(holder.ext, holder.keys[0].id, 'Holder phone', moveMac);
  await addDevice(holder.ext, holder.keys[0].id, 'Holder laptop', keepMac);

  // The tenant's side: the neutral message, the form kept, nothing added.
  await signIn(page, asker.username, asker.password);
  await open(page, '/portal/devices');
  for (const [mac, name] of [[moveMac, 'My phone'], [keepMac, 'My laptop']]) {
    const r = await register(page, macColons(mac), name, asker.keys[0].id);
    assert.equal(r.status, 422);
    const error = await page.locator('[role=alert]').innerText();
    assert.equal(error.trim(), NEUTRAL);
    assert.doesNotMatch(await mainText(page), /already|exists|registered on/i);
    assert.equal(await page.inputValue('#mac'), macColons(mac));
  }
  assert.deepEqual(await apiDevices(asker.ext), []);
  assert.equal((await decision(moveMac, SSID.plain)).customer, holder.ext);

  // Read-only staff: the list, no buttons; a forged POST is refused.
  const viewer = await newContext();
  try {
    await staffSignIn(viewer.page, await sharedStaff('readonly'));
    await open(viewer.page, '/staff/conflicts');
    assert.equal(await rowWith(viewer.page, macColons(moveMac)).count(), 1);
    assert.deepEqual(await changeControls(viewer.page), []);
    const [[id]] = await sql(`SELECT x.id FROM device_conflicts x JOIN customers c ON c.id = x.requester_id
      WHERE c.external_id = '${asker.ext}' AND x.mac = '${moveMac.toLowerCase()}'`);
    const forged = await postForm(viewer.ctx, `/staff/conflicts/${id}/resolve`,
      { csrf: await csrfOf(viewer.page), resolution: 'moved' });
    assert.equal(forged.status, 403);
    viewer.guard.check();
  } finally {
    await viewer.ctx.close();
  }
  assert.equal((await decision(moveMac, SSID.plain)).customer, holder.ext);

  // An operator: the dashboard's count leads to the list.
  const op = await staffAccount('operator');
  await staffSignIn(page, op);
  const stat = page.locator('ul.stats a[href="/staff/conflicts"]');
  assert.match(await stat.innerText(), /^[1-9]\d*\s+open device conflicts$/);
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Conflicts' }).count(), 1);
  await stat.click();
  await page.waitForURL('**/staff/conflicts');
  const moveRow = rowWith(page, macColons(moveMac));
  assert.match(await moveRow.innerText(), new RegExp(`${asker.ext}[\\s\\S]*${holder.ext}`));
  assert.match(await moveRow.innerText(), /Holder phone/);

  // Move: cancelling the confirm keeps it where it is, accepting moves it.
  guard.expectConfirm(false);
  await moveRow.getByRole('button', { name: `Move to ${asker.ext}` }).click();
  await page.waitForTimeout(200);
  assert.equal(where(page), '/staff/conflicts');
  assert.equal((await decision(moveMac, SSID.plain)).customer, holder.ext);
  guard.expectConfirm(true);
  let r = await submit(page, moveRow.getByRole('button', { name: `Move to ${asker.ext}` }));
  assert.equal(r.status, 303);
  assert.equal(where(page), '/staff/conflicts?done=moved');
  assert.match(await page.locator('[role=status]').innerText(), /moved/);
  const moved = await decision(moveMac, SSID.plain);
  assert.equal(moved.decision, 'accept');
  assert.equal(moved.customer, asker.ext);
  assert.deepEqual((await apiDevices(asker.ext)).map((d) => d.mac), [macColons(moveMac)]);

  // Keep: the holder keeps the device, the request is closed.
  r = await submit(page, rowWith(page, macColons(keepMac)).getByRole('button', { name: 'Keep with holder' }));
  assert.equal(r.status, 303);
  assert.equal(where(page), '/staff/conflicts?done=kept');
  assert.equal((await decision(keepMac, SSID.plain)).customer, holder.ext);
  const resolved = page.locator('main table').last();
  assert.match(await resolved.innerText(), new RegExp(`${macColons(keepMac)}[\\s\\S]*kept with the holder[\\s\\S]*staff:${op.username}`));
  assert.match(await resolved.innerText(), new RegExp(`${macColons(moveMac)}[\\s\\S]*moved to the requester`));
  const audit = await sql(`SELECT action FROM audit_log WHERE actor = 'staff:${op.username}' AND action LIKE 'device.%' ORDER BY id`);
  assert.deepEqual(audit.map(([a]) => a), ['device.conflict.resolve', 'device.conflict.resolve']);
});
