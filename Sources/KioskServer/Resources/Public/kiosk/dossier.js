/* The dossier code: a scanner anywhere on the page, or the on-screen keypad. */
import { renderDossierBar } from './draw.js';
import { hideCountdown } from './idle.js';
import { beginRating } from './rating.js';
import { notice, show } from './screens.js';
import { $, DOSSIER_CHAR, DOSSIER_RE, FLOW_SCREENS, SCAN_GAP_MS, SCAN_MIN_LENGTH, el, state, t } from './state.js';
import { fieldChanged, typed } from './typing.js';

// ---------------------------------------------------------------- dossier code

/** The dossier code in what a scanner typed: the code itself, or a code inside a link. */
export function parseDossierCode(raw) {
  let s = String(raw || '').trim();
  if (/^https?:\/\//i.test(s) || s.includes('?')) {
    let found = null;
    try {
      const u = new URL(s, window.location.origin);
      for (const [k, v] of u.searchParams) {
        if (/ma|code|hoso|dossier|id/i.test(k) && DOSSIER_RE.test(v.toUpperCase())) found = v;
      }
      if (!found) {
        const seg = u.pathname.split('/').filter(Boolean).pop();
        if (seg && DOSSIER_RE.test(seg.toUpperCase())) found = seg;
      }
    } catch (e) {
      found = null;
    }
    s = found || '';
  }
  s = s.toUpperCase();
  return DOSSIER_RE.test(s) ? s : null;
}

export function openDossier() {
  if (state.busy) return;
  state.dossierReturn = state.screen;
  $('dossier-input').value = state.flow.dossierCode || '';
  $('dossier-error').textContent = '';
  show('dossier', 'dossier-input');
}

export function closeDossier() {
  renderDossierBar();
  const back = state.dossierReturn && state.dossierReturn !== 'dossier' ? state.dossierReturn : 'rate';
  show(back);
}

export function confirmDossier() {
  if (state.screen !== 'dossier') return;
  const v = $('dossier-input').value.trim().toUpperCase();
  if (v === '') {
    state.flow.dossierCode = null;
    closeDossier();
    return;
  }
  if (!DOSSIER_RE.test(v)) {
    $('dossier-error').textContent = t('dossier.invalid');
    return;
  }
  state.flow.dossierCode = v;
  closeDossier();
}

export function dossierKey(key) {
  const input = $('dossier-input');
  let v = input.value;
  if (key === 'backspace') v = v.slice(0, -1);
  else if (key === 'clear') v = '';
  else if (key.length === 1 && DOSSIER_CHAR.test(key) && v.length < 50) v += key.toUpperCase();
  else return;
  input.value = v;
  $('dossier-error').textContent = '';
  typed();
}

/** What a USB scanner typed (fast keys ending with Enter), anywhere on the page. */
export function onScan(raw) {
  const code = parseDossierCode(raw);
  if (!code) {
    notice(t('dossier.unreadable'));
    return;
  }
  if (state.busy) return;
  if (state.countdownVisible) hideCountdown(false);
  if (state.screen === 'dossier') {
    $('dossier-input').value = code;
    confirmDossier();
  } else if (FLOW_SCREENS.includes(state.screen)) {
    state.flow.dossierCode = code;
    renderDossierBar();
  } else {
    clearTimeout(state.thanksTimer);
    beginRating(code);
  }
  notice(t('dossier.scanned', { code: code }));
}

export const scan = { buf: '', first: 0, last: 0, snapshot: null };

export function typingField() {
  const a = document.activeElement;
  return a && ['comment', 'dossier-input', 'help-search'].includes(a.id) ? a : null;
}

export function onScanKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  const now = performance.now();
  if (e.key === 'Enter') {
    const n = scan.buf.length;
    const quick = n >= SCAN_MIN_LENGTH && now - scan.last < SCAN_GAP_MS * 2 &&
      (scan.last - scan.first) / (n - 1) < SCAN_GAP_MS;
    const code = scan.buf;
    const snap = scan.snapshot;
    scan.buf = '';
    scan.snapshot = null;
    if (!quick) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    if (snap && snap.el.value !== snap.value) {
      snap.el.value = snap.value;
      fieldChanged(snap.el);
    }
    onScan(code);
    return;
  }
  if (e.key === 'Shift') return;
  if (e.key.length !== 1) {
    scan.buf = '';
    return;
  }
  if (!scan.buf || now - scan.last > SCAN_GAP_MS) {
    const f = typingField();
    scan.buf = '';
    scan.first = now;
    scan.snapshot = f ? { el: f, value: f.value } : null;
  }
  scan.buf += e.key;
  scan.last = now;
}
