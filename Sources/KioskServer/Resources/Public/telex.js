/*
 * Telex: Vietnamese typing on a keyboard of plain Latin letters, as pure functions (no DOM, no state).
 *
 *   Telex.apply(text, key)      the text after typing one key at its end
 *   Telex.type(text, keys)      the text after typing each key of `keys` in turn
 *   Telex.backspace(text)       the text without its last letter
 *   Telex.fold(text)            lower case without diacritics, đ → d (for search)
 *   Telex.matches(query, text)  every word of the query is found in the text, ignoring diacritics and case
 *
 * Composition: aa → â, aw → ă, ee → ê, oo → ô, ow → ơ, uw → ư, w alone → ư, dd → đ; uow → ươ (uơ at
 * the end of a word: thuở), uuw → ưu (cứu), giw → giư; w on â or ô changes the hat (aaw → ă). The tone keys
 * s (sắc), f (huyền), r (hỏi), x (ngã), j (nặng) put the tone on the right vowel of the syllable and move it
 * when more letters follow ("hoaf" + "n" → "hoàn"); z removes the tone. Typing a tone key or a mark key twice
 * takes the mark back and types the letter ("ass" → "as", "aaa" → "aa", "uww" → "uw", "ww" → "w").
 * Tones go on: the last vowel with a hat, breve or horn (ê, ơ in ươ …); otherwise the last vowel when a
 * consonant follows (toán); the middle one of three (hoài); the first of two in an open syllable, the
 * traditional style used in administrative documents (hòa, thủy, mùa). The u of "qu" and the i of "gi"
 * before another vowel belong to the consonant (quá, giữa). Each rule is marked with the class of
 * Tests/fixtures/telex-cases.json that checks it; KioskTerminal/Telex.swift follows the same steps.
 */
