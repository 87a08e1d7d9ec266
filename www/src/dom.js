// DOM building without HTML parsing: every string from a document or a report goes in as a
// text node (textContent), never as markup, so `<script>` in a description stays text.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
    else if (k === 'text') el.textContent = String(v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

/** An HTML element: h('p', { class: 'x' }, 'text', child...). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element, same calling convention as h(). */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** Replaces the children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Minutes as people read them: "45 min", "7 h 53 min", "2 d 4 h". */
export function fmtMinutes(m) {
  if (m === null || m === undefined || !Number.isFinite(m)) return '–';
  if (m < 1) return m === 0 ? '0 min' : `${m.toFixed(2)} min`;
  if (m < 60) return `${Math.round(m * 10) / 10} min`;
  const total = Math.round(m);
  const d = Math.floor(total / 1440);
  const hh = Math.floor((total % 1440) / 60);
  const mm = total % 60;
  if (d > 0) return hh ? `${d} d ${hh} h` : `${d} d`;
  return mm ? `${hh} h ${mm} min` : `${hh} h`;
}

/** Data loss of a journey or finding in words. */
export function fmtDataLoss(x) {
  if (x.dataLossTotal) return 'all data';
  if (x.dataLossMinutes === null || x.dataLossMinutes === undefined) return 'none';
  return `${fmtMinutes(x.dataLossMinutes)} of writes`;
}

/** Triggers a download of `text` as a file. */
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name, class: 'visually-hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
