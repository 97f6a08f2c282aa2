/* The rating: walks the flow the server sent (flow.js) from the main question to the thanks. */
import { renderComment, renderCounters, renderFields, renderFollowup, renderOfficers, renderRate, renderSendButton } from './draw.js';
import { hideCountdown } from './idle.js';
import { deliver, outboxAdd } from './outbox.js';
import { clearPassingNotice, goHome, resetToHome, show } from './screens.js';
import { $, COMMENT_MAX, SAVING_NOTICE_DELAY_MS, THANKS_MS, Walk, button, emptyFlow, keyboards, kioskParam, rfc3339, state, t, uuidv4 } from './state.js';

// ---------------------------------------------------------------- the kiosk's flow and settings

/** The steps this kiosk asks, from GET /api/v1/kiosk/flow: every rule of what comes next is in it. */
export function flow() {
  return state.config.flow;
}

export function currentStep() {
  return state.step ? Walk.step(flow(), state.step) : null;
}

export function nextStep() {
  const next = state.step ? Walk.after(flow(), state.step, state.progress) : null;
  return next ? next.id : null;
}

export function kioskInfo() {
  return (state.config && state.config.kiosk) || {};
}

export function kioskId() {
  return kioskInfo().id || kioskParam || null;
}

/** A rating has been started and not yet sent (the resident may be on the call or keypad screen). */
export function inRating() {
  return state.step !== null;
}

// ---------------------------------------------------------------- rating flow

export function clearFlow() {
  state.step = null;
  state.progress = null;
  state.flow = emptyFlow();
  $('comment').value = '';
  if (keyboards.comment) {
    keyboards.comment.setShift(false);
    keyboards.comment.setTelex(state.lang === 'vi');
  }
}

/** A new rating, keeping a dossier code scanned or typed just before. */
export function beginRating(code) {
  clearFlow();
  state.flow.dossierCode = code || null;
  state.progress = Walk.start();
  state.ratingId = uuidv4();
  goStep(flow().main);
}

export function startRating() {
  clearTimeout(state.thanksTimer);
  beginRating(state.flow.dossierCode);
}

/** The screen of each kind of step; the main question has the start screen. */
export function screenOf(s) {
  if (s.id === flow().main) return 'rate';
  return s.kind === 'scale' || s.kind === 'single' || s.kind === 'multi' ? 'followup' : s.kind;
}

export function goStep(id) {
  state.step = id;
  const s = currentStep();
  const screen = screenOf(s);
  if (screen === 'rate') renderRate();
  else if (screen === 'followup') renderFollowup();
  else if (screen === 'comment') {
    if (keyboards.comment && !state.flow.comment) keyboards.comment.setTelex(state.lang === 'vi');
    renderComment();
  } else if (screen === 'counter') renderCounters();
  else if (screen === 'officer') renderOfficers();
  else if (screen === 'field') renderFields();
  show(screen, screen === 'comment' ? 'comment' : undefined);
}

/** Gives `answer` at the step shown and moves on: to the next step, or sends the rating. */
export function advance(answer, button) {
  const next = Walk.answer(flow(), answer, state.step, state.progress);
  if (next) {
    goStep(next.id);
    return;
  }
  submit(button);
}

export function goBack() {
  if (state.busy) return;
  const prev = state.step ? Walk.before(flow(), state.step, state.progress) : null;
  if (prev) goStep(prev.id);
  else goHome();
}

export function onStep(screen) {
  return !state.busy && state.screen === screen && state.step !== null;
}

export function chooseMain(choiceId, b) {
  if (state.busy || state.screen !== 'rate') return;
  if (!state.progress) {
    state.progress = Walk.start();
    state.ratingId = uuidv4();
  }
  state.step = flow().main;
  advance(Walk.chosen([choiceId]), b);
}

export function toggleReason(q, choiceId, b) {
  if (!onStep('followup')) return;
  const chosen = Walk.idsOf(state.progress.answers[q.id]).slice();
  const i = chosen.indexOf(choiceId);
  if (i >= 0) chosen.splice(i, 1);
  else chosen.push(choiceId);
  // Ticked, not yet moved on from; kept in the survey's order, not the order of the taps.
  const a = Walk.ordered(flow(), Walk.chosen(chosen), q.id);
  if (a.none) delete state.progress.answers[q.id];
  else state.progress.answers[q.id] = a;
  b.setAttribute('aria-pressed', String(i < 0));
  renderSendButton(q);
}

