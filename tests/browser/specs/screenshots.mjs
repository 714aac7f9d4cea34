// SPDX-License-Identifier: GPL-2.0-or-later
// screenshots.mjs - docs/screenshots/: the main tenant pages at desktop and
// phone size, when MPSK_SCREENSHOTS names a folder (skipped otherwise).
//
// Staff pages: STAFF_SHOTS below ({ name, path } or { name, go(page) };
// public: true for the pages before signing in); the others are taken
// signed in as the showcase admin, with the same data every run.
import assert from 'node:assert/strict';
import { open, portalTest, signIn, submit } from '../lib/browser.mjs';
import { SSID, addDevice, addKey, apiDevices, plan, tenant } from '../lib/data.mjs';
import { SHOTS_DIR, shootPages } from '../lib/screens.mjs';
import { api, apiOk, mpsk, randomHex } from '../lib/stack.mjs';
import { addAuthLog, apiKeys, customerId } from '../lib/staff.mjs';

const skip = SHOTS_DIR ? false : 'MPSK_SCREENSHOTS is not set';

/** The staff pages to screenshot (files NAME-desktop.png, NAME-phone.png),
 * with the showcase data of staffShowcase(). */
export const STAFF_SHOTS = [
  { name: 'staff-signin', path: '/staff/signin', public: true },
  { name: 'staff-dashboard', path: '/staff/' },
  { name: 'staff-customers', path: '/staff/customers?building=Tower%20A' },
  { name: 'staff-customer', path: '/staff/customers/TA-0304' },
  { name: 'staff-authlog', path: '/staff/authlog' },
  { name: 'staff-plans', path: '/staff/plans' },
  { name: 'staff-nas', path: '/staff/nas' },
  {
    name: 'staff-cards',
    go: async (page) => {
      await open(page, '/staff/cards');
      await page.selectOption('#building', 'Tower A');
    },
  },
];

/** Made when missing, so that every run shows the same data: plans, NAS
 * clients, the customers of Tower A (fixed external ids), their keys and
 * devices; and, new each run, the RADIUS answers the pages show first. */
async function staffShowcase() {
  const plans = [
    { name: 'Resident 100', rate_down_kbps: 100000, rate_up_kbps: 20000, max_devices: 10 },
    { name: 'Resident 500', rate_down_kbps: 500000, rate_up_kbps: 100000, max_devices: 20 },
    { name: 'Business 1000', rate_down_kbps: 1000000, rate_up_kbps: 500000, vlan_range: '3100-3199' },
  ];
  for (const p of plans) {
    if ((await api('GET', `/api/v1/plans/${encodeURIComponent(p.name)}`)).status === 404) {
      await plan({ keys_per_customer: 0, guest_keys_max: 3, guest_days_max: 14, ...p });
    }
  }
  const listed = await apiOk('GET', '/api/v1/nas');
  const nasNames = (Array.isArray(listed) ? listed : listed.items).map((n) => n.name);
  for (const n of [
    { name: 'AP-TowerA-Lobby', address: '10.20.0.11', vendor: 'ruckus' },
    { name: 'AP-TowerA-3F', address: '10.20.0.13', vendor: 'ruckus' },
    { name: 'Controller Tower A', address: '10.20.1.2', vendor: 'unifi' },
  ]) {
    if (!nasNames.includes(n.name)) await apiOk('POST', '/api/v1/nas', { ...n, secret: `Showcase-${randomHex(24)}` });
  }
  const people = [
    ['TA-0101', 'Flat 1.01 — Jonas Weber', '1.01', 'Resident 100'],
    ['TA-0203', 'Flat 2.03 — Priya Nair', '2.03', 'Resident 500'],
    ['TA-0304', 'Flat 3.04 — Ana Müller', '3.04', 'Resident 500'],
    ['TA-0412', 'Flat 4.12 — Mia Novak', '4.12', 'Resident 100', 'suspended'],
    ['TA-0507', 'Flat 5.07 — Lukas Horvat', '5.07', 'Resident 100'],
    ['TA-0605', 'Flat 6.05 — Sofia Rossi', '6.05', 'Resident 500'],
    ['TA-0700', 'Ground floor — Café Aurora', '0.01', 'Business 1000'],
  ];
  for (const [ext, name, unit, planName, status = 'active'] of people) {
    await apiOk('PUT', `/api/v1/customers/${ext}`, {
      name, unit, plan: planName, status, building: 'Tower A', email: `${ext.toLowerCase()}@example.net`,
    });
    const keys = await apiKeys(ext);
    if (!keys.length) await addKey(ext, { network: SSID.plain, label: 'Home' });
  }
  await apiOk('PUT', '/api/v1/customers/TA-0304-2', {
    name: 'Flat 3.04 — granny flat', unit: '3.04a', plan: 'Resident 100', building: 'Tower A', parent: 'TA-0304',
  });
  const [home] = (await apiKeys('TA-0304')).filter((k) => k.label === 'Home');
  const have = (await apiDevices('TA-0304')).map((d) => d.name);
  const devices = [['Ana\'s phone', '02A000030401'], ['Living-room TV', '02A000030402'], ['Laptop', '02A000030403']];
  for (const [name, mac] of devices) if (!have.includes(name)) await addDevice('TA-0304', home.id, name, mac);
  const [mia] = await apiKeys('TA-0412');
  const miaDevices = await apiDevices('TA-0412');
  if (!miaDevices.length) await addDevice('TA-0412', mia.id, 'Mia tablet', '02A000041201');
  const ana = await customerId('TA-0304');
  const miaId = await customerId('TA-0412');
  const floor3 = { ssid: SSID.plain, nas_name: 'AP-TowerA-3F', nas_ip: '10.20.0.13' };
  const lobby = { ssid: SSID.plain, nas_name: 'AP-TowerA-Lobby', nas_ip: '10.20.0.11' };
  const anaOk = { ...floor3, result: 'accept', customer_id: ana, key_id: home.id };
  await addAuthLog([
    { ...anaOk, mac: '02a000030402', ago: 50 },
    { ...lobby, mac: '5ac1e0b27744', reason: 'unknown device', ago: 42 },
    { ...lobby, mac: '02a000041201', reason: 'customer suspended', customer_id: miaId, key_id: mia.id, ago: 35 },
    { ...floor3, ssid: 'ExampleFibre-Guest', mac: 'd4619d0e5a31', reason: 'unknown network', ago: 25 },
    { ...anaOk, mac: '02a000030401', ago: 18 },
    { ...floor3, mac: '8c8590a1b2c3', reason: 'unknown device', customer_id: ana, ago: 9 },
    { ...anaOk, mac: '02a000030403', ago: 2 },
  ]);
}

