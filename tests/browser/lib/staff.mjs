// SPDX-License-Identifier: GPL-2.0-or-later
// staff.mjs - what the staff dashboard's tests share: staff accounts made
// with the command line, signing in at /staff/signin, root SQL on the
// stack's database (for the auth_log rows only RADIUS writes, and the NAS
// secret no page may show), customers with a building and a unit,
// downloads, and the lists of staff pages and forms.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { open, submit, where } from './browser.mjs';
import { tempPath } from './checks.mjs';
import { addKey, basePlan } from './data.mjs';
import { api, apiOk, mpsk, randomHex, stack, unique } from './stack.mjs';

/** A new staff account with a password: { username, password, role }. */
export async function staffAccount(role = 'admin') {
  const username = unique(`bt-${role}`);
  const password = `Staff-${randomHex(12)}`;
  await mpsk(['staff', 'create', '--username', username, '--role', role, '--password-stdin'],
    `${password}\n`);
  return { username, password, role };
}

const shared = new Map();
/** A staff account of this role made once for the run, for the tests
 * that only need to be signed in with it (making one costs a password
 * hash): { username, password, role }. Tests that change, lock or count
 * the account's own doings make their own with staffAccount(). */
export function sharedStaff(role) {
  if (!shared.has(role)) shared.set(role, staffAccount(role));
  return shared.get(role);
}

/** Sign in at /staff/signin; insists that it worked (lands on the
 * dashboard). */
export async function staffSignIn(page, account) {
  await open(page, '/staff/signin');
  await page.fill('#username', account.username);
  await page.fill('#password', account.password);
  const r = await submit(page, page.locator('main form button[type=submit]'));
  assert.equal(r.status, 303, `staff sign-in as ${account.username} answered ${r.status}`);
  assert.equal(where(page), '/staff/');
  return r;
}

/** The staff sign-out button of the page. */
export function signOutButton(page, account) {
  return page.getByRole('button', { name: `Sign out ${account.username}` });
}

/** What a read-only staff member must not be offered: the fields and
 * buttons of the page's POST forms (but signing out, and the customer
 * list's row boxes, which only choose customers for a PDF), each as
 * "form action: field name or button text". */
export function changeControls(page) {
  return page.evaluate(() => [...document.querySelectorAll('form[method=post]:not([action$="/signout"])')]
    .flatMap((f) => [...f.querySelectorAll('button, input, select, textarea')]
      .filter((e) => e.type !== 'hidden' && !(e.type === 'checkbox' && e.name === 'customer'))
      .map((e) => `${f.getAttribute('action')}: ${e.name || e.textContent.trim()}`)));
}

/** Run SQL as root on the stack's database (over its socket); the rows,
 * each an array of strings (NULL comes back as "NULL"). */
