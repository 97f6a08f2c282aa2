/*
 * CitizenKiosk resident kiosk: attract screen, rating flow, dossier code, comment keyboard, help topics,
 * call staff, idle reset, spoken prompts. This module loads the configuration, wires the page and starts;
 * each concern is an ES module of kiosk/ (state, outbox, rating, draw, screens, dossier, typing, help,
 * call, speech, idle), the flow walking is flow.js, the keyboard and Telex are keyboard.js and telex.js.
 *
 * Every word a resident sees comes from GET /api/v1/kiosk (`strings`, from kiosk-content/locales, and the
 * survey's, counters', officers' and fields' own labels) or from the help API. Nothing resident-facing is
 * written here.
 *
 * A rating gets its UUID before anything is sent and is written to an outbox in localStorage first; it
 * leaves the outbox only when the server has answered for it. A failed post (network, timeout, 5xx) is
 * retried with the same id and the same body on the next load and every few seconds, so one tap never
 * makes two ratings. Taps while a post is in flight are ignored, and so are taps on a screen shown less
 * than SETTLE_MS ago (the second half of a double tap). A dossier code rated before (409 on dossierCode)
 * is refused kindly and never retried. A 401 means this browser is not paired (or was revoked): the rating
 * stays in the outbox, the page says so, and it is sent once the kiosk is paired again.
 *
 * Query parameters: kiosk=ID (this device, when the server does not know it from the device cookie: its
 * settings come from centre.toml; a paired browser is always its cookie's kiosk), lang=vi|en (start
 * language), idle=SECONDS (overrides the kiosk's idle time; tests shorten it), speech=1|0 (overrides the
 * kiosk's spoken prompts).
 */
import { callBack, callStaff, cancelCall } from './kiosk/call.js';
import { closeDossier, confirmDossier, dossierKey, onScanKey, openDossier } from './kiosk/dossier.js';
import { buildLangSwitch, renderAll } from './kiosk/draw.js';
import { loadHelp, openHelp, printTopic, renderScrollButtons, scrollTopic, showSearchKeyboard, topicBack } from './kiosk/help.js';
import { dismissCountdown, noteActivity, tickIdle } from './kiosk/idle.js';
import { flushOutbox, outbox } from './kiosk/outbox.js';
import { chooseOption, goBack, onCommentSend, onCommentSkip, onSend, onSkip, startRating } from './kiosk/rating.js';
import { goHome, resetToHome, setLarge, settled, show } from './kiosk/screens.js';
import { speakScreen } from './kiosk/speech.js';
import { $, CONFIG_KEY, RETRY_MS, keyboards, kioskParam, label, langParam, state, t } from './kiosk/state.js';
import { commentKey, fieldChanged, onFieldKey, searchKey, typed } from './kiosk/typing.js';

// ---------------------------------------------------------------- start-up

export function validConfig(cfg) {
  return !!(cfg && cfg.strings && cfg.survey && cfg.flow && Array.isArray(cfg.flow.steps) &&
    cfg.flow.steps.some((s) => s.id === cfg.flow.main && Array.isArray(s.choices)));
}

