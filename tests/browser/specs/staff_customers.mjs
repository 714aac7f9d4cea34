// SPDX-License-Identifier: GPL-2.0-or-later
// staff_customers.mjs - customers in the staff dashboard: the list (search,
// filters, paging), the new-customer form, the detail page (keys,
// devices, sub-customers, recent RADIUS answers), editing, suspending,
// reactivating and terminating (RADIUS's decision follows), and issuing
// an activation code that works in the tenant portal.
import assert from 'node:assert/strict';
import { mainText, newContext, open, portalTest, submit, where } from '../lib/browser.mjs';
import { SSID, addDevice, macColons, plan, randomMac } from '../lib/data.mjs';
import { apiOk, randomHex, unique } from '../lib/stack.mjs';
import {
  addAuthLog, apiCustomer, apiKeys, customer, customerId, decision, rowWith, sharedStaff,
  staffSignIn, tableRows, until,
} from '../lib/staff.mjs';

const CODE = /^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/;

/** The customers list's filter form: set the fields given, press Filter. */
async function filter(page, { search = '', status = '', plan: planName = '', building = '' }) {
  const form = page.locator('form[role=search]');
  await form.locator('input[name=search]').fill(search);
  await form.locator('select[name=status]').selectOption(status);
  await form.locator('select[name=plan]').selectOption(planName);
  await form.locator('select[name=building]').selectOption(building);
  await submit(page, form.getByRole('button', { name: 'Filter' }));
}

/** The pager's "Page N of M · T in all" text. */
function pagerText(page) {
  return page.locator('nav.pager span').innerText();
}

/** The external ids the customers list shows. */
async function listedIds(page) {
  return (await tableRows(page)).map((cells) => cells[1]);
}

portalTest('customers list: search, filters for status, plan and building, paging links that keep the filters', async ({ page }) => {
  const building = `Harbour View ${randomHex(6)}`;
  const [main, other] = await Promise.all([plan(), plan()]);
  const exts = [];
  // 53 customers in the building: 3 on another plan, 2 suspended.
  for (let start = 0; start < 53; start += 12) {
    await Promise.all(Array.from({ length: Math.min(12, 53 - start) }, async (_, j) => {
      const i = start + j;
      const ext = `${unique('bt-list')}-${String(i).padStart(2, '0')}`;
      exts[i] = ext;
      const unit = `${Math.floor(i / 10) + 1}.${String(i % 10).padStart(2, '0')}`;
      await apiOk('PUT', `/api/v1/customers/${ext}`, {
        name: i === 7 ? `Flat 1.07 — Ana Müller ${building}` : `Flat ${unit} — Resident ${i}`,
        plan: i < 3 ? other.name : main.name,
        building,
        unit,
        status: i === 10 || i === 20 ? 'suspended' : 'active',
      });
    }));
  }
  const viewer = await sharedStaff('readonly');
  await staffSignIn(page, viewer);
  await page.getByRole('link', { name: 'Customers', exact: true }).click();
  assert.equal(where(page), '/staff/customers');

  await filter(page, { building });
  assert.equal(new URL(page.url()).searchParams.get('building'), building);
  assert.equal(await pagerText(page), 'Page 1 of 2 · 53 in all');
  const first = await listedIds(page);
  assert.equal(first.length, 50);
  assert.deepEqual(first, [...exts].sort().slice(0, 50), 'page 1 is not the first 50 by external id');
  assert.equal(await page.locator('form[role=search] select[name=building]').inputValue(), building,
    'the filter form forgot the building');
  assert.equal(await page.locator('a[rel=prev]').count(), 0);
  await page.locator('a[rel=next]').click();
  assert.equal(new URL(page.url()).searchParams.get('page'), '2');
  assert.equal(new URL(page.url()).searchParams.get('building'), building, 'Next lost the building');
  assert.equal(await pagerText(page), 'Page 2 of 2 · 53 in all');
  assert.deepEqual(await listedIds(page), [...exts].sort().slice(50));
  assert.equal(await page.locator('a[rel=next]').count(), 0);
  await page.locator('a[rel=prev]').click();
  assert.equal(await pagerText(page), 'Page 1 of 2 · 53 in all');

  await filter(page, { building, status: 'suspended' });
  assert.deepEqual(await listedIds(page), [exts[10], exts[20]].sort());
  for (const row of await tableRows(page)) assert.equal(row[3], 'suspended');
  assert.equal(await page.locator('form[role=search] select[name=status]').inputValue(), 'suspended');

  // The other filters, as links would have them.
  const listed = async (query) => {
    await open(page, `/staff/customers?${new URLSearchParams(query)}`);
    return listedIds(page);
  };
  assert.deepEqual(await listed({ building, plan: other.name }), exts.slice(0, 3).sort());
  for (const row of await tableRows(page)) assert.equal(row[4], other.name);
  assert.equal(await page.locator('form[role=search] select[name=plan]').inputValue(), other.name);

  // Search: part of a name, any case and accents as typed.
  assert.deepEqual(await listed({ search: `müller ${building.toUpperCase()}` }), [exts[7]]);
  assert.deepEqual(await listed({ search: exts[33] }), [exts[33]]);
  assert.match(await rowWith(page, exts[33]).innerText(), new RegExp(`${building}\\s+4\\.03`));
  assert.deepEqual(await listed({ search: `no-such-customer-${randomHex(8)}` }), []);
  assert.match(await mainText(page), /No customers match/);
});

