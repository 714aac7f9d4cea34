// SPDX-License-Identifier: GPL-2.0-or-later
// checks.mjs - what the tests verify beyond the DOM: WIFI: QR codes
// decoded with zbarimg (from the PNG, and from the PDF card rendered with
// pdftoppm), the card's text (pdftotext), and a page audit (horizontal
// scroll, labelled form fields, inline script, injected markup).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after } from './runner.mjs';

const work = mkdtempSync(join(tmpdir(), 'mpsk-browser-'));
after(() => rmSync(work, { recursive: true, force: true }));
let fileCounter = 0;

/** A fresh path in the run's temporary directory. */
export function tempPath(name) {
  fileCounter += 1;
  return join(work, `${fileCounter}-${name}`);
}

function run(cmd, args, encoding = 'utf8') {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { encoding, timeout: 30000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')}: ${err.message} ${stderr}`));
      else resolve(stdout);
    });
  });
}

/** The WIFI: text a QR code of this network and passphrase must hold:
 * \ ; , : " escaped with a backslash in both fields. */
export function wifiPayload(ssid, passphrase) {
  const esc = (s) => s.replace(/[\\;,:"]/g, (c) => `\\${c}`);
  return `WIFI:T:WPA;S:${esc(ssid)};P:${esc(passphrase)};;`;
}

/** Decode the QR codes in an image file; one string per symbol. With
 * binary, the symbols' bytes as they are (-Sbinary: no guessing at their
 * character set), but then an image's symbols come back as one string. */
export async function zbar(file, { binary = false } = {}) {
  const out = await run('zbarimg', ['--nodbus', '--raw', '-q', ...(binary ? ['-Sbinary'] : []), file]);
  return binary ? [out].filter((l) => l !== '') : out.split('\n').filter((l) => l !== '');
}

/** Fetch a QR PNG with the context's cookies and decode it. */
export async function qrOf(ctx, path) {
  const r = await ctx.request.get(path);
  assert.equal(r.status(), 200, `${path} answered ${r.status()}`);
  assert.equal(r.headers()['content-type'], 'image/png');
  const file = tempPath('qr.png');
  writeFileSync(file, await r.body());
  const codes = await zbar(file);
  assert.equal(codes.length, 1, `${path}: ${codes.length} QR codes`);
  return codes[0];
}

/** Render a PDF (each page at 150 dpi) and decode its QR codes (opts as
 * zbar()'s: binary gives one string per page); also its text. Returns
 * { pages, codes, text }. */
export async function readPdf(file, opts = {}) {
  const dir = mkdtempSync(join(work, 'pdf-'));
  await run('pdftoppm', ['-r', '150', '-png', file, join(dir, 'page')]);
  const pages = readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
  const codes = [];
  for (const p of pages) codes.push(...await zbar(join(dir, p), opts));
  const text = await run('pdftotext', ['-layout', file, '-']);
  return { pages: pages.length, codes, text };
}

/** Audit the page as it is now: horizontal overflow, form fields without
 * a label, inline script and event-handler attributes, injected markup. */
export function auditPage(page) {
  return page.evaluate(() => {
    const fields = [...document.querySelectorAll('input, select, textarea')]
      .filter((e) => e.type !== 'hidden');
    const handlers = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) handlers.push(`${el.tagName}[${a.name}]`);
        if (/^\s*javascript:/i.test(a.value)) handlers.push(`${el.tagName}[${a.name}=javascript:]`);
      }
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      unlabelled: fields.filter((e) => !(e.labels && e.labels.length) ||
        ![...e.labels].some((l) => l.textContent.trim())).map((e) => e.name || e.id || e.outerHTML),
      fields: fields.length,
      inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
      externalScripts: [...document.querySelectorAll('script[src]')]
        .map((s) => new URL(s.src).origin === location.origin ? 'self' : s.src),
      handlers,
      styleAttributes: document.querySelectorAll('[style]').length,
      injectedImages: document.querySelectorAll('img[src="x"], img[src$="/x"]').length,
    };
  });
}

/** The page shows no markup that came from data: no extra script, no
 * injected image, no event-handler attribute. */
export async function assertNoInjection(page, where) {
  const a = await auditPage(page);
  assert.equal(a.inlineScripts, 0, `${where}: inline <script> in the page`);
  assert.deepEqual(a.handlers, [], `${where}: event-handler attributes in the page`);
  assert.equal(a.injectedImages, 0, `${where}: injected <img> in the page`);
}
