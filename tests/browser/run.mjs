#!/usr/bin/env node
// SPDX-License-Identifier: GPL-2.0-or-later
// run.mjs - the real-browser tests of the portal, against a running stack:
//
//   MPSK_STACK_DIR=var/test-plain node tests/browser/run.mjs
//
// MPSK_STACK_DIR is a directory scripts/stack.sh started (its stack.env
// gives the nginx URL, the config and the build). Without it, a private
// stack is started on free ports in a temporary directory and stopped at
// the end. MPSK_SCREENSHOTS=DIR also saves screenshots of the main pages.
// MPSK_BROWSER_ONLY=regex runs only the tests whose names match.
//
// The tests are registered by suite.mjs and run in this process by our own
// runner (lib/runner.mjs; one Chromium). Works on Debian 12's Node.js 18
// and on Node 20. Prints a line per test, then exactly one line
// "N passed, N failed"; exits non-zero when anything failed, when no test
// ran, or when the run itself broke (that counts as a failure, with why).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const top = resolve(here, '..', '..');
let passed = 0;
let failed = 0;
let ownStack = null;

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Start a private stack (no RADIUS: the portal does not need it). */
async function startStack() {
  const dir = mkdtempSync(join(tmpdir(), 'mpsk-browser-stack-'));
  const env = { ...process.env, MPSK_NO_RADIUS: '1' };
  for (const name of ['MPSK_DB_PORT', 'MPSK_HTTP_PORT', 'MPSK_NGINX_PORT',
    'MPSK_RADIUS_AUTH_PORT', 'MPSK_RADIUS_ACCT_PORT']) {
    env[name] = String(await freePort());
  }
  const r = spawnSync(join(top, 'scripts/stack.sh'), ['start', dir], { env, stdio: 'inherit' });
  ownStack = { dir, env };
  if (r.status !== 0) throw new Error('scripts/stack.sh start failed');
  return dir;
}

function stopStack() {
  if (!ownStack) return;
  spawnSync(join(top, 'scripts/stack.sh'), ['stop', ownStack.dir], { env: ownStack.env, stdio: 'inherit' });
  rmSync(ownStack.dir, { recursive: true, force: true });
  ownStack = null;
}

async function main() {
  const env = { ...process.env };
  env.MPSK_STACK_DIR = env.MPSK_STACK_DIR ? resolve(env.MPSK_STACK_DIR) : await startStack();
  if (env.MPSK_SCREENSHOTS) env.MPSK_SCREENSHOTS = resolve(env.MPSK_SCREENSHOTS);
  // The stack's helpers (lib/stack.mjs) read process.env when imported.
  Object.assign(process.env, env);
  await import('./suite.mjs');
  const { runSuite } = await import('./lib/browser.mjs');
  const r = await runSuite({
    jobs: Number(env.MPSK_BROWSER_JOBS) || 1,
    pattern: env.MPSK_BROWSER_ONLY ? new RegExp(env.MPSK_BROWSER_ONLY) : null,
  });
  passed += r.passed;
  failed += r.failed;
}

// A rejection nobody awaited (a test's stray promise) is a failure of the
// run, said out loud, not a silent exit.
process.on('unhandledRejection', (e) => {
  console.error(`browser tests: unhandled rejection: ${e?.stack || e}`);
  failed += 1;
});

const started = Date.now();
try {
  await main();
} catch (e) {
  console.error(`browser tests: ${e.stack || e}`);
  failed += 1;
} finally {
  stopStack();
}
if (passed + failed === 0) {
  console.error('browser tests: no test ran');
  failed = 1;
}
console.log(`browser tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
// Exit now: a test that timed out may still hold a page or a timer.
process.exit(failed ? 1 : 0);
