/* Typing in the comment, dossier and search fields, with the on-screen keyboard or physical keys. */
import { confirmDossier } from './dossier.js';
import { setQuery, showSearchKeyboard } from './help.js';
import { $, COMMENT_MAX, keyboards, state } from './state.js';

// ---------------------------------------------------------------- typing fields

export function typed() {
  state.lastTyped = Date.now();
  state.lastActivity = state.lastTyped;
}

/** A field's value changed outside the key handlers (scanner undo, input events). */
export function fieldChanged(f) {
  if (f.id === 'comment') state.flow.comment = f.value.slice(0, COMMENT_MAX);
  if (f.id === 'help-search') setQuery(f.value);
}

export function commentKey(key) {
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

export function searchKey(key) {
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
export function onFieldKey(e, handler) {
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
