// SPDX-License-Identifier: GPL-2.0-or-later
// staff_cards.mjs - bulk output from the staff dashboard: the welcome-card
// PDF for a building (a page per active key, each QR code decoded; the
// cards of tenants who never signed in carry an activation code that
// works; a reprint keeps it unless "New activation codes" is ticked), the
// customers and keys CSV exports, and invitations that new tenants sign
// up with.
import assert from 'node:assert/strict';
import { mainText, newContext, open, portalTest, submit, where } from '../lib/browser.mjs';
import { readPdf, wifiPayload } from '../lib/checks.mjs';
import { SSID, addKey, plan, specialPassphrase } from '../lib/data.mjs';
import { apiOk, mpsk, randomHex, unique } from '../lib/stack.mjs';
import {
  csvRecords, customer, download, firstCellRow, sharedStaff, staffSignIn,
} from '../lib/staff.mjs';

const CODE = /[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}/g;

/** Activate a tenant account with code in a context of its own; insists
 * that it lands on My keys. */
async function activates(code) {
  const other = await newContext();
  try {
    const p = other.page;
    const username = unique('bt-card');
    const password = `Card-${randomHex(12)}`;
    await open(p, '/portal/activate');
    await p.fill('#code', code);
    await p.fill('#username', username);
    await p.fill('#password', password);
    await p.fill('#password2', password);
    const r = await submit(p, p.getByRole('button', { name: 'Activate' }));
    assert.equal(r.status, 303, `the code ${code} did not activate`);
    assert.equal(where(p), '/portal/keys');
    other.guard.check();
  } finally {
    await other.ctx.close();
  }
}