portalTest('new customer form: created with its keys (the API agrees); its page shows keys, devices, sub-customers and RADIUS answers; edit saves name, building, unit and plan', async ({ page }) => {
  const [withKeys, noKeys] = await Promise.all([plan({ keys_per_customer: 1 }), plan()]);
  const op = await sharedStaff('operator');
  await staffSignIn(page, op);
  await open(page, '/staff/customers');
  const ext = unique('bt-new');
  await page.fill('#external_id', ext);
  await page.fill('#name', 'Flat 2.11 — Jonas Weber');
  await page.fill('#email', 'jonas.weber@example.net');
  await page.fill('#phone', '+49 30 1234567');
  await page.selectOption('#plan', withKeys.name);
  await page.fill('#building', 'Tower B');
  await page.fill('#unit', '2.11');
  let r = await submit(page, page.getByRole('button', { name: 'Create customer' }));
  assert.equal(r.status, 303);
  assert.equal(where(page), `/staff/customers/${ext}?done=created`);
  assert.match(await page.locator('[role=status]').innerText(), /created, with its keys/);
  assert.equal(await page.locator('h1').innerText(), 'Flat 2.11 — Jonas Weber');

  const c = await apiCustomer(ext);
  assert.equal(c.name, 'Flat 2.11 — Jonas Weber');
  assert.equal(c.email, 'jonas.weber@example.net');
  assert.equal(c.phone, '+49 30 1234567');
  assert.equal(c.plan, withKeys.name);
  assert.equal(c.building, 'Tower B');
  assert.equal(c.unit, '2.11');
  assert.equal(c.status, 'active');
  const keys = await apiKeys(ext);
  assert.ok(keys.length >= 1, 'the plan gives a key, the API shows none');
  assert.equal(c.keys, keys.length);
  const keyRows = await tableRows(page, page.locator('main .scroll').nth(0));
  assert.deepEqual(keyRows.map((k) => k[0]).sort(), keys.map((k) => k.ssid).sort());
  for (const k of keys) assert.ok(!(await page.content()).includes(k.passphrase), 'a passphrase is on the page');

  // The same external id again: refused, what was typed is kept.
  await open(page, '/staff/customers');
  await page.fill('#external_id', ext);
  await page.fill('#name', 'Somebody Else');
  await page.selectOption('#plan', noKeys.name);
  r = await submit(page, page.getByRole('button', { name: 'Create customer' }));
  assert.equal(r.status, 409);
  assert.match(await page.locator('[role=alert]').innerText(), /exists already/);
  assert.equal(await page.inputValue('#name'), 'Somebody Else');
  assert.equal(await page.inputValue('#plan'), noKeys.name);
  assert.equal((await apiCustomer(ext)).name, 'Flat 2.11 — Jonas Weber');

  // A sub-customer, a device and RADIUS answers, then the page again.
  const child = await customer({ name: 'Flat 2.11 — guest room', parent: ext });
  const plain = keys.find((k) => k.ssid === SSID.plain) ?? keys[0];
  const mac = randomMac();
  await addDevice(ext, plain.id, 'Jonas phone', mac);
  await addAuthLog([
    { mac, ssid: plain.ssid, nas_name: 'AP-TowerB-2F', result: 'accept', ago: 60 },
    {
      mac: randomMac(), ssid: plain.ssid, nas_name: 'AP-TowerB-2F', reason: 'key disabled',
      customer_id: await customerId(ext),
    },
  ]);
  await open(page, `/staff/customers/${ext}`);
  assert.equal(await page.getByRole('heading', { name: 'Sub-customers' }).count(), 1);
  const sub = page.locator('main ul.list li');
  assert.equal(await sub.count(), 1);
  assert.match(await sub.innerText(), /Flat 2\.11 — guest room \(active\)/);
  assert.equal(await sub.getByRole('link').getAttribute('href'), `/staff/customers/${child.ext}`);
  // The devices table (the first .scroll after the keys') has it; the
  // RADIUS answers show the same address too.
  const device = page.locator('main .scroll').nth(1).locator('table tbody tr')
    .filter({ hasText: macColons(mac) });
  assert.match(await device.innerText(), /Jonas phone/);
  assert.match(await device.innerText(), /api/);
  const answers = await tableRows(page, page.locator('main .scroll').nth(2));
  assert.deepEqual(answers.map((a) => [a[1], a[2], a[4]]),
    [['reject', 'key disabled', 'AP-TowerB-2F'], ['accept', '', 'AP-TowerB-2F']]);
  assert.match(await page.locator('dl.facts').innerText(), /Portal sign-in\s+not activated/);

  // Edit.
  await page.fill('#name', 'Flat 3.04 — Jonas Weber');
  await page.fill('#building', 'Tower D');
  await page.fill('#unit', '3.04');
  await page.selectOption('#plan', noKeys.name);
  r = await submit(page, page.getByRole('button', { name: 'Save' }));
  assert.equal(r.status, 303);
  assert.equal(where(page), `/staff/customers/${ext}?done=saved`);
  assert.equal(await page.locator('[role=status]').innerText(), 'Saved.');
  const facts = await page.locator('dl.facts').innerText();
  assert.match(facts, new RegExp(`Plan\\s+${noKeys.name}`));
  assert.match(facts, /Building \/ unit\s+Tower D 3\.04/);
  const edited = await apiCustomer(ext);
  assert.deepEqual([edited.name, edited.building, edited.unit, edited.plan, edited.email],
    ['Flat 3.04 — Jonas Weber', 'Tower D', '3.04', noKeys.name, 'jonas.weber@example.net']);
});

