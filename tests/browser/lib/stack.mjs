// SPDX-License-Identifier: GPL-2.0-or-later
// stack.mjs - the running stack the tests talk to: its settings
// (MPSK_STACK_DIR/stack.env, written by scripts/stack.sh), the mpsk command
// line (tokens, tenant passwords, activation and invitation codes), the
// REST API, and fresh names so the suite can run again on the same database.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';

/** Read DIR/stack.env into an object. */
export function readStackEnv(dir) {
  const env = {};
  for (const line of readFileSync(join(dir, 'stack.env'), 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) env[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return env;
}

const stackDir = process.env.MPSK_STACK_DIR;
if (!stackDir) throw new Error('MPSK_STACK_DIR is not set (run tests/browser/run.mjs)');
export const stack = readStackEnv(stackDir);
/** The portal, through nginx and the FastCGI front door. */
export const BASE = stack.MPSK_NGINX_URL;
/** The API for the tests' own set-up and checks: mpsk's embedded HTTP
 * server (what the tests check is the portal, through nginx). */
export const API = stack.MPSK_API_URL || stack.MPSK_NGINX_URL;

/** A fresh name: prefix, this run's id and a counter. */
const runId = randomBytes(4).toString('hex');
let counter = 0;
export function unique(prefix = 'bt') {
  counter += 1;
  return `${prefix}-${runId}-${counter}`;
}

/** n random hex digits. */
export function randomHex(n) {
  return randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
}

function mpskOnce(args, input) {
  return new Promise((resolve, reject) => {
    const child = execFile(join(stack.MPSK_BUILD, 'mpsk'), ['-c', stack.MPSK_CONFIG, ...args],
      { timeout: 30000 }, (err, stdout, stderr) => {
        if (err) {
          err.message = `mpsk ${args.join(' ')}: ${err.message}\n${stderr}`;
          reject(err);
        } else {
          resolve(stdout.trim());
        }
      });
    child.stdin.on('error', () => {}); // a failed spawn has no stdin
    child.stdin.end(input ?? '');
  });
}

/** Run the mpsk command line against the stack's config; its stdout,
 * trimmed. input goes to its stdin. A binary that could not be started
 * because it is being rebuilt (EACCES, ETXTBSY) is tried again. */
export async function mpsk(args, input) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await mpskOnce(args, input);
    } catch (e) {
      if (attempt >= 5 || !['EACCES', 'ETXTBSY'].includes(e.code)) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

let tokenPromise;
/** One API token (read, write, secrets) for the whole run. */
export function apiToken() {
  tokenPromise ??= mpsk(['token', 'create', '--name', unique('browser'), '--scopes', 'read,write,secrets,admin']);
  return tokenPromise;
}

/** Call the API; returns { status, body } (body parsed when JSON). */
export async function api(method, path, body) {
  const headers = { Authorization: `Bearer ${await apiToken()}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(API + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let parsed = text;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, body: parsed };
}

/** Call the API and insist on a 2xx answer; returns the body. */
export async function apiOk(method, path, body) {
  const r = await api(method, path, body);
  assert.ok(r.status >= 200 && r.status < 300,
    `${method} ${path} -> ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
