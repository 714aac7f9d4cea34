// SPDX-License-Identifier: GPL-2.0-or-later
// guests.mjs - guest keys: made with a start, an end (datetime-local, in
// the browser's time zone) and a label; listed; their QR code; revoked
// through a confirm dialog; refused when the end is not after the start,
// when they last longer than the plan allows, and past the plan's number.
import assert from 'node:assert/strict';
import { csrfOf, mainText, open, portalTest, postForm, signIn, submit, where } from '../lib/browser.mjs';
import { qrOf, wifiPayload } from '../lib/checks.mjs';
import { SSID, apiKey, network, tenant } from '../lib/data.mjs';
import { apiOk } from '../lib/stack.mjs';

/** Start and end times minutes from now, as the browser's datetime-local
 * text and as the UTC text the list shows. */
function times(page, startMin, endMin) {
  return page.evaluate(([a, b]) => {
    const pad = (n) => String(n).padStart(2, '0');
    const local = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    const utc = (d) => d.toISOString().slice(0, 16).replace('T', ' ');
    const now = new Date();
    now.setSeconds(0, 0);
    const s = new Date(now.getTime() + a * 60000);
    const e = new Date(now.getTime() + b * 60000);
    return { starts: local(s), ends: local(e), startsUtc: utc(s), endsUtc: utc(e) };
  }, [startMin, endMin]);
}

/** Fill and send the new guest key form. */
async function createGuest(page, label, when) {
  await page.fill('#label', label);
  if (await page.locator('#network').count()) {
    await page.selectOption('#network', { label: SSID.plain });
  }
  await page.fill('#starts', when.starts);
  await page.fill('#ends', when.ends);
  return submit(page, page.getByRole('button', { name: 'Create guest key' }));
}

async function guestKeys(ext) {
  const keys = await apiOk('GET', `/api/v1/customers/${ext}/keys`);
  return (Array.isArray(keys) ? keys : keys.items).filter((k) => k.kind === 'guest');
}

portalTest('guest keys: create (local times), list, QR, plan limits, end before start refused, revoke', async ({ ctx, page, guard }) => {
  await network(SSID.plain);
  const t = await tenant({ keys: [{ network: SSID.plain }] });
  await signIn(page, t.username, t.password);
  await page.getByRole('link', { name: 'Guest keys' }).click();
  assert.equal(where(page), '/portal/guests');
  const intro = await mainText(page);
  const maxKeys = Number(intro.match(/allows (\d+) guest keys/)[1]);
  const maxDays = Number(intro.match(/up to (\d+) days/)[1]);
  assert.ok(maxKeys >= 1);
  // The page's script sends the browser's time zone (India: UTC+5:30, no
  // summer time) and says so.
  assert.equal(await page.locator('input[name=tz]').inputValue(), '-330');
  assert.match(await page.locator('[data-tz-hint]').innerText(), /your time zone/i);

  // The end before the start: refused, the fields kept, nothing made.
  let when = await times(page, 120, 60);
  let r = await createGuest(page, 'Backwards', when);
  assert.equal(r.status, 422);
  assert.match(await page.locator('[role=alert]').innerText(), /end after it starts/i);
  assert.equal(await page.inputValue('#label'), 'Backwards');
  assert.equal(await page.inputValue('#starts'), when.starts);
  assert.equal((await guestKeys(t.ext)).length, 0);

  // Longer than the plan allows.
  when = await times(page, 0, (maxDays + 1) * 1440);
  r = await createGuest(page, 'Too long', when);
  assert.equal(r.status, 422);
  assert.match(await page.locator('[role=alert]').innerText(), new RegExp(`at most ${maxDays} days`));
  assert.equal((await guestKeys(t.ext)).length, 0);

  // A good one: lands on the key, shown, with a QR code.
  when = await times(page, -5, 26 * 60);
  r = await createGuest(page, 'Weekend visitors', when);
  assert.equal(r.status, 303);
  const m = where(page).match(/^\/portal\/keys\/(\d+)\?show=1&done=created$/);
  assert.ok(m, `after creating: ${where(page)}`);
  const id = Number(m[1]);
  assert.match(await page.locator('[role=status]').innerText(), /guest key is ready/i);
  const pass = await page.locator('#pass').innerText();
  const key = await apiKey(id);
  assert.equal(key.kind, 'guest');
  assert.equal(key.passphrase, pass);
  assert.equal(key.label, 'Weekend visitors');
  assert.equal(key.valid_from.slice(0, 16).replace('T', ' '), when.startsUtc, 'start not taken as local time');
  assert.equal(key.valid_until.slice(0, 16).replace('T', ' '), when.endsUtc, 'end not taken as local time');
  assert.equal(await qrOf(ctx, `/portal/keys/${id}/qr.png`), wifiPayload(key.ssid, pass));

  await open(page, '/portal/guests');
  const card = page.locator('ul.cards li.card').filter({ hasText: 'Weekend visitors' });
  assert.equal(await card.count(), 1);
  assert.match(await card.innerText(), /works now/);
  assert.match(await card.locator('.meta').innerText(), new RegExp(`${when.startsUtc} – ${when.endsUtc} UTC`));
  await card.getByRole('link', { name: 'QR code' }).click();
  assert.equal(where(page), `/portal/keys/${id}?show=1`);
  assert.equal(await page.locator('#pass').innerText(), pass);
  await open(page, '/portal/guests');

  // Up to the plan's number; then the form is gone and a POST is refused.
  for (let i = 2; i <= maxKeys; i++) {
    r = await createGuest(page, `Guest ${i}`, await times(page, 0, 60));
    assert.equal(r.status, 303, `guest key ${i} of ${maxKeys} answered ${r.status}`);
    await open(page, '/portal/guests');
  }
  assert.equal(await page.locator('form[action="/portal/guests"]').count(), 0, 'the form is still offered');
  assert.match(await mainText(page), new RegExp(`You have ${maxKeys} guest keys in use, the most your plan allows`));
  const more = await times(page, 0, 60);
  const refused = await postForm(ctx, '/portal/guests', {
    csrf: await csrfOf(page), tz: '0', label: 'One too many', starts: more.starts, ends: more.ends,
  });
  assert.equal(refused.status, 422);
  assert.match(refused.text, /the most your plan allows/);
  assert.equal((await guestKeys(t.ext)).length, maxKeys);

  // Revoke (through the confirm dialog): revoked at once, room again.
  const first = page.locator('ul.cards li.card').filter({ hasText: 'Weekend visitors' });
  guard.expectConfirm(true);
  r = await submit(page, first.getByRole('button', { name: 'Revoke' }));
  assert.equal(r.status, 303);
  assert.equal(where(page), '/portal/guests?done=revoked');
  assert.match(await page.locator('[role=status]').innerText(), /revoked/i);
  const revoked = page.locator('ul.cards li.card').filter({ hasText: 'Weekend visitors' });
  assert.match(await revoked.innerText(), /revoked/);
  assert.equal(await revoked.getByRole('button', { name: 'Revoke' }).count(), 0);
  assert.equal((await apiKey(id)).status, 'revoked');
  assert.equal(await page.locator('form[action="/portal/guests"]').count(), 1, 'no room after revoking');
  const dialog = guard.dialogs.find((d) => d.type === 'confirm');
  assert.match(dialog.message, /Revoke Weekend visitors\?/);
}, { timezoneId: 'Asia/Kolkata' });
