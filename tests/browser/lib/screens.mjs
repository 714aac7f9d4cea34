// SPDX-License-Identifier: GPL-2.0-or-later
// screens.mjs - full-page screenshots for docs/screenshots/. Only when
// MPSK_SCREENSHOTS names a folder (scripts/test.sh sets it for the plain
// pass). Each shot is taken at desktop (1280 wide) and phone (360 wide)
// size and saved as NAME-desktop.png and NAME-phone.png, so the file names
// stay the same from run to run. A page is opened once and shot at both
// sizes.
//
// To add pages (the staff dashboard's, for instance): write a list of
// { name, path } (or { name, go: async (page) => ... } for a page that
// needs clicks) and a sign-in function, and call shootPages() from a test
// (see specs/screenshots.mjs, which has a place for the staff pages).
import { mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { DESKTOP, PHONE, open } from './browser.mjs';

export const SHOTS_DIR = process.env.MPSK_SCREENSHOTS
  ? resolve(process.env.MPSK_SCREENSHOTS) : null;

export const SIZES = { desktop: DESKTOP, phone: PHONE };

/** Save a full-page PNG of page as DIR/NAME.png (no-op without a folder). */
export async function screenshot(page, name) {
  if (!SHOTS_DIR) return;
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.waitForLoadState('load');
  await page.screenshot({
    path: join(SHOTS_DIR, `${name}.png`), fullPage: true, animations: 'disabled', caret: 'hide',
  });
}

/**
 * Screenshot a list of pages at both sizes with the test's page: each page
 * is opened once and shot at every size. pages: [{ name, path, public } |
 * { name, go(page), public }]; the public ones are shot first, then
 * signIn(page) runs (when given), then the others. Returns the names
 * written.
 */
export async function shootPages(page, pages, signIn) {
  const written = [];
  const ordered = [...pages.filter((p) => p.public), { signIn: true },
    ...pages.filter((p) => !p.public)];
  for (const p of ordered) {
    if (p.signIn) {
      if (signIn) await signIn(page);
      continue;
    }
    if (p.go) await p.go(page);
    else await open(page, p.path);
    for (const [size, viewport] of Object.entries(SIZES)) {
      await page.setViewportSize(viewport);
      await screenshot(page, `${p.name}-${size}`);
      written.push(`${p.name}-${size}`);
    }
    await page.setViewportSize(DESKTOP);
  }
  return written;
}
