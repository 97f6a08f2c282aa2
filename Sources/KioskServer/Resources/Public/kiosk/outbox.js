/* The outbox: ratings kept in localStorage before they are sent, sent and resent with the same id. */
import { renderOutboxStatus } from './draw.js';
import { OUTBOX_KEY, POST_TIMEOUT_MS, REJECTED_KEY, inFlight, rfc3339, sending, state } from './state.js';

// ---------------------------------------------------------------- storage (outbox)

export function readList(key) {
  try {
    const raw = window.localStorage.getItem(key);
    const list = raw ? JSON.parse(raw) : [];
    return Array.isArray(list) ? list : [];
  } catch (e) {
    return key === OUTBOX_KEY ? sending.memoryOutbox.slice() : [];
  }
}

export function writeList(key, list) {
  if (key === OUTBOX_KEY) sending.memoryOutbox = list.slice();
  try {
    window.localStorage.setItem(key, JSON.stringify(list));
  } catch (e) {
    console.warn('kiosk: localStorage unavailable', e);
  }
}

export function outbox() {
  return readList(OUTBOX_KEY).filter((it) => it && typeof it.id === 'string' && typeof it.body === 'string');
}

export function outboxAdd(item) {
  const list = outbox().filter((it) => it.id !== item.id);
  list.push(item);
  writeList(OUTBOX_KEY, list);
}

/** Replaces an item in place, keeping the order in which ratings are resent. */
export function outboxReplace(item) {
  writeList(OUTBOX_KEY, outbox().map((it) => (it.id === item.id ? item : it)));
}

export function outboxRemove(id) {
  writeList(OUTBOX_KEY, outbox().filter((it) => it.id !== id));
}

/** Keeps the last few ratings the server refused (4xx), for the IT officer; never retried. */
export function rememberRejected(item, status, detail) {
  const list = readList(REJECTED_KEY);
  list.push({ id: item.id, body: item.body, status: status, detail: String(detail).slice(0, 500), at: rfc3339(new Date()) });
  writeList(REJECTED_KEY, list.slice(-20));
}

// ---------------------------------------------------------------- sending ratings

/** The server said this browser is not paired (401), or took a rating again: says so on the status line. */
export function setUnpaired(on) {
  if (state.unpaired === on) return;
  state.unpaired = on;
  renderOutboxStatus();
}

/**
 * Posts one outbox item. Resolves to 'sent' (stored, or already stored: 200/201), 'duplicate' (its
 * dossier code was rated before: 409 on dossierCode), 'rejected' (refused for good: other 4xx), 'retry'
 * (network, timeout or 5xx: it stays in the outbox), 'unpaired' (401: this browser is not a paired
 * kiosk; it stays in the outbox) or 'busy' (already being posted).
 */
export async function deliver(item) {
  if (inFlight.has(item.id)) return 'busy';
  inFlight.add(item.id);
  try {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), POST_TIMEOUT_MS);
    let res;
    try {
      res = await fetch('/api/v1/ratings', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: item.body,
        cache: 'no-store',
        signal: ctrl.signal,
      });
    } catch (e) {
      return 'retry';
    } finally {
      clearTimeout(timer);
    }
    if (res.ok) {
      outboxRemove(item.id);
      setUnpaired(false);
      return 'sent';
    }
    if (res.status === 401) {
      setUnpaired(true);
      return 'unpaired';
    }
    if (res.status >= 500 || res.status === 408 || res.status === 429) return 'retry';
    let detail = '';
    try {
      detail = await res.text();
    } catch (e) {
      detail = '';
    }
    let field = null;
    try {
      field = JSON.parse(detail).error.field || null;
    } catch (e) {
      field = null;
    }
    // A kiosk clock running ahead of the server's: send it again stamped by the server's clock.
    if (res.status === 400 && field === 'createdAt') {
      const body = JSON.parse(item.body);
      if (body.createdAt) {
        delete body.createdAt;
        item.body = JSON.stringify(body);
        outboxReplace(item);
        return 'retry';
      }
    }
    outboxRemove(item.id);
    rememberRejected(item, res.status, detail);
    if (res.status === 409 && field === 'dossierCode') return 'duplicate';
    console.error('kiosk: rating refused', res.status, detail);
    return 'rejected';
  } finally {
    inFlight.delete(item.id);
    renderOutboxStatus();
  }
}

/** The pause between two ratings of a backlog, from the server (`[misuse]` of the centre). */
export function backlogSpacingMs() {
  const seconds = state.config && state.config.kiosk && Number(state.config.kiosk.backlogSpacing);
  return seconds > 0 ? seconds * 1000 : 12000;
}

/** Sends what the outbox holds, oldest first; stops at the first failure and tries again later. */
export async function flushOutbox() {
  if (sending.flushing) return;
  sending.flushing = true;
  try {
    const items = outbox();
    for (let i = 0; i < items.length; i += 1) {
      const result = await deliver(items[i]);
      if (result === 'retry' || result === 'unpaired') break;
      // A backlog goes out slowly enough that the server never takes it for a burst of presses.
      if (i + 1 < items.length) await new Promise((resolve) => setTimeout(resolve, backlogSpacingMs()));
    }
  } finally {
    sending.flushing = false;
    renderOutboxStatus();
  }
}
