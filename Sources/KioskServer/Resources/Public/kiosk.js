/*
 * CitizenKiosk rating page: the quick survey, one question per screen, then a thank-you screen.
 *
 * Every word a resident sees comes from GET /api/v1/kiosk: `strings` (kiosk-content/locales) and the
 * survey's own labels. Nothing resident-facing is written here.
 *
 * A rating gets its UUID before anything is sent and is written to an outbox in localStorage first;
 * it leaves the outbox only when the server has answered for it. A failed post (network, timeout,
 * 5xx) is retried with the same id and the same body on the next load and every 15 s, so one tap never
 * makes two ratings. Taps while a post is in flight are ignored.
 *
 * Query parameters: kiosk=ID (this device), lang=vi|en (start language), idle=SECONDS (idle reset,
 * default 60; tests shorten it).
 */
(function () {
  'use strict';

  const OUTBOX_KEY = 'citizenkiosk.outbox.v1';
  const REJECTED_KEY = 'citizenkiosk.rejected.v1';
  const CONFIG_KEY = 'citizenkiosk.config.v1';
  const RETRY_MS = 15000;
  const POST_TIMEOUT_MS = 10000;
  const THANKS_MS = 6000;
  const SAVING_NOTICE_DELAY_MS = 250;
  const SVG_NS = 'http://www.w3.org/2000/svg';

  const params = new URLSearchParams(window.location.search);
  const kioskParam = params.get('kiosk') || null;
  const langParam = params.get('lang') || null;
  const idleMs = clampSeconds(params.get('idle'), 60, 2, 3600) * 1000;
  const countdownMs = Math.min(20000, idleMs / 2);

  const state = {
    config: null,
    lang: 'vi',
    defaultLang: 'vi',
    large: false,
    screen: 'start',
    answers: {},          // answers of the rating in progress, by question id
    current: null,        // id of the question on the follow-up screen
    busy: false,          // a rating is being posted: taps are ignored
    lastActivity: Date.now(),
    countdownVisible: false,
    focusBeforeCountdown: null,
    thanksTimer: null,
    savingTimer: null,
  };

  const inFlight = new Set();   // rating ids being posted right now
  let flushing = false;
  let memoryOutbox = [];        // used only when localStorage is unavailable

  const $ = (id) => document.getElementById(id);

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
    const strings = state.config.strings || {};
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

  /** A survey label ({vi, en}) in the current language, falling back to Vietnamese. */
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

  // ---------------------------------------------------------------- sending

  /**
   * Posts one outbox item. Resolves to 'sent' (stored, or already stored: 200/201), 'rejected' (the
   * server refused it for good: 4xx), 'retry' (network, timeout or 5xx: it stays in the outbox) or
   * 'busy' (already being posted).
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
        return 'sent';
      }
      if (res.status >= 500 || res.status === 408 || res.status === 429) return 'retry';
      let detail = '';
      try {
        detail = await res.text();
      } catch (e) {
        detail = '';
      }
      // A kiosk clock running ahead of the server's: send it again stamped by the server's clock.
      if (res.status === 400 && detail.includes('"field":"createdAt"')) {
        const body = JSON.parse(item.body);
        if (body.createdAt) {
          delete body.createdAt;
          item.body = JSON.stringify(body);
          outboxReplace(item);
          return 'retry';
        }
      }
      console.error('kiosk: rating refused', res.status, detail);
      outboxRemove(item.id);
      rememberRejected(item, res.status, detail);
      return 'rejected';
    } finally {
      inFlight.delete(item.id);
      renderOutboxStatus();
    }
  }

  /** Sends what the outbox holds, oldest first; stops at the first failure and tries again later. */
  async function flushOutbox() {
    if (flushing) return;
    flushing = true;
    try {
      for (const item of outbox()) {
        const result = await deliver(item);
        if (result === 'retry') break;
      }
    } finally {
      flushing = false;
      renderOutboxStatus();
    }
  }

  // ---------------------------------------------------------------- the survey

  function survey() {
    return state.config.survey;
  }

  function question(id) {
    return survey().questions.find((q) => q.id === id) || null;
  }

  function mainQuestion() {
    return question(survey().main) || survey().questions[0];
  }

  /** The questions in the order they are asked: the main one first, then the others as in the file. */
  function orderedQuestions() {
    const main = mainQuestion();
    return [main].concat(survey().questions.filter((q) => q !== main));
  }

  function applies(q) {
    if (!q.when) return true;
    const given = state.answers[q.when.question];
    const wanted = q.when.choices || [];
    if (Array.isArray(given)) return given.some((c) => wanted.includes(c));
    return given !== undefined && wanted.includes(given);
  }

  /** The next question to ask after `afterId`, given the answers so far, or null when done. */
  function nextQuestion(afterId) {
    const list = orderedQuestions();
    const from = list.findIndex((q) => q.id === afterId);
    for (let i = from + 1; i < list.length; i++) {
      if (applies(list[i])) return list[i];
    }
    return null;
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

  function makeChoiceButton(choice) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'choice';
    b.dataset.choice = choice.id;
    b.dataset.face = choice.face || 'none';
    if (choice.face) b.appendChild(makeFace(choice.face));
    const word = document.createElement('span');
    word.className = 'choice-label';
    word.textContent = label(choice.label);
    b.appendChild(word);
    return b;
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
    $('text-size-label').textContent = t('a11y.larger_text');
    $('text-size').setAttribute('aria-pressed', String(state.large));
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
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'btn btn-toggle';
      b.dataset.lang = code;
      b.lang = code;
      const own = (state.config.strings[code] || {})['lang.name'];
      b.textContent = own || code;
      b.addEventListener('click', () => setLanguage(code));
      sw.appendChild(b);
    }
  }

  function renderStart() {
    const main = mainQuestion();
    $('start-title').textContent = label(survey().title);
    $('start-prompt').textContent = label(main.prompt);
    const box = $('choices');
    box.textContent = '';
    for (const c of main.choices) {
      const b = makeChoiceButton(c);
      b.addEventListener('click', () => chooseMain(c.id, b));
      box.appendChild(b);
    }
  }

  function renderFollowup() {
    const q = question(state.current);
    if (!q) return;
    $('followup-prompt').textContent = label(q.prompt);
    $('followup-hint').textContent = q.kind === 'multi' ? t('rate.choose_reasons_hint') : t('rate.choose_one_hint');
    const box = $('reasons');
    box.textContent = '';
    const given = state.answers[q.id];
    for (const c of q.choices) {
      let b;
      if (q.kind === 'multi') {
        b = document.createElement('button');
        b.type = 'button';
        b.className = 'btn btn-toggle reason';
        b.dataset.reason = c.id;
        b.setAttribute('aria-pressed', String(Array.isArray(given) && given.includes(c.id)));
        b.appendChild(makeCheck());
        const word = document.createElement('span');
        word.textContent = label(c.label);
        b.appendChild(word);
        b.addEventListener('click', () => toggleReason(q, c.id, b));
      } else {
        b = c.face ? makeChoiceButton(c) : document.createElement('button');
        if (!c.face) {
          b.type = 'button';
          b.className = 'btn reason';
          b.dataset.option = c.id;
          b.textContent = label(c.label);
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
    const chosen = state.answers[q.id] || [];
    send.disabled = !q.optional && chosen.length === 0;
    send.textContent = nextQuestion(q.id) ? t('rate.next') : t('rate.send');
  }

  function renderThanks() {
    $('thanks-title').textContent = t('thanks.title');
    $('thanks-body').textContent = t('thanks.body');
    $('thanks-later').textContent = t('rate.saved_later');
    $('thanks-back').textContent = t('thanks.back');
  }

  function renderIdle() {
    $('idle-question').textContent = t('idle.question');
    $('still-here').textContent = t('idle.still_here');
  }

  function renderOutboxStatus() {
    if (!state.config) return;
    const waiting = outbox().filter((it) => !inFlight.has(it.id)).length;
    const el = $('outbox-status');
    el.hidden = waiting === 0;
    el.textContent = waiting === 0 ? '' : t('error.offline', { count: waiting });
  }

  function renderAll() {
    renderChrome();
    renderStart();
    if (state.current) renderFollowup();
    renderThanks();
    renderIdle();
    if (state.busy) $('saving').textContent = t('rate.saving');
  }

  function showScreen(name, focus) {
    state.screen = name;
    for (const el of document.querySelectorAll('[data-screen]')) {
      el.hidden = el.dataset.screen !== name;
    }
    if (focus) {
      const h = document.querySelector(`[data-screen="${name}"] h1`);
      if (h) h.focus({ preventScroll: true });
    }
  }

  // ---------------------------------------------------------------- actions

  function setLanguage(code) {
    if (!(state.config.languages || []).includes(code)) return;
    state.lang = code;
    renderAll();
  }

  function setLarge(on) {
    state.large = on;
    document.documentElement.classList.toggle('text-large', on);
    $('text-size').setAttribute('aria-pressed', String(on));
  }

  function chooseMain(choiceId, button) {
    if (state.busy || state.screen !== 'start') return;
    const main = mainQuestion();
    state.answers = {};
    state.answers[main.id] = choiceId;
    advance(main.id, button);
  }

  function toggleReason(q, choiceId, button) {
    if (state.busy || state.screen !== 'followup') return;
    const chosen = new Set(state.answers[q.id] || []);
    if (chosen.has(choiceId)) chosen.delete(choiceId);
    else chosen.add(choiceId);
    // Keep the survey's order, not the order of the taps.
    const list = q.choices.map((c) => c.id).filter((id) => chosen.has(id));
    if (list.length) state.answers[q.id] = list;
    else delete state.answers[q.id];
    button.setAttribute('aria-pressed', String(chosen.has(choiceId)));
    renderSendButton(q);
  }

  function answerSingle(q, choiceId) {
    if (state.busy || state.screen !== 'followup') return;
    state.answers[q.id] = choiceId;
    advance(q.id, null);
  }

  function advance(fromId, button) {
    const next = nextQuestion(fromId);
    if (next) {
      state.current = next.id;
      renderFollowup();
      showScreen('followup', true);
      return;
    }
    submit(button);
  }

  function onSend() {
    if (state.busy || state.screen !== 'followup') return;
    const q = question(state.current);
    if (!q) return;
    if (!q.optional && !(state.answers[q.id] || []).length) return;
    advance(q.id, $('send'));
  }

  function onSkip() {
    if (state.busy || state.screen !== 'followup') return;
    const q = question(state.current);
    if (!q || !q.optional) return;
    delete state.answers[q.id];
    advance(q.id, $('skip'));
  }

  /** The rating as posted: answers in the order asked, follow-ups that were not answered left out. */
  function buildRating() {
    const answers = {};
    for (const q of orderedQuestions()) {
      const a = state.answers[q.id];
      if (a === undefined || (Array.isArray(a) && a.length === 0)) continue;
      if (!applies(q)) continue;
      answers[q.id] = a;
    }
    const rating = { id: uuidv4(), survey: survey().id, answers: answers, channel: 'touch' };
    const kioskId = state.config.kiosk && state.config.kiosk.id ? state.config.kiosk.id : null;
    if (kioskId) rating.kiosk = kioskId;
    rating.createdAt = rfc3339(new Date());
    return rating;
  }

  /**
   * A resident who walks away from a follow-up has still given the main answer: it is kept (sent in
   * the background through the outbox), without the follow-ups they did not confirm.
   */
  function keepMainAnswer() {
    const main = survey().main;
    const answer = state.answers[main];
    if (answer === undefined) return;
    state.answers = { [main]: answer };
    const rating = buildRating();
    const item = { id: rating.id, body: JSON.stringify(rating) };
    outboxAdd(item);
    deliver(item);
  }

  async function submit(button) {
    if (state.busy) return;
    state.busy = true;
    const rating = buildRating();
    const item = { id: rating.id, body: JSON.stringify(rating) };
    outboxAdd(item);   // kept before it is sent: a crash or reload mid-post loses nothing

    $('app').setAttribute('aria-busy', 'true');
    $('app').classList.add('is-busy');
    if (button) button.classList.add('is-chosen');
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
      if (button) button.classList.remove('is-chosen');
      state.busy = false;
    }
    showThanks(rating.id, result !== 'retry');
  }

  function showThanks(ratingId, saved) {
    hideCountdown(false);
    state.current = null;
    state.answers = {};
    const screen = document.querySelector('[data-screen="thanks"]');
    screen.dataset.saved = String(saved);
    screen.dataset.ratingId = ratingId;
    $('thanks-later').hidden = saved;
    renderThanks();
    showScreen('thanks', true);
    clearTimeout(state.thanksTimer);
    state.thanksTimer = setTimeout(() => resetToStart(), THANKS_MS);
  }

  /** Back to a fresh start screen for the next resident: no answers, default language and text size. */
  function resetToStart() {
    clearTimeout(state.thanksTimer);
    hideCountdown(false);
    state.answers = {};
    state.current = null;
    state.lang = state.defaultLang;
    setLarge(false);
    state.lastActivity = Date.now();
    renderAll();
    showScreen('start', true);
    refreshConfig();
  }

  // ---------------------------------------------------------------- idle reset

  function idleApplies() {
    if (!state.config || state.busy) return false;
    if (state.screen === 'followup') return true;
    // A start screen left in another language or with larger text goes back to the defaults too.
    if (state.screen === 'start') return state.lang !== state.defaultLang || state.large;
    return false;
  }

  function noteActivity() {
    // While the countdown shows, only its own button (or a tap on it) counts: see dismissCountdown.
    if (!state.countdownVisible) state.lastActivity = Date.now();
  }

  function tickIdle() {
    if (!idleApplies()) {
      if (state.countdownVisible) hideCountdown(false);
      return;
    }
    const remaining = idleMs - (Date.now() - state.lastActivity);
    if (remaining <= 0) {
      if (state.screen === 'followup') keepMainAnswer();
      resetToStart();
      return;
    }
    if (remaining <= countdownMs) showCountdown(Math.ceil(remaining / 1000));
  }

  function showCountdown(seconds) {
    const text = t('idle.countdown', { seconds: seconds });
    if ($('idle-countdown').textContent !== text) $('idle-countdown').textContent = text;
    if (state.countdownVisible) return;
    state.countdownVisible = true;
    state.focusBeforeCountdown = document.activeElement;
    renderIdle();
    $('idle-overlay').hidden = false;
    $('still-here').focus({ preventScroll: true });
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
    hideCountdown(true);
  }

  // ---------------------------------------------------------------- start-up

  function validConfig(cfg) {
    return !!(cfg && cfg.strings && cfg.survey && Array.isArray(cfg.survey.questions) &&
      cfg.survey.questions.length && cfg.survey.questions.some((q) => q.id === cfg.survey.main && Array.isArray(q.choices)));
  }

  function configUrl() {
    return '/api/v1/kiosk' + (kioskParam ? `?kiosk=${encodeURIComponent(kioskParam)}` : '');
  }

  async function fetchConfig() {
    const res = await fetch(configUrl(), { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`GET ${configUrl()}: HTTP ${res.status}`);
    const cfg = await res.json();
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

  /** Picks up edited content (survey, strings) when the start screen comes back. */
  async function refreshConfig() {
    try {
      const cfg = await fetchConfig();
      if (JSON.stringify(cfg) === JSON.stringify(state.config)) return;
      if (state.screen !== 'start' || state.busy) return;
      applyConfig(cfg);
      renderAll();
    } catch (e) {
      // keep what we have
    }
  }

  function applyConfig(cfg) {
    state.config = cfg;
    const langs = Array.isArray(cfg.languages) && cfg.languages.length ? cfg.languages : ['vi'];
    cfg.languages = langs;
    state.defaultLang = langParam && langs.includes(langParam) ? langParam : (langs.includes('vi') ? 'vi' : langs[0]);
    if (!langs.includes(state.lang)) state.lang = state.defaultLang;
    buildLangSwitch();
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

    for (const type of ['pointerdown', 'keydown', 'touchstart', 'wheel']) {
      document.addEventListener(type, noteActivity, { capture: true, passive: true });
    }
    $('text-size').addEventListener('click', () => setLarge(!state.large));
    $('send').addEventListener('click', onSend);
    $('skip').addEventListener('click', onSkip);
    $('thanks-back').addEventListener('click', () => resetToStart());
    $('idle-overlay').addEventListener('click', dismissCountdown);
    $('idle-overlay').addEventListener('keydown', (e) => {
      if (e.key === 'Escape') dismissCountdown(e);
      if (e.key === 'Tab') {
        e.preventDefault();
        $('still-here').focus();
      }
    });
    window.addEventListener('online', flushOutbox);

    renderAll();
    showScreen('start', false);
    $('app').hidden = false;

    setInterval(tickIdle, 250);
    setInterval(flushOutbox, RETRY_MS);
    flushOutbox();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
  else boot();
})();
