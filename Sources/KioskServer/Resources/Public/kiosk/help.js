/* Guidance topics: the list, search, a topic with its QR code, printing it. */
import { clearFlow, kioskId, kioskInfo } from './rating.js';
import { show } from './screens.js';
import { speakScreen } from './speech.js';
import { $, button, el, label, state, t } from './state.js';

// ---------------------------------------------------------------- help

/** The topic list, fetched once (again with `fresh`, keeping the old list when that fails). */
export async function loadHelp(fresh) {
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

export function topicById(id) {
  return (state.help.topics || []).find((x) => x.id === id) || null;
}

export function topLevelTopics() {
  return (state.help.topics || []).filter((x) => !x.parent || !topicById(x.parent));
}

export function childTopics(id) {
  return (state.help.topics || []).filter((x) => x.parent === id);
}

export function searchText(x) {
  const parts = [];
  for (const v of [x.title, x.summary]) if (v) parts.push(...Object.values(v));
  return parts.join(' ');
}

export function openHelp() {
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

export function setQuery(q) {
  state.help.query = q;
  renderHelpList();
}

export function renderHelpList() {
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

export function showSearchKeyboard(on) {
  state.help.keyboard = !!on;
  $('help-keyboard').hidden = !on;
  document.querySelector('[data-screen="help"]').classList.toggle('with-keyboard', !!on);
  if (!on && document.activeElement === $('help-search')) $('help-search').blur();
}

export async function topicDetail(id) {
  if (state.help.details[id]) return state.help.details[id];
  const res = await fetch(`/api/v1/help/${encodeURIComponent(id)}`, { cache: 'no-store', headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const d = await res.json();
  state.help.details[id] = d;
  return d;
}

export function openTopic(id) {
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
export function setTopicHtml(target, html) {
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
export function renderScrollButtons() {
  const body = $('topic-body');
  const long = body.scrollHeight > body.clientHeight + 2;
  $('topic-up').hidden = !long;
  $('topic-down').hidden = !long;
  $('topic-up').disabled = body.scrollTop <= 1;
  $('topic-down').disabled = body.scrollTop + body.clientHeight >= body.scrollHeight - 1;
}

export function scrollTopic(direction) {
  const body = $('topic-body');
  body.scrollTop += direction * Math.max(100, body.clientHeight * 0.8);
  renderScrollButtons();
}

export function renderTopic() {
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

export function topicBack() {
  const x = topicById(state.help.topic);
  if (x && x.parent && topicById(x.parent)) openTopic(x.parent);
  else {
    state.help.topic = null;
    renderHelpList();
    show('help');
  }
}

export async function printTopic() {
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
