// suite.mjs - every browser test, in one process so the run has one
// browser (lib/browser.mjs launches it once). run.mjs runs this file.
// A new spec file is added to the imports below; its portalTest() calls
// register the tests, runSuite() runs them in this order,
// MPSK_BROWSER_JOBS at a time (default 1: see specs/load.mjs for why).
import { runSuite } from './lib/browser.mjs';
import './specs/auth.mjs';
import './specs/keys.mjs';
import './specs/devices.mjs';
import './specs/guests.mjs';
import './specs/subcustomers.mjs';
import './specs/security.mjs';
import './specs/layout.mjs';
import './specs/screenshots.mjs';
// Last: when it fails it leaves nginx's connections to mpsk stuck.
import './specs/load.mjs';

runSuite('tenant portal', Number(process.env.MPSK_BROWSER_JOBS) || 1);
