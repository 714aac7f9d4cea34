// SPDX-License-Identifier: GPL-2.0-or-later
// staff_logs.mjs - the dashboard's counts and latest rejects, and the
// authentication log: filters by result, MAC (in any spelling) and reason,
// and paging. RADIUS writes auth_log; the tests add the rows it would.
import assert from 'node:assert/strict';
import { open, portalTest, submit, where } from '../lib/browser.mjs';
import { SSID, randomMac } from '../lib/data.mjs';

// Pages show a MAC as aa:bb:cc:dd:ee:ff.
const shownMac = (m) => m.toLowerCase().match(/../g).join(':');
import {
  addAuthLog, customer, customerId, sharedStaff, sql, staffSignIn, tableRows,
} from '../lib/staff.mjs';

const COUNTS = `SELECT (SELECT COUNT(*) FROM customers WHERE status = 'active'),
  (SELECT COUNT(*) FROM customers WHERE status = 'suspended'),
  (SELECT COUNT(*) FROM wifi_keys WHERE status = 'active'),
  (SELECT COUNT(*) FROM devices),
  (SELECT COUNT(*) FROM device_conflicts WHERE resolved_at IS NULL),
  (SELECT COUNT(*) FROM auth_log WHERE result = 'reject' AND at > UTC_TIMESTAMP() - INTERVAL 1 DAY)`;

/** The dashboard's six numbers, by their words. */
async function shownCounts(page) {
  const items = await page.locator('ul.stats li').allInnerTexts();
  return items.map((t) => Number(t.match(/^\s*(\d+)/)[1]));
}

