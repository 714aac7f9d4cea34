// SPDX-License-Identifier: GPL-2.0-or-later
// subcustomers.mjs - a parent customer (the child is PUT with `parent`)
// sees and manages its sub-customers' keys and devices; a sub-customer
// sees only its own.
import assert from 'node:assert/strict';
import { mainText, newContext, open, portalTest, signIn, submit } from '../lib/browser.mjs';
import { SSID, addDevice, apiDevices, macColons, randomMac, tenant } from '../lib/data.mjs';

portalTest('sub-customers: the parent sees the child\'s keys and devices, the child only its own', async ({ page }) => {
  const parent = await tenant({ name: 'Parent Housing Co', keys: [{ network: SSID.plain, label: 'Office' }] });
  const child = await tenant({
    name: 'Child Flat 7', parent: parent.ext, keys: [{ network: SSID.plain, label: 'Flat 7 key' }],
  });
  const [pk] = parent.keys;
  const [ck] = child.keys;
  const childDevice = await addDevice(child.ext, ck.id, 'Child tablet');
  const parentDevice = await addDevice(parent.ext, pk.id, 'Office printer');

  await signIn(page, parent.username, parent.password);
  const cards = page.locator('ul.cards li.card');
  assert.equal(await cards.count(), 2);
  const childCard = cards.filter({ has: page.locator(`a[href="/portal/keys/${ck.id}"]`) });
  assert.match(await childCard.innerText(), /Flat 7 key/);
  assert.match(await childCard.innerText(), /Child Flat 7/);
  await open(page, `/portal/keys/${ck.id}?show=1`);
  assert.match(await page.locator('dl.facts').innerText(), /For\s+Child Flat 7/);
  assert.equal(await page.locator('#pass').innerText(), ck.passphrase);
  assert.match(await mainText(page), /Child tablet/);

  await open(page, '/portal/devices');
  let text = await mainText(page);
  assert.match(text, /Child tablet/);
  assert.match(text, /Office printer/);
  // The parent registers a device on the child's key: it is the child's.
  const mac = randomMac();
  await page.fill('#mac', mac);
  await page.fill('#name', 'Child laptop');
  const option = (await page.locator('#key option').allInnerTexts()).find((o) => o.includes('Child Flat 7'));
  assert.ok(option, 'the child\'s key is not offered');
  await page.selectOption('#key', String(ck.id));
  const r = await submit(page, page.getByRole('button', { name: 'Register device' }));
  assert.equal(r.status, 303);
  const childDevices = await apiDevices(child.ext);
  assert.ok(childDevices.some((d) => d.mac === macColons(mac) && d.key === ck.id));

  // The child: its own key and devices only.
  const other = await newContext();
  try {
    const cp = other.page;
    await signIn(cp, child.username, child.password);
    const own = cp.locator('ul.cards li.card');
    assert.equal(await own.count(), 1);
    assert.equal(await own.locator(`a[href="/portal/keys/${ck.id}"]`).count(), 2);
    assert.equal((await open(cp, `/portal/keys/${pk.id}`)).status(), 404);
    assert.equal((await open(cp, `/portal/devices/${parentDevice.id}`)).status(), 404);
    assert.equal((await open(cp, `/portal/devices/${childDevice.id}`)).status(), 200);
    await open(cp, '/portal/devices');
    text = await mainText(cp);
    assert.match(text, /Child tablet/);
    assert.match(text, /Child laptop/);
    assert.doesNotMatch(text, /Office printer/);
    assert.equal((await cp.locator('#key option').allInnerTexts()).filter((o) => o.includes('Office')).length, 0);
    other.guard.check();
  } finally {
    await other.ctx.close();
  }
});
