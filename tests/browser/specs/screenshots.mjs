// screenshots.mjs - docs/screenshots/: the main tenant pages at desktop and
// phone size, when MPSK_SCREENSHOTS names a folder (skipped otherwise).
//
// Staff pages: add them to STAFF_SHOTS below ({ name, path } or
// { name, go(page) }; public: true for the pages before signing in); the
// others are taken signed in as a fresh admin (staffAccount()).
import assert from 'node:assert/strict';
import { open, portalTest, signIn } from '../lib/browser.mjs';
import { SSID, addDevice, addKey, tenant } from '../lib/data.mjs';
import { SHOTS_DIR, shootPages } from '../lib/screens.mjs';
import { mpsk, randomHex, unique } from '../lib/stack.mjs';

const skip = SHOTS_DIR ? false : 'MPSK_SCREENSHOTS is not set';

/** The staff pages to screenshot (files NAME-desktop.png, NAME-phone.png). */
export const STAFF_SHOTS = [
  { name: 'staff-signin', path: '/staff/signin', public: true },
  { name: 'staff-dashboard', path: '/staff/' },
];

/** A new staff account: { username, password }. */
export async function staffAccount(role = 'admin') {
  const username = unique('bt-staff');
  const password = `Staff-${randomHex(12)}`;
  await mpsk(['staff', 'create', '--username', username, '--role', role, '--password-stdin'], `${password}\n`);
  return { username, password };
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

portalTest('screenshots: staff pages at 1280 and 360 px', async ({ page }) => {
  const staff = await staffAccount('admin');
  const written = await shootPages(page, STAFF_SHOTS,
    (page) => signIn(page, staff.username, staff.password, 'staff'));
  assert.equal(written.length, STAFF_SHOTS.length * 2);
}, { skip });
