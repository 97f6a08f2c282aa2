/* Calling a staff member: the call, its status from the server, cancelling it. */
import { hideCountdown } from './idle.js';
import { setUnpaired } from './outbox.js';
import { kioskId } from './rating.js';
import { goHome, notice, show } from './screens.js';
import { speakScreen } from './speech.js';
import { $, CALL_POLL_MS, state, t, uuidv4 } from './state.js';

// ---------------------------------------------------------------- call staff

export function callActive() {
  return !!state.call && state.call.status !== 'cancelled';
}

export function renderCallButton() {
  const b = $('call-staff');
  const active = callActive();
  b.classList.toggle('is-active', active);
  $('call-staff-label').textContent = active ? t('call.active') : t('call.button');
}

export function renderCall() {
  renderCallButton();
  const c = state.call;
  const screen = document.querySelector('[data-screen="call"]');
  const status = c ? c.status : 'none';
  screen.dataset.status = status;
  screen.dataset.callId = c ? c.id : '';
  let title = t('call.title');
  let text = t('call.waiting');
  if (status === 'sending') title = t('call.sending');
  if (status === 'failed') {
    title = t('call.sending');
    text = t('call.failed');
  }
  if (status === 'taken') {
    title = t('call.coming');
    text = t('call.coming_body');
  }
  $('call-title').textContent = title;
  $('call-text').textContent = text;
  $('call-cancel').hidden = !(c && ['sending', 'waiting', 'failed'].includes(status));
}

export function callStaff() {
  if (state.busy) return;
  if (state.countdownVisible) hideCountdown(false);
  if (callActive()) {
    if (state.screen !== 'call') state.call.returnTo = state.screen;
    renderCall();
    show('call');
    return;
  }
  const call = {
    id: uuidv4(),
    topic: state.screen === 'help-topic' ? state.help.topic : null,
    status: 'sending',
    createdAt: Date.now(),
    returnTo: state.screen,
    timer: null,
  };
  state.call = call;
  renderCall();
  show('call');
  sendCall(call);
}

export async function sendCall(call) {
  if (state.call !== call || call.status === 'cancelled') return;
  const body = { id: call.id };
  if (kioskId()) body.kiosk = kioskId();
  if (call.topic) body.topic = call.topic;
  let res = null;
  try {
    res = await fetch('/api/v1/calls', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (e) {
    res = null;
  }
  if (state.call !== call || call.status === 'cancelled') return;
  if (res && res.ok) {
    let got = {};
    try {
      got = await res.json();
    } catch (e) {
      got = {};
    }
    setCallStatus(call, got.status || 'waiting');
    return;
  }
  if (res && res.status === 401) setUnpaired(true);
  if (res && res.status === 400 && call.topic) {
    call.topic = null;   // an unknown topic must not stop the call
  } else if (res && res.status >= 400 && res.status < 500) {
    setCallStatus(call, 'failed');
    return;
  }
  if (call.status === 'sending') setCallStatus(call, 'failed');
  call.timer = setTimeout(() => sendCall(call), CALL_POLL_MS);
}

export function setCallStatus(call, status) {
  const before = call.status;
  call.status = status;
  clearTimeout(call.timer);
  if (status === 'waiting') call.timer = setTimeout(() => pollCall(call), CALL_POLL_MS);
  if (status === 'cancelled') {
    if (state.call === call) state.call = null;
  }
  renderCall();
  if (status === 'taken' && before !== 'taken') {
    if (state.screen === 'call') speakScreen();
    else notice(t('call.coming'), true);
  }
}

export async function pollCall(call) {
  if (state.call !== call || call.status !== 'waiting') return;
  try {
    const res = await fetch(`/api/v1/calls/${call.id}`, { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (res.ok) {
      const got = await res.json();
      if (state.call !== call) return;
      if (got.status && got.status !== call.status) {
        setCallStatus(call, got.status);
        return;
      }
    }
  } catch (e) {
    // the server is away for a moment: ask again at the next tick
  }
  if (state.call === call && call.status === 'waiting') call.timer = setTimeout(() => pollCall(call), CALL_POLL_MS);
}

export function cancelCall() {
  const call = state.call;
  if (!call) return;
  clearTimeout(call.timer);
  const sent = call.status !== 'sending' && call.status !== 'failed';
  call.status = 'cancelled';
  state.call = null;
  if (sent) {
    fetch(`/api/v1/calls/${call.id}/cancel`, { method: 'POST', cache: 'no-store' }).catch(() => {});
  }
  renderCall();
  callBack(call.returnTo);
  notice(t('call.cancelled'));
}

/** Back to the screen the resident called from. */
export function callBack(returnTo) {
  const back = returnTo || (state.call && state.call.returnTo) || 'home';
  const target = back === 'call' ? 'home' : back;
  if (target === 'home') goHome();
  else show(target);
}

export function dropCall() {
  if (state.call) clearTimeout(state.call.timer);
  state.call = null;
  renderCall();
}
