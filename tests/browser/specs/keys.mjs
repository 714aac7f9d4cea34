// SPDX-License-Identifier: GPL-2.0-or-later
// keys.mjs - My keys: the passphrase hidden until asked for, the QR code
// (decoded and compared with the WIFI: text, escapes included), the PDF
// card (rendered, decoded, its text read) and rotating a key.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mainText, open, portalTest, signIn, submit, where } from '../lib/browser.mjs';
import { qrOf, readPdf, tempPath, wifiPayload } from '../lib/checks.mjs';
import { SSID, apiKey, specialPassphrase, tenant } from '../lib/data.mjs';
import { BASE } from '../lib/stack.mjs';

/** The card of the key with this id on My keys. */
function keyCard(page, id) {
  return page.locator('ul.cards li.card').filter({ has: page.locator(`a[href="/portal/keys/${id}"]`) });
}

portalTest('My keys: passphrase hidden until "Show password"; shown with a QR code that decodes to the WIFI: text', async ({ ctx, page }) => {
  const pass = specialPassphrase();
  const t = await tenant({
    keys: [{ network: SSID.special, passphrase: pass, label: 'Flat key' }, { network: SSID.plain }],
  });
  const [special, plain] = t.keys;
  await signIn(page, t.username, t.password);
  assert.equal(await page.locator('ul.cards li.card').count(), 2);
  assert.match(await keyCard(page, special.id).innerText(), /Flat key/);
  assert.equal(await keyCard(page, special.id).locator('h2').innerText(), SSID.special);
  assert.ok(!(await page.content()).includes(pass), 'My keys shows a passphrase');

  await keyCard(page, special.id).getByRole('link', { name: 'Open' }).click();
  assert.equal(where(page), `/portal/keys/${special.id}`);
  assert.equal(await page.locator('h1').innerText(), SSID.special);
  assert.equal(await page.locator('#pass').count(), 0);
  assert.equal(await page.locator('figure.qr img').count(), 0, 'the QR code shows before asked for');
  assert.ok(!(await page.content()).includes(pass.replace(/"/g, '&quot;')) &&
    !(await mainText(page)).includes(pass), 'the passphrase is in the page before asked for');

  await page.getByRole('link', { name: 'Show password' }).click();
  assert.equal(where(page), `/portal/keys/${special.id}?show=1`);
  assert.equal(await page.locator('#pass').innerText(), pass);
  const img = page.locator('figure.qr img');
  await page.waitForLoadState('load');
  assert.equal(await img.getAttribute('src'), `/portal/keys/${special.id}/qr.png`);
  assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), 'the QR image did not load');
  assert.equal(await qrOf(ctx, `/portal/keys/${special.id}/qr.png`), wifiPayload(SSID.special, pass));
  // The page, its QR code and its card hold the secret: never cached.
  for (const path of [`/portal/keys/${special.id}?show=1`, `/portal/keys/${special.id}/qr.png`,
    `/portal/keys/${special.id}/card.pdf`]) {
    const r = await ctx.request.get(path);
    assert.equal(r.status(), 200, path);
    assert.match(r.headers()['cache-control'] ?? '', /no-store/, `${path} may be cached`);
  }

  // The Copy button (the page's script) puts the passphrase on the clipboard.
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  const copy = page.getByRole('button', { name: 'Copy' });
  await copy.click();
  await page.getByRole('button', { name: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), pass);

  await page.getByRole('link', { name: 'Hide password' }).click();
  assert.equal(await page.locator('#pass').count(), 0);

  // The generated key on the plain network too.
  await open(page, `/portal/keys/${plain.id}?show=1`);
  assert.equal(await page.locator('#pass').innerText(), plain.passphrase);
  assert.equal(await qrOf(ctx, `/portal/keys/${plain.id}/qr.png`), wifiPayload(SSID.plain, plain.passphrase));
});

portalTest('PDF card: downloads, every page\'s QR code decodes to the WIFI: text, its text has SSID and passphrase', async ({ page }) => {
  const pass = specialPassphrase();
  const t = await tenant({ keys: [{ network: SSID.special, passphrase: pass, label: 'Card key' }] });
  const [key] = t.keys;
  await signIn(page, t.username, t.password);
  await open(page, `/portal/keys/${key.id}`);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download PDF card' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `wifi-key-${key.id}.pdf`);
  const file = tempPath('card.pdf');
  await download.saveAs(file);
  assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
  const pdf = await readPdf(file);
  assert.ok(pdf.pages >= 1);
  assert.ok(pdf.codes.length >= 1, 'no QR code on the card');
  for (const code of pdf.codes) assert.equal(code, wifiPayload(SSID.special, pass));
  assert.ok(pdf.text.includes(SSID.special), `the card's text lacks the SSID:\n${pdf.text}`);
  assert.ok(pdf.text.includes(pass), `the card's text lacks the passphrase:\n${pdf.text}`);
});

portalTest('rotate: confirm page, then a new passphrase; the old one is gone, the API and the QR code agree', async ({ ctx, page }) => {
  const pass = specialPassphrase();
  const t = await tenant({ keys: [{ network: SSID.special, passphrase: pass }] });
  const [key] = t.keys;
  await signIn(page, t.username, t.password);
  await open(page, `/portal/keys/${key.id}?show=1`);
  const before = await page.locator('#pass').innerText();
  assert.equal(before, pass);

  await page.getByRole('link', { name: "Change this key's password" }).click();
  assert.equal(where(page), `/portal/keys/${key.id}/rotate`);
  assert.match(await page.locator('h1').innerText(), /Change the password/);
  assert.match(await mainText(page), /old password stops working/i);
  // "No" changes nothing.
  await page.getByRole('link', { name: 'No, keep it' }).click();
  assert.equal((await apiKey(key.id)).passphrase, pass);

  await page.getByRole('link', { name: "Change this key's password" }).click();
  const r = await submit(page, page.getByRole('button', { name: 'Yes, change the password' }));
  assert.equal(r.status, 303);
  assert.equal(where(page), `/portal/keys/${key.id}?show=1&done=rotated`);
  assert.match(await page.locator('[role=status]').innerText(), /new password/i);
  const after = await page.locator('#pass').innerText();
  assert.notEqual(after, before);
  assert.match(after, /^\S{8,63}$/);
  assert.ok(!(await page.content()).includes(before.replace(/"/g, '&quot;')) &&
    !(await mainText(page)).includes(before), 'the old passphrase is still on the page');
  assert.equal((await apiKey(key.id)).passphrase, after, 'the API disagrees with the page');
  assert.equal(await qrOf(ctx, `/portal/keys/${key.id}/qr.png`), wifiPayload(SSID.special, after));
  await open(page, '/portal/keys');
  assert.ok(!(await page.content()).includes(before));
});
