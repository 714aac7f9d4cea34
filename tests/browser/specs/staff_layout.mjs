// SPDX-License-Identifier: GPL-2.0-or-later
// staff_layout.mjs - every staff page: markup typed by staff (customer
// names, buildings and units, network sites, NAS names) shows as text and
// never runs; the Content-Security-Policy and no inline script; at 360 px
// no horizontal page scroll (wide tables scroll in their .scroll box) and
// every form field has a label.
import assert from 'node:assert/strict';
import { PHONE, mainText, open, portalTest, submit, where } from '../lib/browser.mjs';
import { assertNoInjection, auditPage } from '../lib/checks.mjs';
import { SSID, XSS, addDevice, addKey, network, randomMac } from '../lib/data.mjs';
import { apiOk, randomHex, unique } from '../lib/stack.mjs';
import {
  addAuthLog, apiDelete, customer, customerId, firstCellRow, randomNasAddress, sharedStaff,
  staffPages, staffSignIn,
} from '../lib/staff.mjs';

/** The page's text holds text (as text, not markup). */
async function showsText(page, text, what) {
  const body = await page.evaluate(() => document.body.innerText);
  assert.ok(body.includes(text), `${what}: ${JSON.stringify(text)} is not shown as text`);
}

portalTest('XSS: markup in customer names, buildings, units, network sites and NAS names entered by staff shows as text and never runs', async ({ page, guard }) => {
  const tag = randomHex(4);
  const building = `${XSS} ${tag}`;
  const nasName = `${XSS} ${tag}`;
  const ssid = unique('bt-xn').slice(0, 32);
  const admin = await sharedStaff('admin');
  await staffSignIn(page, admin);
  let networkId;
  let nasId;
  try {
    // A customer through the form, markup in every text field.
    const ext = unique('bt-xss');
    await open(page, '/staff/customers');
    await page.fill('#external_id', ext);
    await page.fill('#name', XSS);
    await page.fill('#building', building);
    await page.fill('#unit', XSS);
    let r = await submit(page, page.getByRole('button', { name: 'Create customer' }));
    assert.equal(r.status, 303);
    await assertNoInjection(page, 'customer page');
    assert.equal(await page.locator('h1').innerText(), XSS);
    assert.match(await page.locator('dl.facts').innerText(), /Building \/ unit/);
    await showsText(page, `${building} ${XSS}`, 'customer page');
    assert.equal(await page.inputValue('#name'), XSS);
    assert.equal(await page.inputValue('#building'), building);
    const key = await addKey(ext, { network: SSID.plain, label: XSS });
    await addDevice(ext, key.id, XSS, randomMac());
    await addAuthLog([{
      mac: randomMac(), ssid: SSID.plain, nas_name: XSS, reason: 'unknown device', customer_id: await customerId(ext),
    }]);
    await open(page, `/staff/customers/${ext}`);
    await assertNoInjection(page, 'customer page with a key and a device');
    await showsText(page, XSS, 'customer page with a key');
    assert.ok((await page.locator('#key option').allInnerTexts()).some((o) => o.includes(XSS)));

    const lists = [
      ['customers, by building', `/staff/customers?building=${encodeURIComponent(building)}`],
      ['customers, searched', `/staff/customers?search=${encodeURIComponent(ext)}`],
      ['keys', `/staff/keys?search=${encodeURIComponent(ext)}`],
      ['devices', `/staff/devices?search=${encodeURIComponent(ext)}`],
      ['auth log', '/staff/authlog?result=reject'],
      ['dashboard', '/staff/'],
      ['audit log', `/staff/audit?object=${encodeURIComponent(ext)}`],
      ['cards', '/staff/cards'],
    ];
    for (const [what, path] of lists) {
      await open(page, path);
      await assertNoInjection(page, what);
      if (!['cards', 'audit log'].includes(what)) await showsText(page, XSS, what);
    }
    await open(page, `/staff/customers?building=${encodeURIComponent(building)}`);
    assert.equal(await page.locator('form[role=search] select[name=building]').inputValue(), building);
    assert.equal(await page.locator('main table tbody tr').count(), 1);
    await open(page, '/staff/cards');
    assert.ok((await page.locator('#building option').allInnerTexts()).includes(`${building} (1)`));

    // A network whose site is markup.
    await open(page, '/staff/networks');
    await page.fill('#ssid', ssid);
    await page.fill('#site', XSS);
    r = await submit(page, page.getByRole('button', { name: 'Create network' }));
    assert.equal(r.status, 303);
    await assertNoInjection(page, 'networks');
    const netRow = firstCellRow(page, ssid);
    assert.equal(await netRow.locator('td').nth(1).innerText(), XSS);
    networkId = Number((await netRow.getByRole('link').getAttribute('href')).split('/').pop());
    await netRow.getByRole('link').click();
    await assertNoInjection(page, 'network page');
    assert.equal(await page.inputValue('#site'), XSS);

    // A NAS client whose name is markup; its delete dialog quotes it.
    await open(page, '/staff/nas');
    await page.fill('#name', nasName);
    await page.fill('#address', randomNasAddress());
    await page.fill('#secret', `Nas-secret-${randomHex(16)}`);
    r = await submit(page, page.getByRole('button', { name: 'Add NAS client' }));
    assert.equal(r.status, 303, await mainText(page));
    await assertNoInjection(page, 'NAS list');
    const nasRow = firstCellRow(page, nasName);
    assert.equal(await nasRow.count(), 1, 'the NAS name is not shown as text');
    nasId = Number((await nasRow.getByRole('link').getAttribute('href')).split('/').pop());
    await nasRow.getByRole('link').click();
    assert.equal(where(page), `/staff/nas/${nasId}`);
    await assertNoInjection(page, 'NAS page');
    assert.equal(await page.locator('h1').innerText(), `NAS ${nasName}`);
    assert.equal(await page.inputValue('#name'), nasName);
    guard.expectConfirm(true);
    r = await submit(page, page.getByRole('button', { name: 'Delete NAS client' }));
    assert.equal(r.status, 303);
    assert.equal(guard.dialogs.at(-1).message, `Delete NAS ${nasName}?`);
    nasId = undefined;
    await open(page, `/staff/audit?actor=${encodeURIComponent(`staff:${admin.username}`)}`);
    await assertNoInjection(page, 'audit log of the admin');
    assert.equal(guard.dialogs.filter((d) => d.type !== 'confirm').length, 0);
  } finally {
    if (networkId) await apiDelete(`/api/v1/networks/${networkId}`);
    if (nasId) await apiDelete(`/api/v1/nas/${nasId}`);
  }
});

