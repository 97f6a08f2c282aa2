/* The idle reset: a countdown after the idle time, then back to the start for the next resident. */
import { typingField } from './dossier.js';
import { kioskInfo } from './rating.js';
import { resetToHome } from './screens.js';
import { speakScreen } from './speech.js';
import { $, CALL_WAIT_MAX_MS, DEFAULT_IDLE_SECONDS, idleParam, state, t } from './state.js';

// ---------------------------------------------------------------- idle reset

export function idleMs() {
  const s = idleParam !== null ? idleParam : Number(kioskInfo().idleSeconds) || DEFAULT_IDLE_SECONDS;
  return s * 1000;
}

export function countdownMs() {
  return Math.min(20000, idleMs() / 2);
}

export function idleApplies() {
  if (!state.config || state.busy) return false;
  const s = state.screen;
  if (s === 'thanks' || s === 'already') return false;   // they go back by themselves
  if (s === 'home') return state.lang !== state.defaultLang || state.large || state.help.query !== '';
  if (s === 'call' && state.call && ['sending', 'waiting', 'failed'].includes(state.call.status) &&
      Date.now() - state.call.createdAt < CALL_WAIT_MAX_MS) return false;   // someone waits for help
  return true;
}

export function noteActivity(e) {
  // While the countdown shows, a tap counts only on its own button (or the dim area): see dismissCountdown.
  if (state.countdownVisible) {
    if (e && e.type === 'keydown') dismissCountdown(null);
    return;
  }
  state.lastActivity = Date.now();
}

/** When the page goes back to the start: idle time after the last touch or key, longer after typing in a field. */
export function idleDeadline() {
  let deadline = state.lastActivity + idleMs();
  if (typingField() && state.lastTyped) deadline = Math.max(deadline, state.lastTyped + idleMs() + countdownMs());
  return deadline;
}

export function tickIdle() {
  if (!idleApplies()) {
    if (state.countdownVisible) hideCountdown(false);
    return;
  }
  const remaining = idleDeadline() - Date.now();
  if (remaining <= 0) {
    resetToHome();
    return;
  }
  if (remaining <= countdownMs()) showCountdown(Math.ceil(remaining / 1000));
  else if (state.countdownVisible) hideCountdown(false);
}

export function showCountdown(seconds) {
  const text = t('idle.countdown', { seconds: seconds });
  if ($('idle-countdown').textContent !== text) $('idle-countdown').textContent = text;
  if (state.countdownVisible) return;
  state.countdownVisible = true;
  state.focusBeforeCountdown = document.activeElement;
  $('idle-overlay').hidden = false;
  $('still-here').focus({ preventScroll: true });
  speakScreen();
}

export function hideCountdown(restoreFocus) {
  if (!state.countdownVisible) return;
  state.countdownVisible = false;
  $('idle-overlay').hidden = true;
  const back = state.focusBeforeCountdown;
  state.focusBeforeCountdown = null;
  if (restoreFocus && back && document.contains(back) && typeof back.focus === 'function') {
    back.focus({ preventScroll: true });
  }
}

export function dismissCountdown(event) {
  if (event) event.preventDefault();
  state.lastActivity = Date.now();
  if (state.lastTyped) state.lastTyped = state.lastActivity;
  hideCountdown(true);
}
