/*
 * On-screen keyboard of the kiosk: big keys (>= 64 x 64 CSS px), no dead keys, no sounds, nothing that
 * moves. It only reports keys; what a key does to a field is the page's business (kiosk.js).
 *
 *   const kb = Keyboard.create(container, { layout: 'text' | 'code' | 'search', label, onKey });
 *   kb.relabel();            after a language change (special keys are labelled through `label(key)`)
 *   kb.setShift(bool); kb.setTelex(bool); kb.shift; kb.telex
 *
 * onKey receives a character ('a', 'A', '7', '.'), or one of 'backspace', 'clear', 'space', 'hide'.
 * 'shift' and 'telex' are handled here (one-shot capitals, Vietnamese accents on/off) and also reported.
 * A key press never takes the focus from the field being typed in.
 */
(function (root) {
  'use strict';

  const SVG_NS = 'http://www.w3.org/2000/svg';

  const LAYOUTS = {
    text: [
      '1234567890'.split(''),
      'qwertyuiop'.split(''),
      'asdfghjkl'.split('').concat(['backspace']),
      ['shift'].concat('zxcvbnm'.split(''), [',', '.']),
      ['telex', 'space', '?', 'clear'],
    ],
    code: [
      '1234567890'.split(''),
      'QWERTYUIOP'.split(''),
      'ASDFGHJKL'.split('').concat(['backspace']),
      'ZXCVBNM'.split('').concat(['-', '.', '/']),
      ['clear'],
    ],
    search: [
      '1234567890'.split(''),
      'qwertyuiop'.split(''),
      'asdfghjkl'.split('').concat(['backspace']),
      'zxcvbnm'.split('').concat(['-']),
      ['space', 'clear', 'hide'],
    ],
  };

  const SPECIAL = ['backspace', 'clear', 'space', 'shift', 'telex', 'hide'];

  const ICONS = {
    backspace: 'M18 10 H42 V38 H18 L6 24 Z M24 18 L34 30 M34 18 L24 30',
    clear: 'M10 12 H38 M16 12 V40 H32 V12 M20 12 V7 H28 V12',
    shift: 'M24 6 L42 24 H32 V40 H16 V24 H6 Z',
    space: 'M8 26 V36 H40 V26',
    hide: 'M8 12 H40 V30 H8 Z M14 18 H34 M14 24 H34 M16 36 L24 43 L32 36',
    telex: 'M10 40 L20 14 L30 40 M14 31 H26 M30 10 L36 4 L42 10',
  };

  function icon(key) {
    const s = document.createElementNS(SVG_NS, 'svg');
    s.setAttribute('class', 'key-icon');
    s.setAttribute('viewBox', '0 0 48 48');
    s.setAttribute('aria-hidden', 'true');
    s.setAttribute('focusable', 'false');
    const p = document.createElementNS(SVG_NS, 'path');
    p.setAttribute('d', ICONS[key]);
    p.setAttribute('fill', 'none');
    p.setAttribute('stroke', 'currentColor');
    p.setAttribute('stroke-width', '4');
    p.setAttribute('stroke-linejoin', 'round');
    p.setAttribute('stroke-linecap', 'round');
    s.appendChild(p);
    return s;
  }

  function create(container, options) {
    const layout = LAYOUTS[options.layout] ? options.layout : 'text';
    const label = options.label || ((k) => k);
    const onKey = options.onKey || (() => {});
    const kb = { shift: false, telex: options.telex !== false, layout: layout };

    container.textContent = '';
    container.classList.add('keyboard', `keyboard-${layout}`);
    container.setAttribute('role', 'group');

    const keys = [];
    for (const row of LAYOUTS[layout]) {
      const r = document.createElement('div');
      r.className = 'key-row';
      for (const key of row) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'key';
        b.dataset.key = key;
        if (SPECIAL.includes(key)) {
          b.classList.add('key-special', `key-${key}`);
          b.appendChild(icon(key));
          const word = document.createElement('span');
          word.className = 'key-label';
          b.appendChild(word);
          if (key === 'shift' || key === 'telex') b.setAttribute('aria-pressed', 'false');
        } else {
          const cap = document.createElement('span');
          cap.className = 'key-cap';
          cap.textContent = key;
          b.appendChild(cap);
        }
        // Keep the focus (and the caret) in the field being typed in.
        b.addEventListener('mousedown', (e) => e.preventDefault());
        b.addEventListener('click', () => press(key));
        r.appendChild(b);
        keys.push(b);
      }
      container.appendChild(r);
    }

    function press(key) {
      if (key === 'shift') {
        kb.setShift(!kb.shift);
        onKey('shift');
        return;
      }
      if (key === 'telex') {
        kb.setTelex(!kb.telex);
        onKey('telex');
        return;
      }
      if (SPECIAL.includes(key)) {
        onKey(key);
        return;
      }
      const ch = kb.shift ? key.toUpperCase() : key;
      if (kb.shift) kb.setShift(false);
      onKey(ch);
    }

    kb.setShift = function (on) {
      kb.shift = !!on;
      for (const b of keys) {
        if (b.dataset.key === 'shift') b.setAttribute('aria-pressed', String(kb.shift));
        else if (!SPECIAL.includes(b.dataset.key) && layout !== 'code') {
          b.firstChild.textContent = kb.shift ? b.dataset.key.toUpperCase() : b.dataset.key;
        }
      }
    };

    kb.setTelex = function (on) {
      kb.telex = !!on;
      for (const b of keys) if (b.dataset.key === 'telex') b.setAttribute('aria-pressed', String(kb.telex));
    };

    kb.relabel = function () {
      container.setAttribute('aria-label', label('keyboard'));
      for (const b of keys) {
        const key = b.dataset.key;
        if (SPECIAL.includes(key)) b.querySelector('.key-label').textContent = label(key);
      }
    };

    kb.press = press;
    kb.setTelex(kb.telex);
    kb.relabel();
    return kb;
  }

  root.Keyboard = Object.freeze({ create, LAYOUTS });
})(window);
