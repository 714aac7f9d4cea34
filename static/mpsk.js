// SPDX-License-Identifier: GPL-2.0-or-later
/* mpsk.js - progressive enhancement only: every page works without it.
 * - guest key forms send the browser's time zone offset, so the times a
 *   tenant types are taken as local times;
 * - forms with data-confirm ask before they submit;
 * - the password of a shown key gets a Copy button. */
(function () {
  'use strict';
  document.querySelectorAll('input[data-tz]').forEach(function (input) {
    input.value = String(new Date().getTimezoneOffset());
    var hint = document.querySelector('[data-tz-hint]');
    if (hint) {
      hint.textContent = 'Times are in your time zone.';
    }
  });
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) {
        event.preventDefault();
      }
    });
  });
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(source.textContent).then(function () {
        button.textContent = 'Copied';
      });
    });
  });
}());
