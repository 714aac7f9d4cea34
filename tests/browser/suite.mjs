// SPDX-License-Identifier: GPL-2.0-or-later
// suite.mjs - every browser test, in one process so the run has one
// browser (lib/browser.mjs launches it once). run.mjs imports this file,
// then runs the tests. A new spec file is added to the imports below; its
// portalTest() calls register the tests, which run in this order,
// MPSK_BROWSER_JOBS at a time (default 1: see specs/load.mjs for why).
import './specs/auth.mjs';
import './specs/keys.mjs';
import './specs/devices.mjs';
import './specs/guests.mjs';
import './specs/subcustomers.mjs';
import './specs/security.mjs';
import './specs/layout.mjs';
// Before the staff specs, whose test data would crowd the staff pages'
// screenshots (the auth log, the latest rejects).
import './specs/screenshots.mjs';
// The staff dashboard.
import './specs/staff_accounts.mjs';
import './specs/staff_customers.mjs';
import './specs/staff_keys.mjs';
import './specs/staff_conflicts.mjs';
import './specs/staff_logs.mjs';
import './specs/staff_catalog.mjs';
import './specs/staff_cards.mjs';
import './specs/staff_roles.mjs';
import './specs/staff_layout.mjs';
// Last: when it fails it leaves nginx's connections to mpsk stuck.
import './specs/load.mjs';