portalTest('cards and export: a building\'s welcome-card PDF has a page per active key, every QR decodes, unactivated tenants get a working code; customers CSV; the operator\'s keys CSV has no passphrases', async ({ page }) => {
  const building = `Harbour House ${randomHex(6)}`;
  const tag = randomHex(4);
  const ana = await customer({
    name: `Flat 3.04 — Ana Müller ${tag}`, building, unit: '3.04',
    keys: [{ network: SSID.plain, label: 'Home' },
      { network: SSID.special, passphrase: specialPassphrase(), label: 'Studio' }],
  });
  const ben = await customer({
    name: `Flat 3.05 — Ben Okafor ${tag}`, building, unit: '3.05',
    keys: [{ network: SSID.plain, label: 'Home' }, { network: SSID.plain, label: 'Old' }],
  });
  const cara = await customer({
    name: `Flat 3.06 — Cara Lopez ${tag}`, building, unit: '3.06', keys: [{ network: SSID.plain, label: 'Home' }],
  });
  // Not printed: a disabled key, a guest key, a terminated customer.
  await apiOk('PATCH', `/api/v1/keys/${ben.keys[1].id}`, { status: 'disabled' });
  await addKey(ana.ext, {
    network: SSID.plain, kind: 'guest', label: 'Visitors',
    valid_from: '2030-01-01T00:00:00Z', valid_until: '2030-01-02T00:00:00Z',
  });
  const gone = await customer({ name: `Flat 3.07 — Moved Out ${tag}`, building, keys: [{ network: SSID.plain }] });
  await apiOk('DELETE', `/api/v1/customers/${gone.ext}`);
  // Cara has signed in before: her card has no code.
  await mpsk(['tenant', 'password', '--customer', cara.ext, '--username', unique('bt-cara')],
    `Cara-${randomHex(12)}\n`);
  const printed = [ana.keys[0], ana.keys[1], ben.keys[0], cara.keys[0]];

  const op = await sharedStaff('operator');
  await staffSignIn(page, op);
  await page.getByRole('link', { name: 'Cards & export' }).click();
  assert.equal(where(page), '/staff/cards');
  const option = page.locator('#building option').filter({ hasText: building });
  assert.equal(await option.innerText(), `${building} (3)`, 'the building shows its customers (terminated ones not)');
  await page.selectOption('#building', building);
  await page.selectOption('#paper', 'a4');
  const pdfFile = await download(page, page.getByRole('button', { name: 'Make PDF' }));
  assert.equal(pdfFile.name, 'wifi-cards.pdf');
  const pdf = await readPdf(pdfFile.file, { binary: true });
  assert.equal(pdf.pages, printed.length, 'one page per active key');
  assert.deepEqual([...pdf.codes].sort(), printed.map((k) => wifiPayload(k.ssid, k.passphrase)).sort());
  // Each page's text: its tenant, and an activation code for Ana and Ben.
  const pages = pdf.text.split('\f').filter((t) => t.trim());
  assert.equal(pages.length, printed.length);
  const codes = {};
  for (const text of pages) {
    const who = [ana, ben, cara].find((c) => text.replace(/\s+/g, ' ').includes(c.name));
    assert.ok(who, `a card for nobody: ${text}`);
    const found = text.match(CODE) ?? [];
    if (who === cara) {
      assert.deepEqual(found, [], 'a tenant who signed in got an activation code');
    } else {
      assert.equal(found.length, 1, `${who.name}'s card: ${text}`);
      codes[who.ext] ??= new Set();
      codes[who.ext].add(found[0]);
    }
  }
  assert.deepEqual(Object.keys(codes).sort(), [ana.ext, ben.ext].sort());
  assert.equal(codes[ana.ext].size, 1, 'Ana\'s two cards have different codes');
  await activates([...codes[ben.ext]][0]);

  // Printing again does not replace Ana's code (stored hashed, it cannot be
  // printed again): her cards say to use the code given earlier. Ticking
  // "New activation codes" gives her a new one (Ben and Cara have signed in).
  const reprint = async (newCodes) => {
    await open(page, '/staff/cards');
    await page.selectOption('#building', building);
    if (newCodes) await page.check('#new_codes');
    const f = await download(page, page.getByRole('button', { name: 'Make PDF' }));
    return (await readPdf(f.file, { binary: true })).text.replace(/\s+/g, ' ');
  };
  const again = await reprint(false);
  assert.deepEqual(again.match(CODE) ?? [], [], 'a reprint without the choice made new codes');
  assert.match(again, /activation code you were given earlier \(valid until \d{4}-\d\d-\d\d\)/);
  const renewed = [...new Set((await reprint(true)).match(CODE) ?? [])];
  assert.equal(renewed.length, 1, 'one new code, for Ana');
  assert.ok(!codes[ana.ext].has(renewed[0]), 'the new code is the old one');
  await activates(renewed[0]);

  // Customers CSV.
  const customers = await download(page, page.getByRole('link', { name: 'Customers (CSV)' }));
  assert.equal(customers.name, 'customers.csv');
  const { header, records } = csvRecords(customers.body.toString('utf8'));
  assert.deepEqual(header,
    ['external_id', 'name', 'email', 'phone', 'status', 'plan', 'parent', 'building', 'unit', 'created_at']);
  const mine = records.filter((c) => c.building === building).map((c) => [c.external_id, c.name, c.unit, c.status]);
  assert.deepEqual(mine.sort(), [
    [ana.ext, ana.name, '3.04', 'active'], [ben.ext, ben.name, '3.05', 'active'],
    [cara.ext, cara.name, '3.06', 'active'], [gone.ext, gone.name, '', 'terminated'],
  ].sort());

  // Keys CSV: the operator's has no passphrase column, and no passphrase.
  const link = page.getByRole('link', { name: /^Keys \(CSV/ });
  assert.equal(await link.innerText(), 'Keys (CSV)');
  const keysCsv = await download(page, link);
  const keys = csvRecords(keysCsv.body.toString('utf8'));
  assert.deepEqual(keys.header, ['id', 'customer', 'ssid', 'label', 'kind', 'status', 'valid_from', 'valid_until']);
  const benKeys = keys.records.filter((k) => k.customer === ben.ext).map((k) => [k.label, k.status]);
  assert.deepEqual(benKeys, [['Home', 'active'], ['Old', 'disabled']]);
  for (const k of printed) {
    assert.ok(!keysCsv.body.toString('utf8').includes(k.passphrase), 'a passphrase in the operator\'s CSV');
  }
});

portalTest('invitations: an operator creates one (the code shown once); a new tenant signs up with it and gets the plan\'s keys', async ({ page }) => {
  const p = await plan({ keys_per_customer: 1 });
  const building = `Tower C ${randomHex(6)}`;
  const op = await sharedStaff('operator');
  await staffSignIn(page, op);
  await page.getByRole('link', { name: 'Invitations' }).click();
  assert.equal(where(page), '/staff/invitations');
  await page.fill('#building', building);
  await page.fill('#unit', '9.01');
  await page.selectOption('#plan', p.name);
  await page.fill('#uses', '1');
  await page.fill('#days', '7');
  const r = await submit(page, page.getByRole('button', { name: 'Create and show the code' }));
  assert.equal(r.status, 200);
  const code = await page.locator('#code').innerText();
  assert.match(code, new RegExp(`^${CODE.source}$`));
  assert.match(await mainText(page), /shown only once[\s\S]*\/portal\/signup/);
  await page.getByRole('link', { name: 'Done' }).click();
  assert.equal(where(page), '/staff/invitations');
  assert.ok(!(await page.content()).includes(code));
  const row = firstCellRow(page, building);
  assert.match(await row.innerText(),
    new RegExp(`9\\.01\\s+${p.name}\\s+0 of 1\\s+\\S+ \\S+\\s+yes\\s+staff:${op.username}`));

  const tenant = await newContext();
  const username = unique('bt-invited');
  try {
    const tp = tenant.page;
    const password = `Invited-${randomHex(12)}`;
    await open(tp, `/portal/signup?code=${encodeURIComponent(code)}`);
    await tp.fill('#name', 'Flat 9.01 — Ida Svensson');
    await tp.fill('#unit', '9.01');
    await tp.fill('#username', username);
    await tp.fill('#password', password);
    await tp.fill('#password2', password);
    const s = await submit(tp, tp.locator('main form button[type=submit]'));
    assert.equal(s.status, 303);
    assert.equal(where(tp), '/portal/keys?done=welcome');
    assert.ok(await tp.locator('ul.cards li.card').count() >= 1, 'the new tenant has no key');
    tenant.guard.check();
  } finally {
    await tenant.ctx.close();
  }
  await open(page, '/staff/invitations');
  assert.match(await row.innerText(), /1 of 1\s+\S+ \S+\s+no/);
  await open(page, `/staff/customers?building=${encodeURIComponent(building)}`);
  const listed = page.locator('main table tbody tr');
  assert.equal(await listed.count(), 1);
  assert.match(await listed.innerText(), /Flat 9\.01 — Ida Svensson/);
  assert.match(await listed.innerText(), new RegExp(p.name));
});
