// Reloads the help-calls page when the list of calls changes, so a new call appears at once.
(function () {
  'use strict';
  let last = null;
  async function check() {
    try {
      const res = await fetch('/staff/calls/calls.json', { cache: 'no-store', credentials: 'same-origin' });
      if (!res.ok) return;
      const text = JSON.stringify((await res.json()).calls.map((c) => [c.id, c.status]));
      if (last !== null && text !== last && !document.activeElement.closest('form')) window.location.reload();
      last = text;
    } catch (e) {
      // The server is restarting: try again at the next tick.
    }
  }
  check();
  setInterval(check, 2000);
})();
