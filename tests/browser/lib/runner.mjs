// SPDX-License-Identifier: GPL-2.0-or-later
// runner.mjs - the browser suite's own small test runner: tests are
// registered, then run up to `jobs` at a time, each with a time limit, and
// counted. It uses nothing of node:test, whose run() stream never settles
// on Debian 12's Node.js 18 (the process exited 13 with nothing printed);
// this file runs the same on Node 18 and 20.
//
// Prints one line per test ("ok", "FAIL" with the error below it, "skip"),
// then the failures again, so the end of a long log says what broke.
const tests = [];
const afterHooks = [];

/** Register a test: fn() returns a promise; opts: timeout (ms), skip. */
export function register(name, fn, opts = {}) {
  tests.push({ name, fn, opts });
}

/** fn() runs once after every test, last registered first. */
export function after(fn) {
  afterHooks.push(fn);
}

function indent(text) {
  return String(text).split('\n').map((l) => `    ${l}`).join('\n');
}

function describeError(e) {
  if (e && e.stack) return e.stack;
  return String(e);
}

/** Run fn() or fail after ms. The timer keeps the process alive, so a
 * test that hangs with nothing else pending still fails by name. */
function withTimeout(fn, ms, name) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${name}`)), ms);
  });
  return Promise.race([Promise.resolve().then(fn), limit]).finally(() => clearTimeout(timer));
}

/**
 * Run the registered tests whose names match `pattern` (a RegExp or
 * null), `jobs` at a time, after before() and followed by the after()
 * hooks. Returns { passed, failed, skipped }. A failing before() fails
 * every test it would have run; a failing after() hook is one failure.
 */
export async function runAll({ jobs = 1, pattern = null, before = null, out = console.log }) {
  const result = { passed: 0, failed: 0, skipped: 0 };
  const failures = [];
  const chosen = tests.filter((t) => !pattern || pattern.test(t.name));
  const fail = (name, e) => {
    result.failed += 1;
    failures.push({ name, error: describeError(e) });
    out(`FAIL ${name}\n${indent(describeError(e))}`);
  };

  let ready = true;
  if (before) {
    try {
      await before();
    } catch (e) {
      ready = false;
      for (const t of chosen) fail(t.name, e);
    }
  }
  if (ready) {
    let next = 0;
    const worker = async () => {
      while (next < chosen.length) {
        const t = chosen[next];
        next += 1;
        if (t.opts.skip) {
          result.skipped += 1;
          out(`skip ${t.name}`);
          continue;
        }
        const started = Date.now();
        try {
          await withTimeout(t.fn, t.opts.timeout ?? 120000, t.name);
          result.passed += 1;
          out(`ok   ${t.name} (${Date.now() - started} ms)`);
        } catch (e) {
          fail(`${t.name} (${Date.now() - started} ms)`, e);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  }
  for (const hook of afterHooks.reverse()) {
    try {
      await withTimeout(hook, 60000, 'after-run hook');
    } catch (e) {
      fail('after-run hook', e);
    }
  }
  if (failures.length) {
    out(`\n${failures.length} failing:`);
    for (const f of failures) out(`  FAIL ${f.name}\n${indent(f.error)}`);
  }
  return result;
}
