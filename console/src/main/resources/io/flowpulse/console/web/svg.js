// Small helpers for building SVG and HTML without markup strings (no innerHTML with data).
const NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs = {}, children = []) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, v);
  for (const c of [].concat(children)) if (c) e.append(c);
  return e;
}

export function h(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of [].concat(children)) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

export function text(x, y, s, attrs = {}) {
  const t = svg('text', { x, y, ...attrs });
  t.textContent = s;
  return t;
}

export function title(s) {
  const t = svg('title');
  t.textContent = s;
  return t;
}

// drop rate -> colour: green below 0.5 %, then lime, amber (1 %), orange (5 %), red (20 %+)
export function dropColour(rate) {
  if (rate == null || rate < 0.005) return '#2fb46c';
  if (rate < 0.01) return '#a3c93a';
  if (rate < 0.05) return '#e0b23a';
  if (rate < 0.2) return '#f08a3c';
  return '#f2545b';
}

// latency p99 (ms) -> background of a matrix cell
export function latencyColour(p99) {
  if (p99 == null) return '#10161e';
  if (p99 < 5) return '#123626';
  if (p99 < 50) return '#2b3a17';
  if (p99 < 200) return '#4a3512';
  return '#5a1a1f';
}

export function pct(x) {
  if (x == null) return '–';
  if (x === 0) return '0 %';
  if (x < 0.001) return '<0.1 %';
  return (x * 100).toFixed(x < 0.1 ? 1 : 0) + ' %';
}

export function ms(x) {
  if (x == null) return '–';
  if (x < 1) return x.toFixed(2) + ' ms';
  if (x < 10) return x.toFixed(1) + ' ms';
  return Math.round(x) + ' ms';
}

export function num(x) {
  if (x == null) return '–';
  if (x >= 1e6) return (x / 1e6).toFixed(1) + 'M';
  if (x >= 1e4) return (x / 1e3).toFixed(0) + 'k';
  if (x >= 1e3) return (x / 1e3).toFixed(1) + 'k';
  return String(Math.round(x * 10) / 10);
}

export function clock(t) {
  const d = new Date(t);
  return d.toISOString().slice(11, 19);
}