portalTest('dashboard counts and latest rejects; the auth log filters by result, MAC in any spelling and reason, and its paging links keep the filters', async ({ page }) => {
  const newest = randomMac().toLowerCase();
  await customer({ name: 'Flat 6.01 — Eva Lind', status: 'suspended' });
  const viewer = await sharedStaff('readonly');
  await staffSignIn(page, viewer);
  await addAuthLog([
    { mac: randomMac(), ssid: SSID.plain, nas_name: 'AP-TowerD-6F', reason: 'key expired', ago: 30 },
    { mac: newest, ssid: SSID.plain, nas_name: 'AP-TowerD-6F', reason: 'unknown device' },
  ]);
  // The counts may only grow while the page is made (other tests' data).
  const before = (await sql(COUNTS))[0].map(Number);
  await open(page, '/staff/');
  const shown = await shownCounts(page);
  const after = (await sql(COUNTS))[0].map(Number);
  assert.equal(shown.length, 6);
  for (let i = 0; i < 6; i++) {
    assert.ok(shown[i] >= before[i] && shown[i] <= after[i],
      `count ${i}: the page says ${shown[i]}, the database ${before[i]}..${after[i]}`);
  }
  assert.ok(shown[1] >= 1 && shown[5] >= 2);
  const words = await page.locator('ul.stats li').allInnerTexts();
  assert.deepEqual(words.map((w) => w.replace(/^\s*\d+\s*/, '')),
    ['active customers', 'suspended', 'active keys', 'devices', 'open device conflicts', 'rejects in 24 h']);

  const rejects = await tableRows(page);
  assert.ok(rejects.length >= 2 && rejects.length <= 10, `${rejects.length} latest rejects`);
  assert.deepEqual(rejects[0].slice(1), [shownMac(newest), SSID.plain, 'AP-TowerD-6F', 'unknown device']);
  assert.match(rejects[0][0], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.equal(rejects[1][4], 'key expired');

  // The numbers lead to their lists.
  await page.locator('ul.stats a[href="/staff/customers?status=suspended"]').click();
  assert.equal(where(page), '/staff/customers?status=suspended');
  const total = Number((await page.locator('nav.pager span').innerText()).match(/(\d+) in all/)[1]);
  assert.ok(total >= shown[1], `${total} suspended customers listed, ${shown[1]} counted`);
  await page.goBack();
  await page.locator('ul.stats a[href="/staff/authlog?result=reject"]').click();
  assert.equal(where(page), '/staff/authlog?result=reject');
  assert.equal((await tableRows(page))[0][3], shownMac(newest));

  // The auth log: one device's answers, filtered and paged.
  const mac = randomMac();
  const c = await customer({ name: 'Flat 7.03 — Noah Berger', building: 'Tower D', unit: '7.03' });
  const cid = await customerId(c.ext);
  const seen = { mac, ssid: SSID.plain, nas_name: 'AP-TowerD-7F' };
  // 53 rows for one device: 51 unknown-device rejects (oldest first), a
  // key-disabled reject and an accept.
  await addAuthLog([
    ...Array.from({ length: 51 }, (_, i) => ({ ...seen, reason: 'unknown device', ago: 600 - i })),
    { ...seen, reason: 'key disabled', customer_id: cid, ago: 5 },
    { ...seen, result: 'accept', customer_id: cid, ago: 1 },
  ]);
  await page.getByRole('link', { name: 'Auth log' }).click();
  const form = page.locator('form[role=search]');
  await form.locator('select[name=result]').selectOption('reject');
  await form.locator('input[name=mac]').fill(mac.match(/../g).join('-'));
  await submit(page, form.getByRole('button', { name: 'Filter' }));
  const pager = () => page.locator('nav.pager span').innerText();
  assert.equal(await pager(), 'Page 1 of 2 · 52 in all');
  let rows = await tableRows(page);
  assert.equal(rows.length, 50);
  for (const r of rows) assert.deepEqual([r[1], r[3], r[4]], ['reject', shownMac(mac), SSID.plain]);
  assert.deepEqual([rows[0][2], rows[0][6]], ['key disabled', c.ext], 'newest first, with its customer');
  const link = page.locator('main table tbody tr').first().getByRole('link', { name: c.ext });
  assert.equal(await link.getAttribute('href'), `/staff/customers/${c.ext}`);
  assert.equal(await form.locator('select[name=result]').inputValue(), 'reject');
  assert.equal(await form.locator('input[name=mac]').inputValue(), mac.match(/../g).join('-'));

  await page.locator('a[rel=next]').click();
  const q = new URL(page.url()).searchParams;
  assert.deepEqual([q.get('page'), q.get('result'), q.get('mac')], ['2', 'reject', mac.match(/../g).join('-')]);
  assert.equal(await pager(), 'Page 2 of 2 · 52 in all');
  rows = await tableRows(page);
  assert.deepEqual(rows.map((r) => r[2]), ['unknown device', 'unknown device']);
  await page.locator('a[rel=prev]').click();
  assert.equal(await pager(), 'Page 1 of 2 · 52 in all');

  const filtered = async (query) => {
    await open(page, `/staff/authlog?${new URLSearchParams(query)}`);
    return tableRows(page);
  };
  rows = await filtered({ mac: mac.toLowerCase().match(/../g).join(':'), reason: 'key disabled' });
  assert.deepEqual(rows.map((r) => [r[1], r[2]]), [['reject', 'key disabled']]);
  rows = await filtered({ mac: mac.toLowerCase().match(/..../g).join('.'), result: 'accept' });
  assert.deepEqual(rows.map((r) => [r[1], r[2], r[6]]), [['accept', '', c.ext]]);
  rows = await filtered({ mac: mac.toLowerCase() });
  assert.equal(rows.length, 50);
  assert.equal(await pager(), 'Page 1 of 2 · 53 in all');
  rows = await filtered({ reason: 'key disabled' });
  assert.ok(rows.length >= 1 && rows.every((r) => r[2] === 'key disabled'), 'the reason filter lets others through');
  assert.ok(rows.some((r) => r[3] === shownMac(mac)), 'the reason filter left this device out');
  rows = await filtered({ mac: randomMac() });
  assert.equal(rows.length, 0);
  assert.equal(await pager(), 'Page 1 of 1 · 0 in all');
});