portalTest('screenshots: tenant pages at 1280 and 360 px', async ({ page }) => {
  const t = await tenant({
    name: 'Flat 3.04 — Anna Example',
    username: `anna-${randomHex(4)}`,
    keys: [{ network: SSID.plain, label: 'Home' }],
  });
  const [home] = t.keys;
  await addDevice(t.ext, home.id, "Anna's phone");
  await addDevice(t.ext, home.id, 'Living-room TV');
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  await addKey(t.ext, {
    network: SSID.plain, kind: 'guest', label: 'Weekend visitors',
    valid_from: iso(Date.now() - 60000), valid_until: iso(Date.now() + 2 * 86400000),
  });
  const written = await shootPages(page, [
    { name: 'tenant-signin', path: '/portal/signin', public: true },
    { name: 'tenant-keys', path: '/portal/keys' },
    {
      name: 'tenant-key',
      go: async (p) => {
        await open(p, `/portal/keys/${home.id}?show=1`);
        await p.locator('figure.qr img').evaluate((img) => img.decode());
      },
    },
    { name: 'tenant-devices', path: '/portal/devices' },
    {
      name: 'tenant-guests',
      go: async (p) => {
        await open(p, '/portal/guests');
        if (await p.locator('#network').count()) await p.selectOption('#network', { label: SSID.plain });
      },
    },
  ], (page) => signIn(page, t.username, t.password));
  assert.equal(written.length, 10);
}, { skip });

/** Sign in as the showcase admin, sam.admin (made on the first run): a
 * new activation code from the command line sets a new password and
 * signs in. */
async function showcaseSignIn(page) {
  const username = 'sam.admin';
  let code;
  try {
    code = await mpsk(['staff', 'create', '--username', username, '--role', 'admin']);
  } catch {
    code = await mpsk(['staff', 'activation', '--username', username]);
  }
  const password = `Showcase-${randomHex(12)}`;
  await open(page, '/staff/activate');
  await page.fill('#code', code);
  await page.fill('#password', password);
  await page.fill('#password2', password);
  const r = await submit(page, page.getByRole('button', { name: 'Activate' }));
  assert.equal(r.status, 303, `activating ${username} answered ${r.status}`);
  assert.equal(new URL(page.url()).pathname, '/staff/');
}

portalTest('screenshots: staff pages at 1280 and 360 px', async ({ page }) => {
  await staffShowcase();
  const written = await shootPages(page, STAFF_SHOTS, showcaseSignIn);
  assert.equal(written.length, STAFF_SHOTS.length * 2);
}, { skip });
