/*
 * Walks the flow the server sends for this kiosk (GET /api/v1/kiosk/flow, KioskCore's SurveyFlow). The
 * flow holds every rule: which steps there are, when each is asked (`when`), what a counter tells
 * without asking (`implies`), which answer ends the questions (`skipEnds`). This file only follows them,
 * as SurveyFlow+Walk.swift does; Tests/fixtures/flow-scenarios.json runs through both.
 *
 *   const p = SurveyFlowWalk.start(dossierCode);
 *   SurveyFlowWalk.answer(flow, SurveyFlowWalk.chosen(['satisfied']), flow.main, p)  -> the next step, or null
 *   SurveyFlowWalk.submission(flow, p, { id, channel, walkedAway, createdAt })      -> the rating, or null
 *
 * An ES module (kiosk/state.js imports it). An answer is { chosen: [ids] } (one id but for a multi step), { text: '…' } (the comment) or { none: true }
 * ("Skip", "Không nhớ").
 */
const COMMENT_MAX = 1000;

const chosen = (ids) => ({ chosen: ids.slice() });
const text = (value) => ({ text: String(value) });
const none = () => ({ none: true });

function idsOf(answer) {
  return answer && Array.isArray(answer.chosen) ? answer.chosen : [];
}

function start(dossierCode) {
  return { answers: {}, confirmed: new Set(), dossierCode: dossierCode || null };
}

function step(flow, id) {
  return flow.steps.find((s) => s.id === id) || null;
}

function choiceOf(s, id) {
  return (s && s.choices.find((c) => c.id === id)) || null;
}

function applies(s, progress) {
  return (s.when || []).every((c) => idsOf(progress.answers[c.step]).some((id) => c.anyOf.includes(id)));
}

/** The steps asked, given the answers so far, up to a step whose answer ends the questions. */
function steps(flow, progress) {
  const out = [];
  for (const s of flow.steps) {
    if (!applies(s, progress)) continue;
    out.push(s);
    const given = progress.answers[s.id];
    if (s.skipEnds && given && given.none) break;
  }
  return out;
}

function after(flow, id, progress) {
  const list = steps(flow, progress);
  const i = list.findIndex((s) => s.id === id);
  return i >= 0 && i + 1 < list.length ? list[i + 1] : null;
}

function before(flow, id, progress) {
  const list = steps(flow, progress);
  const i = list.findIndex((s) => s.id === id);
  return i > 0 ? list[i - 1] : null;
}

/** A multi step's choices in the step's order; no choice at all is no answer. */
function ordered(flow, answer, id) {
  const s = step(flow, id);
  if (!answer || !Array.isArray(answer.chosen) || !s) return answer;
  const kept = s.choices.map((c) => c.id).filter((c) => answer.chosen.includes(c));
  return kept.length ? chosen(kept) : none();
}

/** Gives `answer` at step `id` and moves on from it: the next step, or null when the questions end. */
function answer(flow, given, id, progress) {
  progress.answers[id] = ordered(flow, given, id);
  progress.confirmed.add(id);
  return after(flow, id, progress);
}

function given(flow, s, progress, confirmedOnly) {
  if (confirmedOnly && s.id !== flow.main && !progress.confirmed.has(s.id)) return undefined;
  return progress.answers[s.id];
}

function fill(into, from) {
  if (!from) return into;
  return {
    counter: into.counter || from.counter || null,
    officer: into.officer || from.officer || null,
    field: into.field || from.field || null,
  };
}

/** The counter, officer and field: those chosen, else those the chosen counter or the kiosk implies. */
function facts(flow, progress, confirmedOnly) {
  const picked = { counter: null, officer: null, field: null };
  let implied = null;
  for (const s of steps(flow, progress)) {
    const id = idsOf(given(flow, s, progress, confirmedOnly))[0];
    if (!id) continue;
    if (s.kind === 'counter') {
      picked.counter = id;
      implied = (choiceOf(s, id) || {}).implies || null;
    } else if (s.kind === 'officer') picked.officer = id;
    else if (s.kind === 'field') picked.field = id;
  }
  return fill(fill(fill({ counter: null, officer: null, field: null }, flow.fixed), picked), implied);
}

function hasMainAnswer(flow, progress) {
  return idsOf(progress.answers[flow.main]).length > 0;
}

/**
 * The rating as POST /api/v1/ratings takes it: all that was given, or with `walkedAway` only what the
 * resident moved on from (always the main answer). Null before the main question is answered.
 */
function submission(flow, progress, options) {
  if (!hasMainAnswer(flow, progress)) return null;
  const answers = {};
  let comment = null;
  for (const s of steps(flow, progress)) {
    const a = given(flow, s, progress, !!options.walkedAway);
    if (!a) continue;
    const ids = idsOf(a);
    if (s.kind === 'multi' && ids.length) answers[s.question] = ids.slice();
    else if ((s.kind === 'scale' || s.kind === 'single') && ids.length) answers[s.question] = ids[0];
    else if (s.kind === 'comment' && typeof a.text === 'string') comment = a.text.trim().slice(0, COMMENT_MAX) || null;
  }
  const rating = { id: options.id, survey: flow.survey, answers: answers, channel: options.channel };
  if (flow.kiosk) rating.kiosk = flow.kiosk;
  const f = facts(flow, progress, !!options.walkedAway);
  if (f.counter) rating.counter = f.counter;
  if (f.officer) rating.officer = f.officer;
  if (f.field) rating.field = f.field;
  if (progress.dossierCode) rating.dossierCode = progress.dossierCode;
  if (comment) rating.comment = comment;
  if (options.createdAt) rating.createdAt = options.createdAt;
  return rating;
}

export const SurveyFlowWalk = Object.freeze({
  chosen, text, none, idsOf, start, step, choiceOf, applies, steps, after, before, ordered, answer, facts,
  hasMainAnswer, submission,
});
