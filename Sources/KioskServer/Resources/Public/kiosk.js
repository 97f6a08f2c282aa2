/*
 * CitizenKiosk resident kiosk: attract screen, rating flow, dossier code, comment keyboard, help topics,
 * call staff, idle reset, spoken prompts.
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
(function () {
  'use strict';

  const OUTBOX_KEY = 'citizenkiosk.outbox.v1';
  const REJECTED_KEY = 'citizenkiosk.rejected.v1';
  const CONFIG_KEY = 'citizenkiosk.config.v1';
  const RETRY_MS = 5000;
  const POST_TIMEOUT_MS = 10000;
  const THANKS_MS = 6000;
  const SAVING_NOTICE_DELAY_MS = 250;
  const SETTLE_MS = 400;
  const CALL_POLL_MS = 3000;
  const CALL_WAIT_MAX_MS = 10 * 60 * 1000;
  const NOTICE_MS = 8000;
  const SCAN_GAP_MS = 50;        // a scanner types its keys closer together than this (a person does not)
  const SCAN_MIN_LENGTH = 4;
  const COMMENT_MAX = 1000;
  const SPEECH_MAX = 500;
  const DEFAULT_IDLE_SECONDS = 75;
  const DOSSIER_RE = /^[A-Z0-9._\/-]{1,50}$/;
  const DOSSIER_CHAR = /^[A-Za-z0-9._\/-]$/;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const FLOW_SCREENS = ['rate', 'followup', 'comment', 'counter', 'officer', 'field', 'dossier'];

  const params = new URLSearchParams(window.location.search);
  const kioskParam = params.get('kiosk') || null;
  const langParam = params.get('lang') || null;
  const idleParam = params.has('idle') ? clampSeconds(params.get('idle'), DEFAULT_IDLE_SECONDS, 2, 3600) : null;
  const speechParam = params.get('speech');

  const state = {
    config: null,
    lang: 'vi',
    defaultLang: 'vi',
    large: false,
    screen: 'home',
    shownAt: 0,
    settleTimer: null,
    // the rating in progress: where it is in the kiosk's flow (flow.js walks it)
    step: null,           // the id of the step shown, null outside a rating
    progress: null,       // the answers so far and the steps moved on from
    ratingId: null,       // made when the rating starts: a retry or a reset never makes a second rating
    flow: emptyFlow(),    // the comment being typed, the dossier code scanned
    dossierReturn: 'rate',
    busy: false,          // a rating is being posted: taps are ignored
    // idle
    lastActivity: Date.now(),
    lastTyped: 0,
    countdownVisible: false,
    focusBeforeCountdown: null,
    thanksTimer: null,
    savingTimer: null,
    noticeTimer: null,
    // help
    help: { topics: null, loading: null, failed: false, query: '', topic: null, details: {}, keyboard: false },
    // call staff
    call: null,
    // speech
    audio: null,
    // the server answered 401: this browser is not (or no longer) a paired kiosk
    unpaired: false,
  };

  const inFlight = new Set();   // rating ids being posted right now
  let flushing = false;
  let memoryOutbox = [];        // used only when localStorage is unavailable
  const keyboards = {};

  const $ = (id) => document.getElementById(id);
  const Walk = window.SurveyFlowWalk;

  function emptyFlow() {
    return { counter: null, officer: null, field: null, comment: '', dossierCode: null };
  }

  // ---------------------------------------------------------------- small helpers

  function clampSeconds(raw, fallback, min, max) {
    const n = Number.parseFloat(raw);
    if (!Number.isFinite(n)) return fallback;
    return Math.min(max, Math.max(min, n));
  }

  /** A random (version 4) UUID. crypto.randomUUID exists only on secure origins; a LAN kiosk is plain http. */
  function uuidv4() {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** RFC 3339 time with the browser's local offset, e.g. 2026-11-24T09:15:00+07:00. */
  function rfc3339(d) {
    const p = (n) => String(n).padStart(2, '0');
    const off = -d.getTimezoneOffset();
    const sign = off >= 0 ? '+' : '-';
    const abs = Math.abs(off);
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}` +
      `T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` +
      `${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`;
  }

  /** A locale string in the current language (falling back to Vietnamese), with {name} filled in. */
  function t(key, vars) {
    const strings = (state.config && state.config.strings) || {};
    const own = strings[state.lang] || {};
    const vi = strings.vi || {};
    let s = own[key];
    if (typeof s !== 'string' || s === '') s = vi[key];
    if (typeof s !== 'string') {
      console.warn('kiosk: missing string', key);
      return '';
    }
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
    return s;
  }

  /** A content label ({vi, en}) in the current language, falling back to Vietnamese. */
  function label(obj) {
    if (!obj) return '';
    if (typeof obj === 'string') return obj;
    return obj[state.lang] || obj.vi || Object.values(obj)[0] || '';
  }

  function svg(tag, attrs) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
    return el;
  }

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function button(className, text) {
    const b = el('button', className, text);
    b.type = 'button';
    return b;
  }

  // ---------------------------------------------------------------- storage (outbox)

  function readList(key) {
    try {
      const raw = window.localStorage.getItem(key);
      const list = raw ? JSON.parse(raw) : [];
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return key === OUTBOX_KEY ? memoryOutbox.slice() : [];
    }
  }

  function writeList(key, list) {
    if (key === OUTBOX_KEY) memoryOutbox = list.slice();
    try {
      window.localStorage.setItem(key, JSON.stringify(list));
    } catch (e) {
      console.warn('kiosk: localStorage unavailable', e);
    }
  }

  function outbox() {
    return readList(OUTBOX_KEY).filter((it) => it && typeof it.id === 'string' && typeof it.body === 'string');
  }

  function outboxAdd(item) {
    const list = outbox().filter((it) => it.id !== item.id);
    list.push(item);
    writeList(OUTBOX_KEY, list);
  }

  /** Replaces an item in place, keeping the order in which ratings are resent. */
  function outboxReplace(item) {
    writeList(OUTBOX_KEY, outbox().map((it) => (it.id === item.id ? item : it)));
  }

  function outboxRemove(id) {
    writeList(OUTBOX_KEY, outbox().filter((it) => it.id !== id));
  }

  /** Keeps the last few ratings the server refused (4xx), for the IT officer; never retried. */
  function rememberRejected(item, status, detail) {
    const list = readList(REJECTED_KEY);
    list.push({ id: item.id, body: item.body, status: status, detail: String(detail).slice(0, 500), at: rfc3339(new Date()) });
    writeList(REJECTED_KEY, list.slice(-20));
  }

  // ---------------------------------------------------------------- sending ratings

  /** The server said this browser is not paired (401), or took a rating again: says so on the status line. */
  function setUnpaired(on) {
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
  async function deliver(item) {
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
  function backlogSpacingMs() {
    const seconds = state.config && state.config.kiosk && Number(state.config.kiosk.backlogSpacing);
    return seconds > 0 ? seconds * 1000 : 12000;
  }

  /** Sends what the outbox holds, oldest first; stops at the first failure and tries again later. */
  async function flushOutbox() {
    if (flushing) return;
    flushing = true;
    try {
      const items = outbox();
      for (let i = 0; i < items.length; i += 1) {
        const result = await deliver(items[i]);
        if (result === 'retry' || result === 'unpaired') break;
        // A backlog goes out slowly enough that the server never takes it for a burst of presses.
        if (i + 1 < items.length) await new Promise((resolve) => setTimeout(resolve, backlogSpacingMs()));
      }
    } finally {
      flushing = false;
      renderOutboxStatus();
    }
  }

  // ---------------------------------------------------------------- the kiosk's flow and settings

  /** The steps this kiosk asks, from GET /api/v1/kiosk/flow: every rule of what comes next is in it. */
  function flow() {
    return state.config.flow;
  }

  function currentStep() {
    return state.step ? Walk.step(flow(), state.step) : null;
  }

  function nextStep() {
    const next = state.step ? Walk.after(flow(), state.step, state.progress) : null;
    return next ? next.id : null;
  }

  function kioskInfo() {
    return (state.config && state.config.kiosk) || {};
  }

  function kioskId() {
    return kioskInfo().id || kioskParam || null;
  }

  /** A rating has been started and not yet sent (the resident may be on the call or keypad screen). */
  function inRating() {
    return state.step !== null;
  }

  // ---------------------------------------------------------------- drawing

  /** A face drawn as SVG: circle, eyes, mouth. Hidden from assistive technology; the word is the name. */
  function makeFace(face) {
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

  function makeCheck() {
    const s = svg('svg', { class: 'check', viewBox: '0 0 48 48', 'aria-hidden': 'true', focusable: 'false' });
    s.appendChild(svg('rect', { class: 'check-box', x: 3, y: 3, width: 42, height: 42, rx: 8, 'stroke-width': 4 }));
    s.appendChild(svg('path', {
      class: 'check-mark', d: 'M12 25 L21 34 L37 14', fill: 'none', 'stroke-width': 7,
      'stroke-linecap': 'round', 'stroke-linejoin': 'round',
    }));
    return s;
  }

  /** A neutral head-and-shoulders drawing for an officer without a photo. */
  function makePortrait() {
    const s = svg('svg', { class: 'officer-photo', viewBox: '0 0 96 96', 'aria-hidden': 'true', focusable: 'false' });
    s.appendChild(svg('rect', { width: 96, height: 96, rx: 16, fill: '#DCE6F0' }));
    s.appendChild(svg('circle', { cx: 48, cy: 36, r: 17, fill: '#003B73' }));
    s.appendChild(svg('path', { d: 'M14 92 Q14 60 48 60 Q82 60 82 92 Z', fill: '#003B73' }));
    return s;
  }

  function makeChoiceButton(choice) {
    const b = button('choice');
    b.dataset.choice = choice.id;
    b.dataset.face = choice.face || 'none';
    if (choice.face) b.appendChild(makeFace(choice.face));
    b.appendChild(el('span', 'choice-label', label(choice.label)));
    return b;
  }

  function renderStatic() {
    for (const e of document.querySelectorAll('[data-t]')) e.textContent = t(e.dataset.t);
    for (const e of document.querySelectorAll('[data-t-label]')) e.setAttribute('aria-label', t(e.dataset.tLabel));
  }

  function renderChrome() {
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
  function buildLangSwitch() {
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

  function renderRate() {
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

  function renderDossierBar() {
    const code = state.flow.dossierCode;
    $('dossier-none').hidden = !!code;
    $('dossier-show').hidden = !code;
    $('dossier-value').textContent = code || '';
    $('dossier-open').textContent = code ? t('rate.dossier_change') : t('rate.dossier_enter');
  }

  function renderFollowup() {
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

  function renderSendButton(q) {
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

  function renderComment() {
    const field = $('comment');
    if (field.value !== state.flow.comment) field.value = state.flow.comment;
    $('comment-send').textContent = nextStep() ? t('rate.next') : t('rate.send');
    if (keyboards.comment) keyboards.comment.relabel();
  }

  /** The choices of the step shown when it is of `kind` (the counter, officer or field screen). */
  function choicesOf(kind) {
    const s = currentStep();
    return s && s.kind === kind ? s.choices : [];
  }

  function pressed(kind, id) {
    return String(state.step !== null && Walk.idsOf(state.progress.answers[state.step])[0] === id && currentStep().kind === kind);
  }

  function renderCounters() {
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

  function renderOfficers() {
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

  function renderFields() {
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

  function renderOutboxStatus() {
    if (!state.config) return;
    const waiting = outbox().filter((it) => !inFlight.has(it.id)).length;
    const e = $('outbox-status');
    e.hidden = waiting === 0 && !state.unpaired;
    if (state.unpaired) e.textContent = t('pairing.waiting', { count: waiting });
    else e.textContent = waiting === 0 ? '' : t('error.offline', { count: waiting });
  }

  function renderAll() {
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

  // ---------------------------------------------------------------- screens

  function settled() {
    return performance.now() - state.shownAt >= SETTLE_MS;
  }

  /** Shows one screen; `quiet` keeps it from being read aloud (the attract screen after a reset: nobody is there). */
  function show(name, focus, quiet) {
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
  function notice(text, sticky) {
    clearTimeout(state.noticeTimer);
    $('notice').textContent = text || '';
    state.noticeSticky = !!(text && sticky);
    if (text && !sticky) state.noticeTimer = setTimeout(() => ($('notice').textContent = ''), NOTICE_MS);
  }

  /** Passing notices belong to the resident who saw them: gone when the kiosk moves on to the next one. */
  function clearPassingNotice() {
    if (!state.noticeSticky) notice('');
  }

  // ---------------------------------------------------------------- rating flow

  function clearFlow() {
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
  function beginRating(code) {
    clearFlow();
    state.flow.dossierCode = code || null;
    state.progress = Walk.start();
    state.ratingId = uuidv4();
    goStep(flow().main);
  }

  function startRating() {
    clearTimeout(state.thanksTimer);
    beginRating(state.flow.dossierCode);
  }

  /** The screen of each kind of step; the main question has the start screen. */
  function screenOf(s) {
    if (s.id === flow().main) return 'rate';
    return s.kind === 'scale' || s.kind === 'single' || s.kind === 'multi' ? 'followup' : s.kind;
  }

  function goStep(id) {
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
  function advance(answer, button) {
    const next = Walk.answer(flow(), answer, state.step, state.progress);
    if (next) {
      goStep(next.id);
      return;
    }
    submit(button);
  }

  function goBack() {
    if (state.busy) return;
    const prev = state.step ? Walk.before(flow(), state.step, state.progress) : null;
    if (prev) goStep(prev.id);
    else goHome();
  }

  function onStep(screen) {
    return !state.busy && state.screen === screen && state.step !== null;
  }

  function chooseMain(choiceId, b) {
    if (state.busy || state.screen !== 'rate') return;
    if (!state.progress) {
      state.progress = Walk.start();
      state.ratingId = uuidv4();
    }
    state.step = flow().main;
    advance(Walk.chosen([choiceId]), b);
  }

  function toggleReason(q, choiceId, b) {
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

  function answerSingle(q, choiceId) {
    if (!onStep('followup')) return;
    advance(Walk.chosen([choiceId]), null);
  }

  function onSend() {
    if (!onStep('followup')) return;
    const q = currentStep();
    const given = state.progress.answers[q.id];
    if (!q.optional && !Walk.idsOf(given).length) return;
    advance(given || Walk.none(), $('send'));
  }

  function onSkip() {
    if (!onStep('followup')) return;
    const q = currentStep();
    if (!q.optional) return;
    delete state.progress.answers[q.id];
    advance(Walk.none(), $('skip'));
  }

  function onCommentSend() {
    if (!onStep('comment')) return;
    state.flow.comment = $('comment').value.slice(0, COMMENT_MAX);
    advance(Walk.text(state.flow.comment), $('comment-send'));
  }

  function onCommentSkip() {
    if (!onStep('comment')) return;
    state.flow.comment = '';
    $('comment').value = '';
    advance(Walk.none(), $('comment-skip'));
  }

  /** A counter, officer or field tapped (`id`), or its "Không nhớ" (null). */
  function chooseOption(screen, id) {
    if (!onStep(screen)) return;
    advance(id ? Walk.chosen([id]) : Walk.none(), id ? null : $(screen + '-skip'));
  }

  /** The rating as posted; with `walkedAway` only what the resident moved on from (see flow.js). */
  function buildRating(walkedAway) {
    state.progress.dossierCode = state.flow.dossierCode;
    return Walk.submission(flow(), state.progress, {
      id: state.ratingId, channel: 'touch', walkedAway: walkedAway, createdAt: rfc3339(new Date()),
    });
  }

  /**
   * A resident who walks away in the middle has still given the main answer (and whatever they moved on
   * from): it is kept, sent in the background through the outbox.
   */
  function keepAnswersSoFar() {
    if (!inRating() || state.busy) return;
    const rating = buildRating(true);
    if (!rating) return;
    const item = { id: rating.id, body: JSON.stringify(rating) };
    outboxAdd(item);
    deliver(item);
  }

  async function submit(b) {
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

  function afterRating(screen) {
    hideCountdown(false);
    clearPassingNotice();
    clearFlow();
    show(screen);
    clearTimeout(state.thanksTimer);
    state.thanksTimer = setTimeout(() => resetToHome(), THANKS_MS);
  }

  /** The thank-you screen; a rating not yet sent is said to be kept (until the kiosk is paired, when `unpaired`). */
  function showThanks(ratingId, saved, unpaired) {
    const screen = document.querySelector('[data-screen="thanks"]');
    screen.dataset.saved = String(saved);
    screen.dataset.ratingId = ratingId;
    const later = $('thanks-later');
    later.hidden = saved;
    later.dataset.t = unpaired ? 'pairing.kept' : 'rate.saved_later';
    later.textContent = t(later.dataset.t);
    afterRating('thanks');
  }

  function showAlready() {
    afterRating('already');
  }

  // ---------------------------------------------------------------- dossier code

  /** The dossier code in what a scanner typed: the code itself, or a code inside a link. */
  function parseDossierCode(raw) {
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

  function openDossier() {
    if (state.busy) return;
    state.dossierReturn = state.screen;
    $('dossier-input').value = state.flow.dossierCode || '';
    $('dossier-error').textContent = '';
    show('dossier', 'dossier-input');
  }

  function closeDossier() {
    renderDossierBar();
    const back = state.dossierReturn && state.dossierReturn !== 'dossier' ? state.dossierReturn : 'rate';
    show(back);
  }

  function confirmDossier() {
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

  function dossierKey(key) {
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
  function onScan(raw) {
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

  const scan = { buf: '', first: 0, last: 0, snapshot: null };

  function typingField() {
    const a = document.activeElement;
    return a && ['comment', 'dossier-input', 'help-search'].includes(a.id) ? a : null;
  }

  function onScanKey(e) {
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

  // ---------------------------------------------------------------- typing fields

  function typed() {
    state.lastTyped = Date.now();
    state.lastActivity = state.lastTyped;
  }

  /** A field's value changed outside the key handlers (scanner undo, input events). */
  function fieldChanged(f) {
    if (f.id === 'comment') state.flow.comment = f.value.slice(0, COMMENT_MAX);
    if (f.id === 'help-search') setQuery(f.value);
  }

  function commentKey(key) {
    const f = $('comment');
    let v = f.value;
    const kb = keyboards.comment;
    if (key === 'backspace') v = Telex.backspace(v);
    else if (key === 'clear') v = '';
    else if (key === 'space') v = v + ' ';
    else if (key.length === 1 || Array.from(key).length === 1) v = kb && kb.telex ? Telex.apply(v, key) : v + key;
    else return;
    v = Array.from(v).slice(0, COMMENT_MAX).join('');
    f.value = v;
    state.flow.comment = v;
    f.setSelectionRange(v.length, v.length);
    f.scrollTop = f.scrollHeight;
    typed();
  }

  function searchKey(key) {
    const f = $('help-search');
    let v = f.value;
    if (key === 'backspace') v = Telex.backspace(v);
    else if (key === 'clear') v = '';
    else if (key === 'space') v += ' ';
    else if (key === 'hide') {
      showSearchKeyboard(false);
      return;
    } else if (key.length === 1) v += key;
    else return;
    f.value = v.slice(0, 100);
    setQuery(f.value);
    typed();
  }

  /** Physical keys in the comment and dossier fields go through the same path as the on-screen keys. */
  function onFieldKey(e, handler) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    if (e.key === 'Backspace') {
      e.preventDefault();
      handler('backspace');
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (e.currentTarget.id === 'dossier-input') confirmDossier();
    } else if (e.key === ' ') {
      e.preventDefault();
      handler('space');
    } else if (e.key.length === 1) {
      e.preventDefault();
      handler(e.key);
    }
  }

  // ---------------------------------------------------------------- help

  /** The topic list, fetched once (again with `fresh`, keeping the old list when that fails). */
  async function loadHelp(fresh) {
    if (state.help.topics && !fresh) return state.help.topics;
    if (state.help.loading) return state.help.loading;
    state.help.loading = (async () => {
      try {
        const res = await fetch('/api/v1/help', { cache: 'no-store', headers: { Accept: 'application/json' } });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = await res.json();
        const topics = (body.topics || []).slice().sort((a, b) => (a.order || 0) - (b.order || 0));
        if (fresh) state.help.details = {};   // edited topics are fetched again when opened
        state.help.topics = topics;
        state.help.failed = false;
      } catch (e) {
        state.help.failed = !state.help.topics;
      } finally {
        state.help.loading = null;
      }
      return state.help.topics;
    })();
    return state.help.loading;
  }

  function topicById(id) {
    return (state.help.topics || []).find((x) => x.id === id) || null;
  }

  function topLevelTopics() {
    return (state.help.topics || []).filter((x) => !x.parent || !topicById(x.parent));
  }

  function childTopics(id) {
    return (state.help.topics || []).filter((x) => x.parent === id);
  }

  function searchText(x) {
    const parts = [];
    for (const v of [x.title, x.summary]) if (v) parts.push(...Object.values(v));
    return parts.join(' ');
  }

  function openHelp() {
    if (state.busy) return;
    clearFlow();
    state.help.topic = null;
    $('help-search').value = state.help.query;
    showSearchKeyboard(false);
    renderHelpList();
    show('help');
    loadHelp().then(() => {
      if (state.screen === 'help') renderHelpList();
    });
  }

  function setQuery(q) {
    state.help.query = q;
    renderHelpList();
  }

  function renderHelpList() {
    const list = $('help-list');
    const status = $('help-status');
    list.textContent = '';
    if (!state.help.topics) {
      status.textContent = state.help.failed ? t('help.unavailable') : t('help.loading');
      return;
    }
    const q = state.help.query.trim();
    let items;
    if (q) {
      items = state.help.topics.filter((x) => Telex.matches(q, searchText(x)));
      const inTitle = (x) => Telex.matches(q, Object.values(x.title || {}).join(' '));
      items.sort((a, b) => Number(inTitle(b)) - Number(inTitle(a)));
      status.textContent = items.length ? t('help.results', { count: items.length }) : t('help.no_results');
    } else {
      items = topLevelTopics();
      status.textContent = '';
    }
    for (const x of items) {
      const row = el('div', 'topic-row');
      row.setAttribute('role', 'listitem');
      const b = button('topic-item');
      b.dataset.topic = x.id;
      b.appendChild(el('span', 'topic-item-title', label(x.title)));
      if (x.summary) b.appendChild(el('span', 'topic-item-summary', label(x.summary)));
      b.addEventListener('click', () => openTopic(x.id));
      row.appendChild(b);
      list.appendChild(row);
    }
  }

  function showSearchKeyboard(on) {
    state.help.keyboard = !!on;
    $('help-keyboard').hidden = !on;
    document.querySelector('[data-screen="help"]').classList.toggle('with-keyboard', !!on);
    if (!on && document.activeElement === $('help-search')) $('help-search').blur();
  }

  async function topicDetail(id) {
    if (state.help.details[id]) return state.help.details[id];
    const res = await fetch(`/api/v1/help/${encodeURIComponent(id)}`, { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const d = await res.json();
    state.help.details[id] = d;
    return d;
  }

  function openTopic(id) {
    state.help.topic = id;
    $('topic-print-status').textContent = '';
    renderTopic();
    show('help-topic');
    const body = $('topic-body');
    body.scrollTop = 0;
    renderScrollButtons();
    topicDetail(id).then(() => {
      if (state.help.topic === id) {
        renderTopic();
        if (state.screen === 'help-topic') speakScreen();
      }
    }, () => {
      if (state.help.topic === id) $('topic-body').textContent = t('help.unavailable');
    });
  }

  /** Topic text from the server's Markdown: shown as is, but nothing in it can leave the kiosk page. */
  function setTopicHtml(target, html) {
    const tpl = document.createElement('template');
    tpl.innerHTML = html || '';
    const root = tpl.content;
    for (const bad of root.querySelectorAll('script, style, iframe, object, embed, form, input, button, select, textarea, img, video, audio, link, meta')) bad.remove();
    for (const a of root.querySelectorAll('a')) a.replaceWith(el('span', 'topic-inline-link', a.textContent));
    for (const h of root.querySelectorAll('h1')) {
      const h2 = el('h2');
      h2.append(...h.childNodes);
      h.replaceWith(h2);
    }
    for (const e of root.querySelectorAll('*')) {
      for (const attr of Array.from(e.attributes)) {
        if (attr.name.startsWith('on') || attr.name === 'style' || attr.name === 'href' || attr.name === 'src') e.removeAttribute(attr.name);
      }
    }
    target.replaceChildren(root);
  }

  /** Up / down buttons beside a topic's text when it is longer than its box (instant, no animation). */
  function renderScrollButtons() {
    const body = $('topic-body');
    const long = body.scrollHeight > body.clientHeight + 2;
    $('topic-up').hidden = !long;
    $('topic-down').hidden = !long;
    $('topic-up').disabled = body.scrollTop <= 1;
    $('topic-down').disabled = body.scrollTop + body.clientHeight >= body.scrollHeight - 1;
  }

  function scrollTopic(direction) {
    const body = $('topic-body');
    body.scrollTop += direction * Math.max(100, body.clientHeight * 0.8);
    renderScrollButtons();
  }

  function renderTopic() {
    const id = state.help.topic;
    if (!id) return;
    const summary = topicById(id);
    const d = state.help.details[id];
    const title = d ? d.title : summary ? summary.title : null;
    $('topic-title').textContent = label(title);
    const body = $('topic-body');
    if (d) {
      setTopicHtml(body, (d.html && (d.html[state.lang] || d.html.vi)) || '');
    } else {
      body.textContent = t('help.loading');
    }
    const link = d ? d.link : summary ? summary.link : null;
    const qr = d ? d.qr : null;
    $('topic-qr-box').hidden = !(link && qr);
    if (link && qr) {
      const img = $('topic-qr');
      if (img.getAttribute('src') !== qr) img.src = qr;
      img.alt = link;
      $('topic-link').textContent = link;
    }
    $('topic-source').textContent = d && d.source && d.source.name ? `${t('help.source')} ${d.source.name}` : '';
    $('topic-source').hidden = !(d && d.source && d.source.name);
    $('topic-print').hidden = !(kioskInfo().printer && kioskId() && d);
    const children = childTopics(id);
    $('topic-children-box').hidden = children.length === 0;
    const box = $('topic-children');
    box.textContent = '';
    for (const c of children) {
      const row = el('div', 'topic-row');
      row.setAttribute('role', 'listitem');
      const b = button('topic-item topic-child', label(c.title));
      b.dataset.topic = c.id;
      b.addEventListener('click', () => openTopic(c.id));
      row.appendChild(b);
      box.appendChild(row);
    }
    renderScrollButtons();
  }

  function topicBack() {
    const x = topicById(state.help.topic);
    if (x && x.parent && topicById(x.parent)) openTopic(x.parent);
    else {
      state.help.topic = null;
      renderHelpList();
      show('help');
    }
  }

  async function printTopic() {
    const id = state.help.topic;
    const b = $('topic-print');
    if (!id || b.disabled) return;
    b.disabled = true;
    const status = $('topic-print-status');
    status.textContent = t('help.printing');
    let ok = false;
    try {
      const res = await fetch(`/api/v1/help/${encodeURIComponent(id)}/print`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ kiosk: kioskId(), lang: state.lang }),
        cache: 'no-store',
      });
      ok = res.ok;
    } catch (e) {
      ok = false;
    }
    b.disabled = false;
    if (state.help.topic === id) status.textContent = ok ? t('help.printed') : t('help.print_failed');
  }

  // ---------------------------------------------------------------- call staff

  function callActive() {
    return !!state.call && state.call.status !== 'cancelled';
  }

  function renderCallButton() {
    const b = $('call-staff');
    const active = callActive();
    b.classList.toggle('is-active', active);
    $('call-staff-label').textContent = active ? t('call.active') : t('call.button');
  }

  function renderCall() {
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

  function callStaff() {
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

  async function sendCall(call) {
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

  function setCallStatus(call, status) {
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

  async function pollCall(call) {
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

  function cancelCall() {
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
  function callBack(returnTo) {
    const back = returnTo || (state.call && state.call.returnTo) || 'home';
    const target = back === 'call' ? 'home' : back;
    if (target === 'home') goHome();
    else show(target);
  }

  function dropCall() {
    if (state.call) clearTimeout(state.call.timer);
    state.call = null;
    renderCall();
  }

  // ---------------------------------------------------------------- speech

  function speechOn() {
    if (speechParam === '1' || speechParam === 'true') return true;
    if (speechParam === '0' || speechParam === 'false') return false;
    return !!kioskInfo().speech;
  }

  function textsOf(selector) {
    return Array.from(document.querySelectorAll(selector)).map((e) => e.textContent.trim()).filter(Boolean);
  }

  /** The question and choices of the screen shown, as one text to read aloud. */
  function speechText() {
    if (state.countdownVisible) return [t('idle.question'), $('still-here').textContent];
    const s = state.screen;
    const h1 = textsOf(`[data-screen="${s}"] h1`);
    switch (s) {
      case 'home': return h1.concat([t('home.rate'), t('home.help')]);
      case 'rate': return h1.concat(textsOf('#choices .choice-label'));
      case 'followup': return h1.concat(textsOf('#reasons button'));
      case 'comment': return h1;
      case 'counter': return h1.concat(textsOf('#counters .counter-name'));
      case 'officer': return h1.concat(textsOf('#officers .officer-name'));
      case 'field': return h1.concat(textsOf('#fields button'));
      case 'dossier': return h1.concat([t('dossier.hint')]);
      case 'thanks': return h1.concat([t('thanks.body')]);
      case 'already': return h1.concat([t('already.body')]);
      case 'help': return h1.concat([t('help.search_hint')]);
      case 'help-topic': {
        const x = topicById(state.help.topic);
        return h1.concat(x && x.summary ? [label(x.summary)] : []);
      }
      case 'call': return h1.concat(textsOf('#call-text'));
      default: return h1;
    }
  }

  function joinForSpeech(parts) {
    let out = '';
    for (const p of parts) {
      const piece = p.replace(/[\s.:;,!?…]+$/u, '');
      if (!piece) continue;
      const next = out ? `${out}. ${piece}` : piece;
      if (Array.from(next).length > SPEECH_MAX) break;
      out = next;
    }
    return out ? `${out}.` : '';
  }

  function stopSpeech() {
    if (state.audio) {
      try {
        state.audio.pause();
      } catch (e) {
        // nothing to stop
      }
      state.audio = null;
    }
  }

  function speakScreen() {
    if (!state.config || !speechOn()) return;
    speak(joinForSpeech(speechText()));
  }

  /** Plays the server's reading of the text; without audio (no espeak-ng, no speaker) nothing happens. */
  function speak(text) {
    stopSpeech();
    if (!text) return;
    $('speak').dataset.text = text;
    const url = `/api/v1/speech?lang=${encodeURIComponent(state.lang)}&text=${encodeURIComponent(text)}`;
    try {
      const audio = new Audio(url);
      state.audio = audio;
      const p = audio.play();
      if (p && p.catch) p.catch(() => {});
    } catch (e) {
      // fail silently
    }
  }

  // ---------------------------------------------------------------- actions

  function setLanguage(code) {
    if (!(state.config.languages || []).includes(code)) return;
    state.lang = code;
    if (keyboards.comment && !state.flow.comment) keyboards.comment.setTelex(code === 'vi');
    renderAll();
  }

  function setLarge(on) {
    state.large = on;
    document.documentElement.classList.toggle('text-large', on);
    $('text-size').setAttribute('aria-pressed', String(on));
    if (state.screen === 'help-topic') renderScrollButtons();
  }

  function goHome() {
    if (state.busy) return;
    clearTimeout(state.thanksTimer);
    clearPassingNotice();
    clearFlow();
    state.help.topic = null;
    show('home');
  }

  /** Back to a fresh attract screen for the next resident: no answers, default language and text size. */
  function resetToHome() {
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

  // ---------------------------------------------------------------- idle reset

  function idleMs() {
    const s = idleParam !== null ? idleParam : Number(kioskInfo().idleSeconds) || DEFAULT_IDLE_SECONDS;
    return s * 1000;
  }

  function countdownMs() {
    return Math.min(20000, idleMs() / 2);
  }

  function idleApplies() {
    if (!state.config || state.busy) return false;
    const s = state.screen;
    if (s === 'thanks' || s === 'already') return false;   // they go back by themselves
    if (s === 'home') return state.lang !== state.defaultLang || state.large || state.help.query !== '';
    if (s === 'call' && state.call && ['sending', 'waiting', 'failed'].includes(state.call.status) &&
        Date.now() - state.call.createdAt < CALL_WAIT_MAX_MS) return false;   // someone waits for help
    return true;
  }

  function noteActivity(e) {
    // While the countdown shows, a tap counts only on its own button (or the dim area): see dismissCountdown.
    if (state.countdownVisible) {
      if (e && e.type === 'keydown') dismissCountdown(null);
      return;
    }
    state.lastActivity = Date.now();
  }

  /** When the page goes back to the start: idle time after the last touch or key, longer after typing in a field. */
  function idleDeadline() {
    let deadline = state.lastActivity + idleMs();
    if (typingField() && state.lastTyped) deadline = Math.max(deadline, state.lastTyped + idleMs() + countdownMs());
    return deadline;
  }

  function tickIdle() {
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

  function showCountdown(seconds) {
    const text = t('idle.countdown', { seconds: seconds });
    if ($('idle-countdown').textContent !== text) $('idle-countdown').textContent = text;
    if (state.countdownVisible) return;
    state.countdownVisible = true;
    state.focusBeforeCountdown = document.activeElement;
    $('idle-overlay').hidden = false;
    $('still-here').focus({ preventScroll: true });
    speakScreen();
  }

  function hideCountdown(restoreFocus) {
    if (!state.countdownVisible) return;
    state.countdownVisible = false;
    $('idle-overlay').hidden = true;
    const back = state.focusBeforeCountdown;
    state.focusBeforeCountdown = null;
    if (restoreFocus && back && document.contains(back) && typeof back.focus === 'function') {
      back.focus({ preventScroll: true });
    }
  }

  function dismissCountdown(event) {
    if (event) event.preventDefault();
    state.lastActivity = Date.now();
    if (state.lastTyped) state.lastTyped = state.lastActivity;
    hideCountdown(true);
  }

  // ---------------------------------------------------------------- start-up

  function validConfig(cfg) {
    return !!(cfg && cfg.strings && cfg.survey && cfg.flow && Array.isArray(cfg.flow.steps) &&
      cfg.flow.steps.some((s) => s.id === cfg.flow.main && Array.isArray(s.choices)));
  }

  async function getJSON(url) {
    const res = await fetch(url, { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
    return res.json();
  }

  function configUrl() {
    return '/api/v1/kiosk' + (kioskParam ? `?kiosk=${encodeURIComponent(kioskParam)}` : '');
  }

  async function fetchConfig() {
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

  function cachedConfig() {
    try {
      const c = JSON.parse(window.localStorage.getItem(CONFIG_KEY) || 'null');
      return c && c.url === configUrl() && validConfig(c.config) ? c.config : null;
    } catch (e) {
      return null;
    }
  }

  /** Picks up edited content (survey, strings, settings) when the attract screen comes back. */
  async function refreshConfig() {
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

  function applyConfig(cfg) {
    state.config = cfg;
    const langs = Array.isArray(cfg.languages) && cfg.languages.length ? cfg.languages : ['vi'];
    cfg.languages = langs;
    state.defaultLang = langParam && langs.includes(langParam) ? langParam : (langs.includes('vi') ? 'vi' : langs[0]);
    if (!langs.includes(state.lang)) state.lang = state.defaultLang;
    buildLangSwitch();
  }

  function buildKeyboards() {
    const keyLabel = (key) => (key === 'keyboard' ? t('a11y.keyboard') : t(`keys.${key}`));
    keyboards.comment = Keyboard.create($('comment-keyboard'), { layout: 'text', label: keyLabel, onKey: commentKey, telex: state.lang === 'vi' });
    keyboards.dossier = Keyboard.create($('dossier-keyboard'), { layout: 'code', label: keyLabel, onKey: dossierKey });
    keyboards.search = Keyboard.create($('help-keyboard'), { layout: 'search', label: keyLabel, onKey: searchKey });
  }

  function wire() {
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

  async function boot() {
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
})();