/** Form fields without a label (a <label> with text, or an aria-label as
 * the customer list's row boxes have), and tables outside a .scroll box. */
function layoutFaults(page) {
  return page.evaluate(() => ({
    unlabelled: [...document.querySelectorAll('input, select, textarea')]
      .filter((e) => e.type !== 'hidden')
      .filter((e) => ![...(e.labels ?? [])].some((l) => l.textContent.trim()) &&
        !(e.getAttribute('aria-label') ?? '').trim())
      .map((e) => e.name || e.id || e.outerHTML),
    loose: [...document.querySelectorAll('main table')].filter((t) => !t.closest('.scroll')).length,
  }));
}

portalTest('every staff page: CSP headers and no inline script; at 360 px no horizontal scroll, tables scroll in their box, every field labelled', async ({ page }) => {
  const long = 'x'.repeat(60);
  const c = await customer({
    name: `Flat 12.04 — Maximiliane Oberhausen-Wittgenstein ${long}`,
    building: `Tower D, Harbour Quarter, Building-${long}`,
    unit: `12.04-${long}`.slice(0, 64),
    email: `maximiliane.oberhausen-wittgenstein.${long}@example.net`,
    keys: [{ network: SSID.plain, label: `Label-without-spaces-${long}` }],
  });
  await addDevice(c.ext, c.keys[0].id, `Device-name-without-any-spaces-${long}`);
  const sub = await customer({ name: 'Flat 12.04 — granny flat', parent: c.ext });
  await addAuthLog([{
    mac: randomMac(), ssid: SSID.plain, nas_name: `AP-${'y'.repeat(60)}`, reason: 'unknown device',
    customer_id: await customerId(c.ext),
  }]);
  const p = await apiOk('GET', '/api/v1/plans').then((r) => (Array.isArray(r) ? r : r.items)[0]);
  const nas = await apiOk('POST', '/api/v1/nas', {
    name: `Controller-${randomHex(6)}-${'z'.repeat(50)}`.slice(0, 64), address: randomNasAddress(),
    secret: `Nas-secret-${randomHex(16)}`,
  });
  const ids = { ext: c.ext, plan: p.name, network: (await network(SSID.plain)).id, nas: nas.id };
  const admin = await sharedStaff('admin');
  const wide = [];
  const unlabelled = [];
  const problems = [];
  const check = async (name, response) => {
    await page.waitForLoadState('load');
    const h = response.headers();
    const csp = h['content-security-policy'] ?? '';
    if (!/default-src 'none'/.test(csp) || !/script-src 'self'/.test(csp) || /unsafe-/.test(csp) ||
      !/frame-ancestors 'none'/.test(csp)) problems.push(`${name}: CSP ${csp}`);
    if (!/no-store/.test(h['cache-control'] ?? '')) problems.push(`${name}: may be cached`);
    if (h['x-frame-options'] !== 'DENY') problems.push(`${name}: X-Frame-Options ${h['x-frame-options']}`);
    const a = await auditPage(page);
    assert.equal(a.viewport, PHONE.width);
    if (a.inlineScripts || a.handlers.length || a.styleAttributes) {
      problems.push(`${name}: inline script, handlers or style attributes`);
    }
    if (a.scrollWidth > PHONE.width) wide.push(`${name}: ${a.scrollWidth}px`);
    const f = await layoutFaults(page);
    if (f.loose) problems.push(`${name}: ${f.loose} table(s) outside a .scroll box`);
    if (f.unlabelled.length) unlabelled.push(`${name}: ${f.unlabelled.join(', ')}`);
  };
  try {
    for (const path of ['/staff/signin', '/staff/activate']) await check(path, await open(page, path));
    await staffSignIn(page, admin);
    const pages = [...staffPages(ids), ['staff accounts', '/staff/accounts'],
      ['a sub-customer', `/staff/customers/${sub.ext}`], ['not found', '/staff/customers/bt-no-such-customer'],
      ['long customer list', `/staff/customers?building=${encodeURIComponent(c.building)}`]];
    for (const [name, path] of pages) await check(name, await open(page, path));
    // Answers to forms: a code, a refusal.
    await open(page, `/staff/customers/${c.ext}`);
    let r = await submit(page, page.getByRole('button', { name: 'Issue activation code' }));
    await check('activation code', r.response);
    await open(page, '/staff/plans');
    await page.fill('#name', p.name);
    r = await submit(page, page.getByRole('button', { name: 'Create plan' }));
    assert.equal(r.status, 422);
    await check('plans, refused', r.response);
    await open(page, '/staff/customers');
    await page.fill('#external_id', 'bad id with spaces');
    r = await submit(page, page.getByRole('button', { name: 'Create customer' }));
    await check('customers, refused', r.response);
  } finally {
    await apiDelete(`/api/v1/nas/${nas.id}`);
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(wide, [], 'pages wider than 360 px');
  assert.deepEqual(unlabelled, [], 'form fields without a label');
}, { viewport: PHONE });
