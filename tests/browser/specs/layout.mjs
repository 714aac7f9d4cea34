// SPDX-License-Identifier: GPL-2.0-or-later
// layout.mjs - every tenant page: the Content-Security-Policy header, no
// inline script, no CSP violation; at 360 px wide no horizontal scroll;
// every form field has a label.
import assert from 'node:assert/strict';
import { PHONE, open, portalTest, signIn, submit } from '../lib/browser.mjs';
import { auditPage } from '../lib/checks.mjs';
import { SSID, addDevice, addKey, specialPassphrase, tenant } from '../lib/data.mjs';
import { randomHex } from '../lib/stack.mjs';

/** A tenant with something on every page: keys, a device, a guest key. */
async function fullTenant() {
  const t = await tenant({
    name: 'Flat 3.04 — Anna Example',
    keys: [
      { network: SSID.special, passphrase: specialPassphrase(), label: 'Home' },
      // Long words must wrap rather than widen the page.
      { network: SSID.plain, label: `Label-without-spaces-${'x'.repeat(60)}`, passphrase: `P${randomHex(16)}${'w'.repeat(46)}` },
    ],
  });
  const [key] = t.keys;
  const device = await addDevice(t.ext, key.id, `Device-name-without-any-spaces-${'y'.repeat(90)}`);
  const now = Date.now();
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  await addKey(t.ext, {
    network: SSID.plain, kind: 'guest', label: 'Weekend visitors', valid_from: iso(now - 60000), valid_until: iso(now + 86400000),
  });
  return { t, key, long: t.keys[1], device };
}

/** Every page a tenant can see, as [name, open(page) -> response]. */
function tenantPages(key, long, device) {
  const failed = (path, fill) => async (page) => {
    await open(page, path);
    await fill(page);
    return (await submit(page, page.locator('main form button[type=submit]').last())).response;
  };
  return [
    ['My keys', (p) => open(p, '/portal/keys')],
    ['a key', (p) => open(p, `/portal/keys/${key.id}`)],
    ['a key shown', (p) => open(p, `/portal/keys/${key.id}?show=1`)],
    ['a long key shown', (p) => open(p, `/portal/keys/${long.id}?show=1`)],
    ['rotate', (p) => open(p, `/portal/keys/${key.id}/rotate`)],
    ['My devices', (p) => open(p, '/portal/devices')],
    ['My devices, refused', failed('/portal/devices', async (p) => {
      await p.fill('#mac', 'nonsense');
      await p.fill('#name', 'x');
    })],
    ['a device', (p) => open(p, `/portal/devices/${device.id}`)],
    ['Guest keys', (p) => open(p, '/portal/guests')],
    ['Guest keys, refused', failed('/portal/guests', async (p) => {
      await p.fill('#starts', '2030-01-02T10:00');
      await p.fill('#ends', '2030-01-01T10:00');
    })],
    ['Password', (p) => open(p, '/portal/password')],
    ['Password, refused', failed('/portal/password', async (p) => {
      await p.fill('#current', 'whatever-it-is');
      await p.fill('#password', 'new-password-1');
      await p.fill('#password2', 'new-password-2');
    })],
    ['not found', (p) => open(p, '/portal/keys/4294967295')],
  ];
}

/** The pages seen before signing in. */
function publicPages() {
  return [
    ['sign-in', (p) => open(p, '/portal/signin')],
    ['activate', (p) => open(p, '/portal/activate')],
    ['activate, refused', async (p) => {
      await open(p, '/portal/activate');
      await p.fill('#code', 'AAAA-BBBB-CCCC-DDDD');
      await p.fill('#username', 'someone');
      await p.fill('#password', 'password-one-1');
      await p.fill('#password2', 'password-two-2');
      return (await submit(p, p.locator('main form button[type=submit]'))).response;
    }],
    ['sign-up', (p) => open(p, '/portal/signup')],
    ['not found, signed out', (p) => open(p, '/portal/nothing-here')],
  ];
}

/** Visit every page (signed out, then signed in) and check each. */
async function everyPage(page, check) {
  const { t, key, long, device } = await fullTenant();
  const visit = async (name, go) => {
    const response = await go(page);
    await page.waitForLoadState('load'); // the style sheet too
    await check(name, response);
  };
  for (const [name, go] of publicPages()) await visit(name, go);
  await signIn(page, t.username, t.password);
  for (const [name, go] of tenantPages(key, long, device)) await visit(name, go);
}

portalTest('every page has the CSP (and no-store, nosniff, DENY) headers, no inline script and no CSP violation', async ({ page }) => {
  let pages = 0;
  await everyPage(page, async (name, response) => {
    const csp = response.headers()['content-security-policy'];
    assert.ok(csp, `${name}: no Content-Security-Policy`);
    assert.match(csp, /script-src 'self'/, `${name}: ${csp}`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${name}: ${csp}`);
    assert.match(csp, /default-src 'none'/, `${name}: ${csp}`);
    assert.match(csp, /frame-ancestors 'none'/, `${name}: ${csp}`);
    const h = response.headers();
    assert.match(h['cache-control'] ?? '', /no-store/, `${name}: may be cached`);
    assert.equal(h['x-frame-options'], 'DENY', name);
    assert.equal(h['x-content-type-options'], 'nosniff', name);
    const a = await auditPage(page);
    assert.equal(a.inlineScripts, 0, `${name}: inline <script>`);
    assert.deepEqual(a.handlers, [], `${name}: event-handler attributes`);
    assert.ok(a.externalScripts.every((s) => s === 'self'), `${name}: scripts from elsewhere`);
    assert.equal(a.styleAttributes, 0, `${name}: style attributes (blocked by the CSP)`);
    pages += 1;
  });
  assert.ok(pages >= 16);
  // The script and stylesheet themselves.
  for (const [path, type] of [['/static/mpsk.js', /javascript/], ['/static/mpsk.css', /text\/css/]]) {
    const r = await page.request.get(path);
    assert.equal(r.status(), 200, path);
    assert.match(r.headers()['content-type'], type, path);
  }
});

portalTest('every page at 360 px: no horizontal scroll; every form field has a label', async ({ page }) => {
  const wide = [];
  const unlabelled = [];
  await everyPage(page, async (name) => {
    const a = await auditPage(page);
    assert.equal(a.viewport, PHONE.width);
    if (a.scrollWidth > PHONE.width) wide.push(`${name}: ${a.scrollWidth}px`);
    if (a.unlabelled.length) unlabelled.push(`${name}: ${a.unlabelled.join(', ')}`);
  });
  assert.deepEqual(wide, [], 'pages wider than 360 px');
  assert.deepEqual(unlabelled, [], 'form fields without a label');
}, { viewport: PHONE });