export function sql(query) {
  return new Promise((resolve, reject) => {
    execFile('mariadb', ['--no-defaults', '-uroot', '--socket', stack.MPSK_DB_SOCKET,
      '-N', '-B', stack.MPSK_DB_NAME, '-e', query], { timeout: 30000, maxBuffer: 16 << 20 },
    (err, stdout, stderr) => {
      if (err) reject(new Error(`mariadb: ${err.message} ${stderr}\n${query}`));
      else resolve(stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')));
    });
  });
}

/** The first column of the first row, or undefined. */
export async function sqlValue(query) {
  const rows = await sql(query);
  return rows.length ? rows[0][0] : undefined;
}

/** A string as an SQL literal. */
export function lit(s) {
  return `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The database id of a customer. */
export async function customerId(ext) {
  return Number(await sqlValue(`SELECT id FROM customers WHERE external_id = ${lit(ext)}`));
}

/**
 * Add auth_log rows as RADIUS would: rows of { mac (12 hex digits), ssid,
 * nas_name, nas_ip, result ('reject'), reason, customer_id, key_id,
 * ago (seconds before now) }. One INSERT for all of them.
 */
export async function addAuthLog(rows) {
  const values = rows.map((r) => `(UTC_TIMESTAMP(3) - INTERVAL ${Number(r.ago ?? 0)} SECOND,
    ${lit((r.mac ?? '').toLowerCase())}, ${r.ssid === undefined ? 'NULL' : lit(r.ssid)},
    ${lit(r.nas_ip ?? '10.20.0.11')}, ${lit(r.nas_name ?? '')}, ${lit(r.result ?? 'reject')},
    ${lit(r.reason ?? '')}, ${r.customer_id ?? 'NULL'}, ${r.key_id ?? 'NULL'})`);
  await sql(`INSERT INTO auth_log (at, mac, ssid, nas_ip, nas_name, result, reason,
    customer_id, key_id) VALUES ${values.join(',\n')}`);
}

/**
 * A customer made over the API (no portal sign-in). opts: ext, name,
 * plan (name), building, unit, parent, email, phone, status, keys (addKey
 * options).
 * Returns the customer as the API answers it, with keys: [...].
 */
export async function customer(opts = {}) {
  const ext = opts.ext ?? unique('bt-cust');
  const body = { name: opts.name ?? `Flat ${randomHex(3)}`, plan: opts.plan ?? (await basePlan()).name };
  for (const f of ['building', 'unit', 'parent', 'email', 'phone', 'status']) {
    if (opts[f] !== undefined) body[f] = opts[f];
  }
  const c = await apiOk('PUT', `/api/v1/customers/${encodeURIComponent(ext)}`, body);
  const keys = [];
  for (const k of opts.keys ?? []) keys.push(await addKey(ext, k));
  return { ...c, ext, keys };
}

/** The customer as the API shows it. */
export function apiCustomer(ext) {
  return apiOk('GET', `/api/v1/customers/${encodeURIComponent(ext)}`);
}

/** The customer's keys as the API lists them (with passphrases). */
export async function apiKeys(ext) {
  const r = await apiOk('GET', `/api/v1/customers/${encodeURIComponent(ext)}/keys`);
  return Array.isArray(r) ? r : r.items;
}

/** What RADIUS would answer for this device on this network. */
export function decision(mac, ssid) {
  const q = new URLSearchParams({ mac });
  if (ssid) q.set('ssid', ssid);
  return apiOk('GET', `/api/v1/decision?${q}`);
}

/** Click something that downloads a file; { name, file, body } (body a
 * Buffer). */
export async function download(page, clickable) {
  const [d] = await Promise.all([page.waitForEvent('download'), clickable.click()]);
  const file = tempPath(d.suggestedFilename());
  await d.saveAs(file);
  return { name: d.suggestedFilename(), file, body: readFileSync(file) };
}

/** Parse CSV (quoted fields, doubled quotes, CRLF) into rows of fields. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

/** CSV text as objects keyed by the header line; { header, records }. */
export function csvRecords(text) {
  const [header, ...rows] = parseCsv(text);
  return { header, records: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

/** The body rows of the tables in scope (default: main) as arrays of
 * cell texts. */
export function tableRows(page, scope = page.locator('main')) {
  return scope.locator('table tbody tr').evaluateAll(
    (trs) => trs.map((tr) => [...tr.cells].map((td) => td.innerText.trim())));
}

/** The table row (in main) holding text. */
export function rowWith(page, text) {
  return page.locator('main table tbody tr').filter({ hasText: text });
}

/** A regular expression matching text literally. */
function literally(text) {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

/** The table row (in main) whose first cell is text, or starts with it
 * followed by a space (unique names can be prefixes of each other). */
export function firstCellRow(page, text) {
  const re = new RegExp(`^${literally(text).source}(\\s|$)`);
  return page.locator('main table tbody tr').filter({ has: page.locator('td:first-child', { hasText: re }) });
}

/** A random address for a NAS client (unique: the nas table wants it). */
export function randomNasAddress() {
  return `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;
}

/** Delete over the API, ignoring a 404 (clean-up after a failed test). */
export async function apiDelete(path) {
  const r = await api('DELETE', path);
  assert.ok([200, 204, 404].includes(r.status), `DELETE ${path} -> ${r.status} ${JSON.stringify(r.body)}`);
}

/** Every staff page a GET opens, as [name, path]: the lists, and the
 * detail pages of the objects in ids ({ ext, plan, network, nas }). */
export function staffPages(ids) {
  return [
    ['dashboard', '/staff/'],
    ['customers', '/staff/customers'],
    ['a customer', `/staff/customers/${ids.ext}`],
    ['keys', '/staff/keys'],
    ['devices', '/staff/devices'],
    ['device conflicts', '/staff/conflicts'],
    ['plans', '/staff/plans'],
    ['a plan', `/staff/plans/${encodeURIComponent(ids.plan)}`],
    ['networks', '/staff/networks'],
    ['a network', `/staff/networks/${ids.network}`],
    ['NAS clients', '/staff/nas'],
    ['a NAS client', `/staff/nas/${ids.nas}`],
    ['auth log', '/staff/authlog'],
    ['audit log', '/staff/audit'],
    ['cards and export', '/staff/cards'],
    ['invitations', '/staff/invitations'],
    ['password', '/staff/password'],
  ];
}

/** Wait until check() is true (polling every 20 ms, at most 5 s). */
export async function until(check, what) {
  const end = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