export function answerSingle(q, choiceId) {
  if (!onStep('followup')) return;
  advance(Walk.chosen([choiceId]), null);
}

export function onSend() {
  if (!onStep('followup')) return;
  const q = currentStep();
  const given = state.progress.answers[q.id];
  if (!q.optional && !Walk.idsOf(given).length) return;
  advance(given || Walk.none(), $('send'));
}

export function onSkip() {
  if (!onStep('followup')) return;
  const q = currentStep();
  if (!q.optional) return;
  delete state.progress.answers[q.id];
  advance(Walk.none(), $('skip'));
}

export function onCommentSend() {
  if (!onStep('comment')) return;
  state.flow.comment = $('comment').value.slice(0, COMMENT_MAX);
  advance(Walk.text(state.flow.comment), $('comment-send'));
}

export function onCommentSkip() {
  if (!onStep('comment')) return;
  state.flow.comment = '';
  $('comment').value = '';
  advance(Walk.none(), $('comment-skip'));
}

/** A counter, officer or field tapped (`id`), or its "Không nhớ" (null). */
export function chooseOption(screen, id) {
  if (!onStep(screen)) return;
  advance(id ? Walk.chosen([id]) : Walk.none(), id ? null : $(screen + '-skip'));
}

/** The rating as posted; with `walkedAway` only what the resident moved on from (see flow.js). */
export function buildRating(walkedAway) {
  state.progress.dossierCode = state.flow.dossierCode;
  return Walk.submission(flow(), state.progress, {
    id: state.ratingId, channel: 'touch', walkedAway: walkedAway, createdAt: rfc3339(new Date()),
  });
}

/**
 * A resident who walks away in the middle has still given the main answer (and whatever they moved on
 * from): it is kept, sent in the background through the outbox.
 */
export function keepAnswersSoFar() {
  if (!inRating() || state.busy) return;
  const rating = buildRating(true);
  if (!rating) return;
  const item = { id: rating.id, body: JSON.stringify(rating) };
  outboxAdd(item);
  deliver(item);
}

export async function submit(b) {
  if (state.busy) return;
  state.busy = true;
  const rating = buildRating(false);
  state.step = null;  // sent: nothing is left for a reset to keep
  const item = { id: rating.id, body: JSON.stringify(rating) };
  outboxAdd(item);   // kept before it is sent: a crash or reload mid-post loses nothing

  $('app').setAttribute('aria-busy', 'true');
  $('app').classList.add('is-busy');
  if (b) b.classList.add('is-chosen');
  state.savingTimer = setTimeout(() => {
    $('saving').textContent = t('rate.saving');
  }, SAVING_NOTICE_DELAY_MS);

  let result = 'retry';
  try {
    result = await deliver(item);
  } finally {
    clearTimeout(state.savingTimer);
    $('saving').textContent = '';
    $('app').removeAttribute('aria-busy');
    $('app').classList.remove('is-busy');
    if (b) b.classList.remove('is-chosen');
    state.busy = false;
  }
  if (result === 'duplicate') showAlready();
  else showThanks(rating.id, result !== 'retry' && result !== 'unpaired', result === 'unpaired');
}

export function afterRating(screen) {
  hideCountdown(false);
  clearPassingNotice();
  clearFlow();
  show(screen);
  clearTimeout(state.thanksTimer);
  state.thanksTimer = setTimeout(() => resetToHome(), THANKS_MS);
}

/** The thank-you screen; a rating not yet sent is said to be kept (until the kiosk is paired, when `unpaired`). */
export function showThanks(ratingId, saved, unpaired) {
  const screen = document.querySelector('[data-screen="thanks"]');
  screen.dataset.saved = String(saved);
  screen.dataset.ratingId = ratingId;
  const later = $('thanks-later');
  later.hidden = saved;
  later.dataset.t = unpaired ? 'pairing.kept' : 'rate.saved_later';
  later.textContent = t(later.dataset.t);
  afterRating('thanks');
}

export function showAlready() {
  afterRating('already');
}