export async function getJSON(url) {
  const res = await fetch(url, { cache: 'no-store', headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}

export function configUrl() {
  return '/api/v1/kiosk' + (kioskParam ? `?kiosk=${encodeURIComponent(kioskParam)}` : '');
}

export async function fetchConfig() {
  const [cfg, steps] = await Promise.all([getJSON(configUrl()), getJSON('/api/v1/kiosk/flow')]);
  cfg.flow = steps;
  if (!validConfig(cfg)) throw new Error('kiosk configuration is incomplete');
  try {
    window.localStorage.setItem(CONFIG_KEY, JSON.stringify({ url: configUrl(), config: cfg }));
  } catch (e) {
    // no cache then
  }
  return cfg;
}

export function cachedConfig() {
  try {
    const c = JSON.parse(window.localStorage.getItem(CONFIG_KEY) || 'null');
    return c && c.url === configUrl() && validConfig(c.config) ? c.config : null;
  } catch (e) {
    return null;
  }
}

/** Picks up edited content (survey, strings, settings) when the attract screen comes back. */
export async function refreshConfig() {
  try {
    const cfg = await fetchConfig();
    if (JSON.stringify(cfg) !== JSON.stringify(state.config) && state.screen === 'home' && !state.busy) {
      applyConfig(cfg);
      renderAll();
    }
  } catch (e) {
    // keep what we have
  }
  if (state.screen === 'home') loadHelp(true);
}

export function applyConfig(cfg) {
  state.config = cfg;
  const langs = Array.isArray(cfg.languages) && cfg.languages.length ? cfg.languages : ['vi'];
  cfg.languages = langs;
  state.defaultLang = langParam && langs.includes(langParam) ? langParam : (langs.includes('vi') ? 'vi' : langs[0]);
  if (!langs.includes(state.lang)) state.lang = state.defaultLang;
  buildLangSwitch();
}

export function buildKeyboards() {
  const keyLabel = (key) => (key === 'keyboard' ? t('a11y.keyboard') : t(`keys.${key}`));
  keyboards.comment = Keyboard.create($('comment-keyboard'), { layout: 'text', label: keyLabel, onKey: commentKey, telex: state.lang === 'vi' });
  keyboards.dossier = Keyboard.create($('dossier-keyboard'), { layout: 'code', label: keyLabel, onKey: dossierKey });
  keyboards.search = Keyboard.create($('help-keyboard'), { layout: 'search', label: keyLabel, onKey: searchKey });
}

export function wire() {
  for (const type of ['pointerdown', 'keydown', 'touchstart', 'wheel']) {
    document.addEventListener(type, noteActivity, { capture: true, passive: true });
  }
  document.addEventListener('keydown', onScanKey, true);
  // The second tap of a double tap lands on the next screen: ignore taps on a screen just shown.
  $('main').addEventListener('click', (e) => {
    if (settled()) return;
    const b = e.target.closest('button');
    if (!b || b.closest('#idle-overlay')) return;
    e.preventDefault();
    e.stopPropagation();
  }, true);

  $('text-size').addEventListener('click', () => setLarge(!state.large));
  $('call-staff').addEventListener('click', callStaff);
  $('speak').addEventListener('click', () => speakScreen());

  $('go-rate').addEventListener('click', () => {
    if (state.screen === 'home') startRating();
  });
  $('go-help').addEventListener('click', () => {
    if (state.screen === 'home') openHelp();
  });
  $('rate-back').addEventListener('click', goHome);
  $('dossier-open').addEventListener('click', openDossier);

  $('followup-back').addEventListener('click', goBack);
  $('send').addEventListener('click', onSend);
  $('skip').addEventListener('click', onSkip);

  $('comment-back').addEventListener('click', goBack);
  $('comment-skip').addEventListener('click', onCommentSkip);
  $('comment-send').addEventListener('click', onCommentSend);
  $('comment').addEventListener('keydown', (e) => onFieldKey(e, commentKey));
  $('comment').addEventListener('input', (e) => fieldChanged(e.currentTarget));

  $('counter-back').addEventListener('click', goBack);
  $('counter-skip').addEventListener('click', () => chooseOption('counter', null));
  $('officer-back').addEventListener('click', goBack);
  $('officer-skip').addEventListener('click', () => chooseOption('officer', null));
  $('field-back').addEventListener('click', goBack);
  $('field-skip').addEventListener('click', () => chooseOption('field', null));

  $('dossier-back').addEventListener('click', closeDossier);
  $('dossier-ok').addEventListener('click', confirmDossier);
  $('dossier-input').addEventListener('keydown', (e) => onFieldKey(e, dossierKey));

  $('thanks-back').addEventListener('click', () => resetToHome());
  $('already-back').addEventListener('click', () => resetToHome());

  $('help-back').addEventListener('click', goHome);
  $('help-search').addEventListener('focus', () => showSearchKeyboard(true));
  $('help-search').addEventListener('pointerdown', () => showSearchKeyboard(true));
  $('help-search').addEventListener('input', (e) => {
    typed();
    fieldChanged(e.currentTarget);
  });
  $('help-search').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') e.preventDefault();
  });
  $('topic-back').addEventListener('click', topicBack);
  $('topic-home').addEventListener('click', goHome);
  $('topic-print').addEventListener('click', printTopic);
  $('topic-up').addEventListener('click', () => scrollTopic(-1));
  $('topic-down').addEventListener('click', () => scrollTopic(1));
  $('topic-body').addEventListener('scroll', renderScrollButtons, { passive: true });
  window.addEventListener('resize', () => {
    if (state.screen === 'help-topic') renderScrollButtons();
  });

  $('call-cancel').addEventListener('click', cancelCall);
  $('call-back').addEventListener('click', () => callBack());

  $('idle-overlay').addEventListener('click', dismissCountdown);
  $('idle-overlay').addEventListener('keydown', (e) => {
    if (e.key === 'Escape') dismissCountdown(e);
    if (e.key === 'Tab') {
      e.preventDefault();
      $('still-here').focus();
    }
  });
  window.addEventListener('online', flushOutbox);
}

export async function boot() {
  let cfg = null;
  try {
    cfg = await fetchConfig();
  } catch (e) {
    console.warn('kiosk: cannot load configuration', e);
    cfg = cachedConfig();
  }
  if (!cfg) {
    setTimeout(boot, RETRY_MS);
    return;
  }
  applyConfig(cfg);
  state.lang = state.defaultLang;

  buildKeyboards();
  wire();
  renderAll();
  $('app').hidden = false;
  show('home', false, true);

  setInterval(tickIdle, 250);
  setInterval(() => {
    if (outbox().length) flushOutbox();
  }, RETRY_MS);
  flushOutbox();
  loadHelp();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
