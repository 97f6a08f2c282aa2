/* Drawing the rating screens: faces, choices, reasons, counters, officers, fields. */
import { renderCall, renderCallButton } from './call.js';
import { renderHelpList, renderTopic } from './help.js';
import { outbox } from './outbox.js';
import { answerSingle, chooseMain, chooseOption, currentStep, flow, nextStep, toggleReason } from './rating.js';
import { setLanguage } from './screens.js';
import { speechOn } from './speech.js';
import { $, Walk, button, el, inFlight, keyboards, label, state, svg, t } from './state.js';

// ---------------------------------------------------------------- drawing

/** A face drawn as SVG: circle, eyes, mouth. Hidden from assistive technology; the word is the name. */
export function makeFace(face) {
  const s = svg('svg', { class: 'face', viewBox: '0 0 120 120', 'aria-hidden': 'true', focusable: 'false' });
  s.appendChild(svg('circle', { cx: 60, cy: 60, r: 54, fill: '#FFFFFF', stroke: '#1A1A1A', 'stroke-width': 5 }));
  const ink = { fill: 'none', stroke: '#1A1A1A', 'stroke-width': 6, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' };
  if (face === 'very-happy') {
    s.appendChild(svg('path', Object.assign({}, ink, { d: 'M33 50 Q42 38 51 50' })));
    s.appendChild(svg('path', Object.assign({}, ink, { d: 'M69 50 Q78 38 87 50' })));
  } else {
    s.appendChild(svg('circle', { cx: 42, cy: 48, r: 7, fill: '#1A1A1A' }));
    s.appendChild(svg('circle', { cx: 78, cy: 48, r: 7, fill: '#1A1A1A' }));
  }
  const mouths = {
    'very-happy': 'M32 68 Q60 104 88 68 Z',
    happy: 'M36 72 Q60 94 84 72',
    neutral: 'M38 80 L82 80',
    unhappy: 'M38 88 Q60 68 82 88',
    'very-unhappy': 'M34 94 Q60 60 86 94',
  };
  const mouth = svg('path', Object.assign({}, ink, { d: mouths[face] || mouths.neutral }));
  if (face === 'very-happy') mouth.setAttribute('fill', '#1A1A1A');
  s.appendChild(mouth);
  if (face === 'very-unhappy') {
    s.appendChild(svg('path', Object.assign({}, ink, { d: 'M28 32 L50 40' })));
    s.appendChild(svg('path', Object.assign({}, ink, { d: 'M92 32 L70 40' })));
  }
  return s;
}

export function makeCheck() {
  const s = svg('svg', { class: 'check', viewBox: '0 0 48 48', 'aria-hidden': 'true', focusable: 'false' });
  s.appendChild(svg('rect', { class: 'check-box', x: 3, y: 3, width: 42, height: 42, rx: 8, 'stroke-width': 4 }));
  s.appendChild(svg('path', {
    class: 'check-mark', d: 'M12 25 L21 34 L37 14', fill: 'none', 'stroke-width': 7,
    'stroke-linecap': 'round', 'stroke-linejoin': 'round',
  }));
  return s;
}

/** A neutral head-and-shoulders drawing for an officer without a photo. */
export function makePortrait() {
  const s = svg('svg', { class: 'officer-photo', viewBox: '0 0 96 96', 'aria-hidden': 'true', focusable: 'false' });
  s.appendChild(svg('rect', { width: 96, height: 96, rx: 16, fill: '#DCE6F0' }));
  s.appendChild(svg('circle', { cx: 48, cy: 36, r: 17, fill: '#003B73' }));
  s.appendChild(svg('path', { d: 'M14 92 Q14 60 48 60 Q82 60 82 92 Z', fill: '#003B73' }));
  return s;
}

export function makeChoiceButton(choice) {
  const b = button('choice');
  b.dataset.choice = choice.id;
  b.dataset.face = choice.face || 'none';
  if (choice.face) b.appendChild(makeFace(choice.face));
  b.appendChild(el('span', 'choice-label', label(choice.label)));
  return b;
}

export function renderStatic() {
  for (const e of document.querySelectorAll('[data-t]')) e.textContent = t(e.dataset.t);
  for (const e of document.querySelectorAll('[data-t-label]')) e.setAttribute('aria-label', t(e.dataset.tLabel));
}

export function renderChrome() {
  const cfg = state.config;
  document.documentElement.lang = state.lang;
  const centre = cfg.centre ? label(cfg.centre.name) : '';
  document.title = centre ? `${t('app.title')} – ${centre}` : t('app.title');
  $('centre-name').textContent = centre;
  $('settings').setAttribute('aria-label', t('a11y.settings'));
  const sw = $('lang-switch');
  sw.setAttribute('aria-label', t('lang.label'));
  for (const b of sw.querySelectorAll('button')) {
    b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
  }
  $('text-size').setAttribute('aria-pressed', String(state.large));
  $('speak').hidden = !speechOn();
  renderCallButton();
  renderOutboxStatus();
}

/** One button per language, named in that language ("Tiếng Việt", "English"). Built once. */
export function buildLangSwitch() {
  const sw = $('lang-switch');
  sw.textContent = '';
  const langs = state.config.languages || ['vi'];
  if (langs.length < 2) {
    sw.hidden = true;
    return;
  }
  for (const code of langs) {
    const b = button('btn btn-toggle');
    b.dataset.lang = code;
    b.lang = code;
    const own = (state.config.strings[code] || {})['lang.name'];
    b.textContent = own || code;
    b.addEventListener('click', () => setLanguage(code));
    sw.appendChild(b);
  }
}

export function renderRate() {
  const main = Walk.step(flow(), flow().main);
  $('start-title').textContent = label(state.config.survey.title);
  $('start-prompt').textContent = label(main.prompt);
  const box = $('choices');
  box.textContent = '';
  for (const c of main.choices) {
    const b = makeChoiceButton(c);
    b.addEventListener('click', () => chooseMain(c.id, b));
    box.appendChild(b);
  }
  renderDossierBar();
}

export function renderDossierBar() {
  const code = state.flow.dossierCode;
  $('dossier-none').hidden = !!code;
  $('dossier-show').hidden = !code;
  $('dossier-value').textContent = code || '';
  $('dossier-open').textContent = code ? t('rate.dossier_change') : t('rate.dossier_enter');
}

export function renderFollowup() {
  const q = currentStep();
  if (!q || !q.question) return;
  $('followup-prompt').textContent = label(q.prompt);
  $('followup-hint').textContent = q.kind === 'multi' ? t('rate.choose_reasons_hint') : t('rate.choose_one_hint');
  const box = $('reasons');
  box.textContent = '';
  const given = Walk.idsOf(state.progress.answers[q.id]);
  for (const c of q.choices) {
    let b;
    if (q.kind === 'multi') {
      b = button('btn btn-toggle reason');
      b.dataset.reason = c.id;
      b.setAttribute('aria-pressed', String(given.includes(c.id)));
      b.appendChild(makeCheck());
      b.appendChild(el('span', '', label(c.label)));
      b.addEventListener('click', () => toggleReason(q, c.id, b));
    } else {
      if (c.face) {
        b = makeChoiceButton(c);
      } else {
        b = button('btn reason', label(c.label));
        b.dataset.option = c.id;
      }
      b.addEventListener('click', () => answerSingle(q, c.id));
    }
    box.appendChild(b);
  }
  $('skip').hidden = !q.optional;
  $('skip').textContent = t('rate.skip');
  renderSendButton(q);
}

export function renderSendButton(q) {
  const send = $('send');
  if (q.kind !== 'multi') {
    send.hidden = true;
    return;
  }
  send.hidden = false;
  const chosen = Walk.idsOf(state.progress.answers[q.id]);
  send.disabled = !q.optional && chosen.length === 0;
  send.textContent = nextStep() ? t('rate.next') : t('rate.send');
}

export function renderComment() {
  const field = $('comment');
  if (field.value !== state.flow.comment) field.value = state.flow.comment;
  $('comment-send').textContent = nextStep() ? t('rate.next') : t('rate.send');
  if (keyboards.comment) keyboards.comment.relabel();
}

/** The choices of the step shown when it is of `kind` (the counter, officer or field screen). */
export function choicesOf(kind) {
  const s = currentStep();
  return s && s.kind === kind ? s.choices : [];
}

export function pressed(kind, id) {
  return String(state.step !== null && Walk.idsOf(state.progress.answers[state.step])[0] === id && currentStep().kind === kind);
}

export function renderCounters() {
  const box = $('counters');
  box.textContent = '';
  for (const c of choicesOf('counter')) {
    const b = button('option counter-choice');
    b.dataset.counter = c.id;
    b.setAttribute('aria-pressed', pressed('counter', c.id));
    if (c.priority) b.classList.add('is-priority');
    const number = String(c.id).replace(/^\D+0*/, '') || c.id;
    b.appendChild(el('span', 'counter-number', number)).setAttribute('aria-hidden', 'true');
    const text = el('span', 'counter-text');
    text.appendChild(el('span', 'counter-name', label(c.label)));
    if (c.detail) text.appendChild(el('span', 'counter-officers', label(c.detail)));
    b.appendChild(text);
    b.addEventListener('click', () => chooseOption('counter', c.id));
    box.appendChild(b);
  }
}

export function renderOfficers() {
  const box = $('officers');
  box.textContent = '';
  const officers = choicesOf('officer');
  box.dataset.count = String(officers.length);
  for (const o of officers) {
    const b = button('option officer-choice');
    b.dataset.officer = o.id;
    b.setAttribute('aria-pressed', pressed('officer', o.id));
    if (o.photo) {
      const img = el('img', 'officer-photo');
      img.alt = '';
      img.src = '/content/photos/' + encodeURIComponent(o.id);
      img.addEventListener('error', () => img.replaceWith(makePortrait()));
      b.appendChild(img);
    } else {
      b.appendChild(makePortrait());
    }
    const text = el('span', 'officer-text');
    text.appendChild(el('span', 'officer-name', label(o.label)));
    if (o.detail) text.appendChild(el('span', 'officer-title', label(o.detail)));
    b.appendChild(text);
    b.addEventListener('click', () => chooseOption('officer', o.id));
    box.appendChild(b);
  }
}

export function renderFields() {
  const box = $('fields');
  box.textContent = '';
  const fields = choicesOf('field');
  box.dataset.count = String(fields.length);
  for (const f of fields) {
    const b = button('btn option field-choice', label(f.label));
    b.dataset.field = f.id;
    b.setAttribute('aria-pressed', pressed('field', f.id));
    b.addEventListener('click', () => chooseOption('field', f.id));
    box.appendChild(b);
  }
}

export function renderOutboxStatus() {
  if (!state.config) return;
  const waiting = outbox().filter((it) => !inFlight.has(it.id)).length;
  const e = $('outbox-status');
  e.hidden = waiting === 0 && !state.unpaired;
  if (state.unpaired) e.textContent = t('pairing.waiting', { count: waiting });
  else e.textContent = waiting === 0 ? '' : t('error.offline', { count: waiting });
}

export function renderAll() {
  renderStatic();
  renderChrome();
  renderRate();
  if (currentStep() && currentStep().question) renderFollowup();
  renderComment();
  renderCounters();
  renderOfficers();
  renderFields();
  for (const k of Object.values(keyboards)) k.relabel();
  if (state.help.topics) renderHelpList();
  if (state.help.topic && state.screen === 'help-topic') renderTopic();
  renderCall();
  if (state.busy) $('saving').textContent = t('rate.saving');
}
