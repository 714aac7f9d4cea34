// SPDX-License-Identifier: GPL-2.0-or-later
// data.mjs - the test data: networks and plans shared by the run, and
// tenants (customers with keys and a portal sign-in) made fresh per test.
import { api, apiOk, mpsk, randomHex, unique } from './stack.mjs';

/** The markup every text field gets in the XSS tests. */
export const XSS = `<script>alert(1)</script>"'><img src=x onerror=alert(2)>`;

/** SSIDs of the shared networks. They are made once and reused by every
 * later run (provisioning covers a bounded number of networks, so the
 * suite must not add networks on every run). */
export const SSID = {
  plain: 'ExampleFibre-Home',
  // every character the WIFI: QR format escapes
  special: 'bt \\ ; , : " net',
  // markup, within the 32 bytes an SSID may have
  xss: '<img src=x onerror=alert(3)>',
};

const networkCache = new Map();
/** The network with this SSID (made when missing): { id, ssid }. */
export async function network(ssid) {
  if (!networkCache.has(ssid)) {
    networkCache.set(ssid, (async () => {
      const r = await api('POST', '/api/v1/networks', { ssid });
      if (r.status === 201 || r.status === 200) return r.body;
      const all = await apiOk('GET', '/api/v1/networks');
      const found = (Array.isArray(all) ? all : all.items).find((n) => n.ssid === ssid);
      if (!found) throw new Error(`network ${ssid}: ${r.status} ${JSON.stringify(r.body)}`);
      return found;
    })());
  }
  return networkCache.get(ssid);
}

/** A new plan; guest limits are set when the API takes them. Returns the
 * plan as the API answers it. */
export async function plan(fields = {}) {
  const body = { name: unique('bt-plan'), keys_per_customer: 0, ...fields };
  let r = await api('POST', '/api/v1/plans', body);
  if (r.status === 422 && /guest_/.test(JSON.stringify(r.body))) {
    delete body.guest_keys_max;
    delete body.guest_days_max;
    r = await api('POST', '/api/v1/plans', body);
  }
  if (r.status !== 201 && r.status !== 200) {
    throw new Error(`plan: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return r.body;
}

let basicPlan;
/** The run's plan without automatic keys (tests add the keys they need). */
export function basePlan() {
  basicPlan ??= plan({ keys_per_customer: 0, guest_keys_max: 2, guest_days_max: 7 });
  return basicPlan;
}

/** A random MAC address (locally administered, unicast) as 12 upper-case
 * hex digits. */
export function randomMac() {
  const first = (parseInt(randomHex(2), 16) & 0xfc) | 0x02;
  return (first.toString(16).padStart(2, '0') + randomHex(10)).toUpperCase();
}

/** aa:bb:cc:dd:ee:ff from 12 hex digits. */
export function macColons(mac12) {
  return mac12.toLowerCase().match(/../g).join(':');
}

/** A passphrase with every character the WIFI: format escapes. */
export function specialPassphrase() {
  return `p\\;,:"q ${randomHex(8)}`;
}

/** Add a key to customer ext: { network (ssid), passphrase?, label?,
 * kind?, valid_from?, valid_until? }. Returns the key with its ssid and
 * passphrase. */
export async function addKey(ext, { network: ssid = SSID.plain, ...rest } = {}) {
  const net = await network(ssid);
  return apiOk('POST', `/api/v1/customers/${encodeURIComponent(ext)}/keys`,
    { network: net.id, ...rest });
}

/** Register a device over the API. */
export function addDevice(ext, key, name, mac = randomMac()) {
  return apiOk('POST', '/api/v1/devices', { mac, customer: ext, key, name });
}

/**
 * A new customer with a portal sign-in.
 * opts: name, username (default: the external id), parent (external id),
 * plan (name), keys (array of addKey options), login (false: no
 * password is set).
 * Returns { ext, name, username, password, keys: [...] }.
 */
export async function tenant(opts = {}) {
  const ext = unique('bt-cust');
  const name = opts.name ?? `Flat ${randomHex(3)}`;
  const body = { name, plan: opts.plan ?? (await basePlan()).name };
  if (opts.parent) body.parent = opts.parent;
  await apiOk('PUT', `/api/v1/customers/${ext}`, body);
  const keys = [];
  for (const k of opts.keys ?? []) keys.push(await addKey(ext, k));
  const t = { ext, name, username: opts.username ?? ext, password: `Pw-${randomHex(12)}`, keys };
  if (opts.login !== false) {
    await mpsk(['tenant', 'password', '--customer', ext, '--username', t.username],
      `${t.password}\n`);
  }
  return t;
}

/** The key as the API shows it to a token with the secrets scope. */
export function apiKey(id) {
  return apiOk('GET', `/api/v1/keys/${id}`);
}

/** The customer's devices as the API lists them. */
export async function apiDevices(ext) {
  const r = await apiOk('GET', `/api/v1/devices?customer=${encodeURIComponent(ext)}`);
  return Array.isArray(r) ? r : r.items;
}
