/* Showing screens, notices, the language and text size, going back to the start. */
import { dropCall } from './call.js';
import { renderAll } from './draw.js';
import { renderScrollButtons, showSearchKeyboard } from './help.js';
import { hideCountdown } from './idle.js';
import { refreshConfig } from '../kiosk.js';
import { clearFlow, keepAnswersSoFar } from './rating.js';
import { speakScreen, stopSpeech } from './speech.js';
import { $, NOTICE_MS, SETTLE_MS, keyboards, state } from './state.js';

// ---------------------------------------------------------------- screens

export function settled() {
  return performance.now() - state.shownAt >= SETTLE_MS;
}

/** Shows one screen; `quiet` keeps it from being read aloud (the attract screen after a reset: nobody is there). */
export function show(name, focus, quiet) {
  state.screen = name;
  state.shownAt = performance.now();
  document.body.dataset.current = name;
  document.body.dataset.settled = 'false';
  clearTimeout(state.settleTimer);
  state.settleTimer = setTimeout(() => {
    document.body.dataset.settled = 'true';
  }, SETTLE_MS);
  for (const s of document.querySelectorAll('[data-screen]')) {
    s.hidden = s.dataset.screen !== name;
  }
  if (focus !== false) {
    const target = typeof focus === 'string' ? $(focus) : document.querySelector(`[data-screen="${name}"] h1`);
    if (target) target.focus({ preventScroll: true });
  }
  if (quiet) stopSpeech();
  else speakScreen();
}

/** A line under the screen (a scanned code, a cancelled call …); a sticky one stays until replaced. */
export function notice(text, sticky) {
  clearTimeout(state.noticeTimer);
  $('notice').textContent = text || '';
  state.noticeSticky = !!(text && sticky);
  if (text && !sticky) state.noticeTimer = setTimeout(() => ($('notice').textContent = ''), NOTICE_MS);
}

/** Passing notices belong to the resident who saw them: gone when the kiosk moves on to the next one. */
export function clearPassingNotice() {
  if (!state.noticeSticky) notice('');
}

// ---------------------------------------------------------------- actions

export function setLanguage(code) {
  if (!(state.config.languages || []).includes(code)) return;
  state.lang = code;
  if (keyboards.comment && !state.flow.comment) keyboards.comment.setTelex(code === 'vi');
  renderAll();
}

export function setLarge(on) {
  state.large = on;
  document.documentElement.classList.toggle('text-large', on);
  $('text-size').setAttribute('aria-pressed', String(on));
  if (state.screen === 'help-topic') renderScrollButtons();
}

export function goHome() {
  if (state.busy) return;
  clearTimeout(state.thanksTimer);
  clearPassingNotice();
  clearFlow();
  state.help.topic = null;
  show('home');
}

/** Back to a fresh attract screen for the next resident: no answers, default language and text size. */
export function resetToHome() {
  clearTimeout(state.thanksTimer);
  hideCountdown(false);
  keepAnswersSoFar();
  stopSpeech();
  clearFlow();
  clearPassingNotice();
  state.help.query = '';
  state.help.topic = null;
  $('help-search').value = '';
  showSearchKeyboard(false);
  if (state.call) {
    dropCall();
    notice('');
  }
  state.lang = state.defaultLang;
  if (keyboards.comment) keyboards.comment.setTelex(state.lang === 'vi');
  setLarge(false);
  state.lastActivity = Date.now();
  state.lastTyped = 0;
  renderAll();
  show('home', true, true);
  refreshConfig();
}