(function (root) {
  'use strict';

  const TONES = { s: '\u0301', f: '\u0300', r: '\u0309', x: '\u0303', j: '\u0323' };
  const TONE_MARK = /[\u0300\u0301\u0303\u0309\u0323]/;
  const VOWELS = 'aăâeêioôơuưy';
  const MARKED = 'ăâêôơư';
  const MAX_LENGTH = 1000;

  const isVowel = (c) => VOWELS.includes(c);
  const isUpper = (c) => c !== c.toLowerCase();
  const withCase = (c, upper) => (upper ? c.toUpperCase() : c);
  const isLetter = (c) => /^\p{L}$/u.test(c);

  /** A word as its letters without tone (NFC, one letter per item) and its tone mark (or ''). */
  function split(word) {
    let tone = '';
    let rest = '';
    for (const c of word.normalize('NFD')) {
      if (TONE_MARK.test(c)) tone = c;
      else rest += c;
    }
    return { letters: Array.from(rest.normalize('NFC')), tone: tone };
  }

  /** [start, end) of the vowels that carry the tone: the last run of vowels, without the u of qu / i of gi. */
  function nucleus(lower) {
    let end = -1;
    for (let i = lower.length - 1; i >= 0; i--) {
      if (isVowel(lower[i])) {
        end = i + 1;
        break;
      }
    }
    if (end < 0) return null;
    let start = end - 1;
    while (start > 0 && isVowel(lower[start - 1])) start--;
    if (end - start > 1 && start === 1 &&
        ((lower[0] === 'q' && lower[1] === 'u') || (lower[0] === 'g' && lower[1] === 'i'))) {
      start++;
    }
    return { start: start, end: end };
  }

  /**
   * Class u-horn-then-o: ư followed by o, or u followed by ơ, is completed to ươ once another letter
   * follows (người, được, mướn, nước); the tone then goes on ơ. Until then a w may still come
   * ("tuwrowng" → "tưởng"), and a lone uơ at the end stays (thuở, huơ). The u of "qu" belongs to the
   * consonant (quơ).
   */
  function completeHorns(out, lower) {
    for (let i = 0; i + 1 < lower.length; i++) {
      if (i === 1 && lower[0] === 'q') continue;
      const pair = lower[i] + lower[i + 1];
      if ((pair === 'ưo' || pair === 'uơ') && i + 2 < lower.length) {
        out[i] = withCase('ư', isUpper(out[i]));
        out[i + 1] = withCase('ơ', isUpper(out[i + 1]));
        lower[i] = 'ư';
        lower[i + 1] = 'ơ';
      }
    }
  }

  /** The word from its letters and tone, the tone placed on the right vowel. */
  function compose(letters, tone) {
    const out = letters.slice();
    const lower = out.map((c) => c.toLowerCase());
    completeHorns(out, lower);
    if (tone) {
      const n = nucleus(lower);
      if (n) {
        let pos = -1;
        for (let i = n.start; i < n.end; i++) if (MARKED.includes(lower[i])) pos = i;
        if (pos < 0) {
          const size = n.end - n.start;
          if (n.end < out.length) pos = n.end - 1;        // a final consonant follows
          else if (size >= 3) pos = n.start + 1;
          else pos = n.start;
        }
        out[pos] = (out[pos] + tone).normalize('NFC');
      }
    }
    return out.join('').normalize('NFC');
  }

  function indexIn(lower, n, c) {
    if (!n) return -1;
    for (let i = n.end - 1; i >= n.start; i--) if (lower[i] === c) return i;
    return -1;
  }

  /** Class oa-oe-then-o: the o of oa, oă, oe is a glide, not a vowel to put a hat on (khoèo, ngoáo). */
  function isGlideO(lower, n, i) {
    return lower[i] === 'o' && i + 1 < n.end && 'aăe'.includes(lower[i + 1]);
  }

  /**
   * The last word after one more key; `word` is letters only, `key` one letter. `bareHorn`: the word ends
   * in a ư typed as a w on its own, which one more w takes back whole ("ww" → "w").
   */
  function applyToWord(word, key, bareHorn) {
    const k = key.toLowerCase();
    const { letters, tone } = split(word);
    const lower = letters.map((c) => c.toLowerCase());
    const n = nucleus(lower);
    const literal = () => compose(letters.concat(key), tone);
    const last = lower.length - 1;

    if (k in TONES) {
      if (!n) return literal();
      if (tone === TONES[k]) return compose(letters.concat(key), '');   // typed twice: take it back
      return compose(letters, TONES[k]);
    }
    if (k === 'z') {
      return tone ? compose(letters, '') : literal();
    }
    if (k === 'd') {
      // Class dd: d after d is đ wherever it stands (SDD → SĐ); d after đ takes it back (DDd → Dd).
      if (lower[last] === 'd') {
        letters[last] = withCase('đ', isUpper(letters[last]));
        return compose(letters, tone);
      }
      if (lower[last] === 'đ') {
        letters[last] = withCase('d', isUpper(letters[last]));
        return compose(letters.concat(key), tone);
      }
      // A d typed later still makes the first letter đ ("dand" → "đan").
      if (lower[0] === 'd') {
        letters[0] = withCase('đ', isUpper(letters[0]));
        return compose(letters, tone);
      }
      return literal();
    }
    if (k === 'a' || k === 'e' || k === 'o') {
      const hat = { a: 'â', e: 'ê', o: 'ô' }[k];
      let i = indexIn(lower, n, k);
      if (i >= 0 && !isGlideO(lower, n, i)) {
        letters[i] = withCase(hat, isUpper(letters[i]));
        return compose(letters, tone);
      }
      i = indexIn(lower, n, hat);
      if (i >= 0) {
        letters[i] = withCase(k, isUpper(letters[i]));
        return compose(letters.concat(key), tone);
      }
      if (k === 'a') {
        i = indexIn(lower, n, 'ă');
        if (i >= 0) {
          letters[i] = withCase('â', isUpper(letters[i]));
          return compose(letters, tone);
        }
      }
      return literal();
    }
    if (k === 'w') return applyW(letters, lower, n, tone, key, bareHorn);
    return literal();
  }

  /** The word after a w: horn or breve on the right vowel, ư on its own, or the mark taken back. */
  function applyW(letters, lower, n, tone, key, bareHorn) {
    const last = lower.length - 1;
    const set = (i, c) => {
      letters[i] = withCase(c, isUpper(letters[i]));
    };
    // Class w-twice: a ư typed as a w on its own is taken back whole ("ww" → "w", "nhww" → "nhw").
    if (bareHorn && lower[last] === 'ư') {
      return compose(letters.slice(0, last).concat(withCase('w', isUpper(letters[last]))), tone);
    }
    // Class gi-w: the i of gi belongs to the consonant, so w adds ư ("giw" → "giư").
    if (!n || (lower.length === 2 && lower[0] === 'g' && lower[1] === 'i')) {
      // w alone makes ư ("nhw" → "như"), but not after a w just taken back.
      if (lower[last] === 'w') return compose(letters.concat(key), tone);
      return compose(letters.concat(withCase('ư', isUpper(key))), tone);
    }
    for (let i = n.start; i < n.end - 1; i++) {
      const pair = lower[i] + lower[i + 1];
      // Class uo-w: uơ at the end of the word (thuở), ươ when a letter follows (người, mướn).
      if (pair === 'uo' && i + 2 === lower.length) {
        set(i + 1, 'ơ');
        return compose(letters, tone);
      }
      if (pair === 'uo' || pair === 'ưo' || pair === 'uô') {
        set(i, 'ư');
        set(i + 1, 'ơ');
        return compose(letters, tone);
      }
      // Class uu-w: the horn goes on the first u (lưu, cứu).
      if (pair === 'uu') {
        set(i, 'ư');
        return compose(letters, tone);
      }
    }
    for (let i = n.start; i < n.end - 1; i++) {
      if (lower[i] === 'o' && lower[i + 1] === 'a') {
        set(i + 1, 'ă');
        return compose(letters, tone);
      }
    }
    // Classes mark-undo, w-twice: a horn or breve already there is taken back, not doubled
    // ("chuaww" → "chuaw", "thuoww" → "thuow").
    for (const [from, to] of [['ư', 'u'], ['ơ', 'o'], ['ă', 'a']]) {
      const i = indexIn(lower, n, from);
      if (i >= 0) {
        set(i, to);
        if (from === 'ư' && i + 1 < n.end && lower[i + 1] === 'ơ') set(i + 1, 'o');
        return compose(letters.concat(key), tone);
      }
    }
    // Class marks: w on a vowel with a hat changes the hat ("aaw" → "ă", "oow" → "ơ").
    for (const [from, to] of [['u', 'ư'], ['o', 'ơ'], ['a', 'ă'], ['ô', 'ơ'], ['â', 'ă']]) {
      const i = indexIn(lower, n, from);
      if (i >= 0) {
        set(i, to);
        return compose(letters, tone);
      }
    }
    return compose(letters.concat(key), tone);
  }

  /**
   * One key typed at the end of `text`: the new text, and whether its last word now ends in a ư typed as
   * a w on its own (`bareHorn`, class w-twice), which the next w takes back whole.
   */
  function step(text, key, bareHorn) {
    text = String(text || '').normalize('NFC');
    if (typeof key !== 'string' || key.length === 0) return { text: text, bareHorn: bareHorn };
    if (Array.from(text).length >= MAX_LENGTH) return { text: text, bareHorn: bareHorn };
    if (Array.from(key).length !== 1 || !isLetter(key)) return { text: text + key, bareHorn: false };
    const m = /\p{L}+$/u.exec(text);
    const word = m ? m[0] : '';
    const typed = applyToWord(word, key, bareHorn);
    const bare = key.toLowerCase() === 'w' && /[ưƯ]$/u.test(typed) &&
      Array.from(typed).length === Array.from(word).length + 1;
    return { text: text.slice(0, text.length - word.length) + typed, bareHorn: bare };
  }

  /**
   * The last text `apply` returned whose last word ends in a ư typed as a w on its own. The text alone
   * cannot tell "w" from "uw" (both give "ư"), so `apply` keeps this one fact about its own output; a text
   * it did not return is read as it stands.
   */
  let bareHornText = null;

  /** The text after typing `key` (one character) at its end. */
  function apply(text, key) {
    const before = String(text || '').normalize('NFC');
    const remembered = before === bareHornText;
    const next = step(before, key, remembered);
    if (next.bareHorn) bareHornText = next.text;
    else if (remembered || next.text === bareHornText) bareHornText = null;
    return next.text;
  }

  /** The text after typing each key of `keys` in turn (keeping the same fact from key to key). */
  function type(text, keys) {
    let state = { text: String(text || ''), bareHorn: false };
    for (const key of Array.from(String(keys))) state = step(state.text, key, state.bareHorn);
    return state.text;
  }

  function backspace(text) {
    const chars = Array.from(String(text || '').normalize('NFC'));
    chars.pop();
    return chars.join('');
  }

  function fold(text) {
    return String(text || '')
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase();
  }

  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function matches(query, text) {
    const wanted = words(query);
    if (!wanted.length) return false;
    const hay = fold(text);
    return wanted.every((w) => hay.includes(w));
  }

  root.Telex = Object.freeze({ apply, type, backspace, fold, words, matches, MAX_LENGTH });
})(typeof window !== 'undefined' ? window : globalThis);
