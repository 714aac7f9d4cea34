// SPDX-License-Identifier: GPL-2.0-or-later
// load.mjs - several people at once: pages requested together must all
// be answered, promptly. Runs last (see suite.mjs): when mpsk's FastCGI
// side cannot keep up with nginx's connections, requests wait for a
// connection that is never served (nginx answers 504 after 60 s), and
// later tests would be caught by that too.
import assert from 'node:assert/strict';
import { portalTest, signIn } from '../lib/browser.mjs';
import { SSID, tenant } from '../lib/data.mjs';

const AT_ONCE = 16;
const ROUNDS = 2;
const LIMIT_MS = 8000;

portalTest(`load: ${AT_ONCE} portal pages requested at once, ${ROUNDS} times, are all answered within ${LIMIT_MS / 1000} s`, async ({ ctx, page }) => {
  const t = await tenant({ keys: [{ network: SSID.plain }] });
  await signIn(page, t.username, t.password);
  const paths = ['/portal/keys', '/portal/devices', '/portal/guests', '/portal/signin', '/portal/activate'];
  const slow = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await Promise.all(Array.from({ length: AT_ONCE }, async (_, i) => {
      const path = paths[i % paths.length];
      const started = Date.now();
      try {
        const r = await ctx.request.get(path, { timeout: LIMIT_MS, maxRedirects: 0 });
        const ms = Date.now() - started;
        if (r.status() >= 500 || ms > LIMIT_MS) slow.push(`round ${round} ${path}: ${r.status()} after ${ms} ms`);
      } catch (e) {
        slow.push(`round ${round} ${path}: no answer after ${Date.now() - started} ms`);
      }
    }));
  }
  assert.deepEqual(slow, [], `${slow.length} of ${AT_ONCE * ROUNDS} requests were not answered in time`);
  // And the browser still gets its pages afterwards.
  const r = await page.goto('/portal/keys', { timeout: LIMIT_MS });
  assert.equal(r.status(), 200);
}, { timeout: 90000 });