portalTest('customer status: suspend (confirm) makes RADIUS refuse, reactivate lets it in, terminate (confirm); an activation code is shown once and works in the portal', async ({ page, guard }) => {
  const c = await customer({
    name: 'Flat 5.02 — Lea Schmidt', building: 'Tower D', unit: '5.02', keys: [{ network: SSID.plain }],
  });
  const mac = randomMac();
  await addDevice(c.ext, c.keys[0].id, 'Lea laptop', mac);
  assert.equal((await decision(mac, SSID.plain)).decision, 'accept');
  const op = await sharedStaff('operator');
  await staffSignIn(page, op);
  await open(page, `/staff/customers/${c.ext}`);
  const status = () => page.locator('dl.facts .badge').first().innerText();
  assert.equal(await status(), 'active');
  assert.equal(await page.getByRole('button', { name: 'Reactivate' }).count(), 0);

  // Activation code: shown in the answer to the POST only.
  let r = await submit(page, page.getByRole('button', { name: 'Issue activation code' }));
  assert.equal(r.status, 200);
  const code = await page.locator('#code').innerText();
  assert.match(code, CODE);
  assert.match(await mainText(page), /\/portal\/activate/);
  await page.getByRole('link', { name: 'Done' }).click();
  assert.equal(where(page), `/staff/customers/${c.ext}`);
  assert.ok(!(await page.content()).includes(code));
  const tenant = await newContext();
  try {
    const tp = tenant.page;
    const username = unique('bt-lea');
    const password = `Lea-${randomHex(12)}`;
    await open(tp, `/portal/activate?code=${encodeURIComponent(code)}`);
    await tp.fill('#username', username);
    await tp.fill('#password', password);
    await tp.fill('#password2', password);
    r = await submit(tp, tp.getByRole('button', { name: 'Activate' }));
    assert.equal(r.status, 303);
    assert.equal(where(tp), '/portal/keys');
    assert.equal(await tp.locator('ul.cards li.card').count(), 1);
    tenant.guard.check();
  } finally {
    await tenant.ctx.close();
  }
  await open(page, `/staff/customers/${c.ext}`);
  assert.match(await page.locator('dl.facts').innerText(), /Portal sign-in\s+bt-lea/);

  // Suspend: a confirm first; "Cancel" changes nothing.
  guard.expectConfirm(false);
  await page.getByRole('button', { name: 'Suspend' }).click();
  await until(() => guard.dialogs.length === 1, 'the confirm dialog');
  assert.equal(where(page), `/staff/customers/${c.ext}`);
  assert.equal((await apiCustomer(c.ext)).status, 'active');
  guard.expectConfirm(true);
  r = await submit(page, page.getByRole('button', { name: 'Suspend' }));
  assert.equal(r.status, 303);
  assert.equal(where(page), `/staff/customers/${c.ext}?done=suspended`);
  assert.match(await page.locator('[role=status]').innerText(), /suspended/);
  assert.deepEqual(guard.dialogs.map((d) => d.message),
    Array(2).fill(`Suspend ${c.ext}? Its devices are refused from the next join.`));
  assert.equal(await status(), 'suspended');
  assert.equal((await apiCustomer(c.ext)).status, 'suspended');
  const refused = await decision(macColons(mac), SSID.plain);
  assert.deepEqual([refused.decision, refused.reason], ['reject', 'customer suspended']);

  r = await submit(page, page.getByRole('button', { name: 'Reactivate' }));
  assert.equal(r.status, 303);
  assert.equal(where(page), `/staff/customers/${c.ext}?done=active`);
  assert.equal(await status(), 'active');
  assert.equal((await apiCustomer(c.ext)).status, 'active');
  assert.equal((await decision(mac, SSID.plain)).decision, 'accept');

  guard.expectConfirm(true);
  r = await submit(page, page.getByRole('button', { name: 'Terminate' }));
  assert.equal(r.status, 303);
  assert.equal(where(page), `/staff/customers/${c.ext}?done=terminated`);
  assert.equal(guard.dialogs.at(-1).message, `Terminate ${c.ext}? This cannot be undone from here.`);
  assert.equal(await status(), 'terminated');
  assert.equal((await apiCustomer(c.ext)).status, 'terminated');
  assert.equal((await decision(mac, SSID.plain)).decision, 'reject');
  for (const name of ['Suspend', 'Reactivate', 'Terminate']) {
    assert.equal(await page.getByRole('button', { name }).count(), 0, `a terminated customer offers ${name}`);
  }
});
