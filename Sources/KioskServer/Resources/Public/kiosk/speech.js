/* Spoken prompts: the screen's question and choices read aloud by the server. */
import { topicById } from './help.js';
import { kioskInfo } from './rating.js';
import { $, SPEECH_MAX, label, speechParam, state, t } from './state.js';

// ---------------------------------------------------------------- speech

export function speechOn() {
  if (speechParam === '1' || speechParam === 'true') return true;
  if (speechParam === '0' || speechParam === 'false') return false;
  return !!kioskInfo().speech;
}

export function textsOf(selector) {
  return Array.from(document.querySelectorAll(selector)).map((e) => e.textContent.trim()).filter(Boolean);
}

/** The question and choices of the screen shown, as one text to read aloud. */
export function speechText() {
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

export function joinForSpeech(parts) {
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

export function stopSpeech() {
  if (state.audio) {
    try {
      state.audio.pause();
    } catch (e) {
      // nothing to stop
    }
    state.audio = null;
  }
}

export function speakScreen() {
  if (!state.config || !speechOn()) return;
  speak(joinForSpeech(speechText()));
}

/** Plays the server's reading of the text; without audio (no espeak-ng, no speaker) nothing happens. */
export function speak(text) {
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
