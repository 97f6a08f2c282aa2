/* The kiosk page's shared state, its settings from the address, and small helpers (strings, elements). */
import { SurveyFlowWalk } from '../flow.js';
import { flow } from './rating.js';

export const OUTBOX_KEY = 'citizenkiosk.outbox.v1';
export const REJECTED_KEY = 'citizenkiosk.rejected.v1';
export const CONFIG_KEY = 'citizenkiosk.config.v1';
export const RETRY_MS = 5000;
export const POST_TIMEOUT_MS = 10000;
export const THANKS_MS = 6000;
export const SAVING_NOTICE_DELAY_MS = 250;
export const SETTLE_MS = 400;
export const CALL_POLL_MS = 3000;
export const CALL_WAIT_MAX_MS = 10 * 60 * 1000;
export const NOTICE_MS = 8000;
export const SCAN_GAP_MS = 50;        // a scanner types its keys closer together than this (a person does not)
export const SCAN_MIN_LENGTH = 4;
export const COMMENT_MAX = 1000;
export const SPEECH_MAX = 500;
export const DEFAULT_IDLE_SECONDS = 75;
export const DOSSIER_RE = /^[A-Z0-9._\/-]{1,50}$/;
export const DOSSIER_CHAR = /^[A-Za-z0-9._\/-]$/;
export const SVG_NS = 'http://www.w3.org/2000/svg';
export const FLOW_SCREENS = ['rate', 'followup', 'comment', 'counter', 'officer', 'field', 'dossier'];

export const params = new URLSearchParams(window.location.search);
export const kioskParam = params.get('kiosk') || null;
export const langParam = params.get('lang') || null;
export const idleParam = params.has('idle') ? clampSeconds(params.get('idle'), DEFAULT_IDLE_SECONDS, 2, 3600) : null;
export const speechParam = params.get('speech');

export const state = {
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

export const inFlight = new Set();   // rating ids being posted right now
export const sending = { flushing: false, memoryOutbox: [] };  // memoryOutbox: only when localStorage is unavailable
export const keyboards = {};

export const $ = (id) => document.getElementById(id);
export const Walk = SurveyFlowWalk;

export function emptyFlow() {
  return { counter: null, officer: null, field: null, comment: '', dossierCode: null };
}

// ---------------------------------------------------------------- small helpers

export function clampSeconds(raw, fallback, min, max) {
  const n = Number.parseFloat(raw);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, n));
}

/** A random (version 4) UUID. crypto.randomUUID exists only on secure origins; a LAN kiosk is plain http. */
export function uuidv4() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** RFC 3339 time with the browser's local offset, e.g. 2026-11-24T09:15:00+07:00. */
export function rfc3339(d) {
  const p = (n) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}` +
    `T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` +
    `${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`;
}

/** A locale string in the current language (falling back to Vietnamese), with {name} filled in. */
export function t(key, vars) {
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
export function label(obj) {
  if (!obj) return '';
  if (typeof obj === 'string') return obj;
  return obj[state.lang] || obj.vi || Object.values(obj)[0] || '';
}

export function svg(tag, attrs) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  return el;
}

export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function button(className, text) {
  const b = el('button', className, text);
  b.type = 'button';
  return b;
}
