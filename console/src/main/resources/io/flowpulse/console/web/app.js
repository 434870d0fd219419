// Flowpulse console: follows /api/events (a snapshot, then windows, alerts, stats and node
// changes) and draws the map, the tables and the charts. The view lives in the URL's hash.
import { Store } from './store.js';
import { SubnetMap, legend, JITTER_ALERT_MS, P99_ALERT_MS } from './map.js';
import { h, dropColour, latencyColour, pct, ms, num, clock } from './svg.js';
import { sparkline, linkChart, latencyChart, dnsChart } from './charts.js';

const store = new Store();
const $ = id => document.getElementById(id);
const view = readHash();
let paused = view.paused === '1';
let pending = 0;
let renderQueued = false;
let source = null;

const map = new SubnetMap($('map'), select);
map.mode = view.map === 'node' ? 'node' : 'subnet';

function readHash() {
  const out = {};
  for (const part of location.hash.replace(/^#/, '').split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const k = decodeURIComponent(i < 0 ? part : part.slice(0, i));
    if (['ns', 'subnet', 'level', 'sel', 'paused', 'map'].includes(k)) out[k] = decodeURIComponent(i < 0 ? '' : part.slice(i + 1));
  }
  return out;
}

function writeHash() {
  const parts = [];
  for (const k of ['ns', 'subnet', 'level', 'map', 'sel', 'paused']) {
    if (view[k]) parts.push(`${k}=${encodeURIComponent(view[k])}`);
  }
  history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname);
}

// ---- the event stream -------------------------------------------------------------------
function connect() {
  source = new EventSource('/api/events');
  source.addEventListener('open', () => status());
  source.addEventListener('error', () => status());
  source.addEventListener('snapshot', e => {
    store.loadSnapshot(JSON.parse(e.data));
    pending = 0;
    schedule(true);
  });
  for (const type of ['window', 'alert', 'stats', 'node']) {
    source.addEventListener(type, e => {
      store.apply(type, JSON.parse(e.data));
      store.lastId = e.lastEventId;
      if (paused) { pending++; status(); } else schedule();
    });
  }
}

function status() {
  const dot = $('conn');
  const state = !source || source.readyState === 2 ? 'down' : source.readyState === 0 ? 'connecting' : paused ? 'paused' : 'live';
  dot.dataset.state = state;
  $('conn-text').textContent = state === 'live' ? 'live' : state === 'paused' ? `paused · ${pending} new` :
    state === 'connecting' ? 'reconnecting…' : 'disconnected';
  $('window-time').textContent = store.latestEnd ? `window ending ${clock(store.latestEnd)} UTC` : '';
}

function schedule(now) {
  if (renderQueued) return;
  renderQueued = true;
  setTimeout(() => requestAnimationFrame(() => { renderQueued = false; render(); }), now ? 0 : 300);
}

// ---- filters -----------------------------------------------------------------------------
function fillSelect(el, values, current) {
  const have = [...el.options].map(o => o.value).slice(1).join('|');
  if (have !== values.join('|')) {
    el.replaceChildren(h('option', { value: '', text: 'all' }), ...values.map(v => h('option', { value: v, text: v })));
  }
  el.value = current || '';
}

function nsOk(name) {
  return !view.ns || name.startsWith(view.ns + '/');
}

function subnetOk(l) {
  if (!view.subnet) return true;
  if (l.level === 'subnet') return l.src === view.subnet || l.dst === view.subnet;
  if (l.level === 'node') return store.subnetOf(l.src) === view.subnet || store.subnetOf(l.dst) === view.subnet;
  return true;
}

function alertOk(a) {
  const s = a.subject;
  if (view.ns && !s.includes(view.ns + '/')) return false;
  if (view.subnet && !s.includes(view.subnet)) return false;
  if (view.level && !s.startsWith(view.level + ':') && !(view.level === 'workload' && s.startsWith('dns:'))) return false;
  return true;
}

// ---- rendering ---------------------------------------------------------------------------
function render() {
  fillSelect($('f-ns'), store.namespaces(), view.ns);
  fillSelect($('f-subnet'), store.subnets(), view.subnet);
  $('f-level').value = view.level || '';
  map.render(store, view);
  renderAlerts();
  renderMatrix();
  renderLinks();
  renderDns();
  renderStages();
  if (view.sel) renderDetail(view.sel);
  status();
}

function renderAlerts() {
  const all = store.alerts.filter(alertOk);
  const stories = store.alertStories().filter(s => alertOk(s.changes[0]));
  const open = stories.filter(s => s.changes[s.changes.length - 1].state === 'FIRING');
  $('alert-count').textContent = `${open.length} firing`;
  // the timeline: one bar per alert from its FIRING window to its RESOLVED window (or now)
  const end = Math.max(store.latestEnd, ...all.map(a => a.window_end), 1);
  const start = end - 30 * store.windowMs;
  const rows = stories.filter(s => s.changes.some(c => c.window_end >= start)).slice(-14);
  const W = 600, row = 13, H = Math.max(30, rows.length * row + 18);
  const tl = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none' });
  const x = t => 4 + (W - 8) * Math.max(0, (t - start)) / (end - start);
  rows.forEach((s, i) => {
    let firing = null;
    const bars = [];
    for (const c of s.changes) {
      if (c.state === 'FIRING') firing = c;
      else if (firing) { bars.push([firing, c]); firing = null; }
    }
    if (firing) bars.push([firing, null]);
    for (const [f, r] of bars) {
      const x1 = x(f.window_start), x2 = r ? x(r.window_end) : x(end);
      const rect = svgEl('rect', { class: `tl-bar ${f.severity}${r ? '' : ' open'}`, x: x1, y: 4 + i * row,
        width: Math.max(3, x2 - x1), height: row - 3, rx: 2 });
      const t = svgEl('title'); t.textContent = `${s.id}\n${clock(f.window_start)} → ${r ? clock(r.window_end) : 'now'}`;
      rect.append(t);
      tl.append(rect);
    }
  });
  const lt = svgEl('text', { x: 4, y: H - 3 }); lt.textContent = clock(start);
  const rt = svgEl('text', { x: W - 52, y: H - 3 }); rt.textContent = clock(end);
  tl.append(lt, rt);
  $('alert-timeline').replaceChildren(tl);

  const items = all.slice(-200).reverse().map(a => h('li', { class: 'alert', 'data-id': a.id, 'data-state': a.state,
    title: a.message, onclick: () => selectAlert(a) }, [
    h('span', { class: 'state', text: a.state }),
    h('span', { class: `sev ${a.severity}`, text: a.severity }),
    h('span', {}, [h('div', { class: 'what', text: `${a.kind} ${a.subject}` }),
      h('div', { class: 'when', text: `${clock(a.window_start)}–${clock(a.window_end)} · ${fmtValue(a)} (threshold ${fmtThreshold(a)})` })])]));
  $('alerts').replaceChildren(...(items.length ? items : [h('li', { class: 'empty', text: 'no alerts yet' })]));
}

function fmtValue(a) {
  if (a.kind === 'LINK_DROP_RATE' || a.kind.startsWith('DNS_NX') || a.kind === 'DNS_SERVFAIL') return pct(a.value);
  if (a.kind === 'DNS_LATENCY' || a.kind.startsWith('XSUBNET')) return ms(a.value);
  return num(a.value);
}
function fmtThreshold(a) {
  if (a.kind === 'LINK_DROP_RATE' || a.kind.startsWith('DNS_NX') || a.kind === 'DNS_SERVFAIL') return pct(a.threshold);
  if (a.kind === 'DNS_LATENCY' || a.kind.startsWith('XSUBNET')) return ms(a.threshold);
  return num(a.threshold);
}

function selectAlert(a) {
  const m = /^(workload|node|subnet):(.+)->(.+)$/.exec(a.subject);
  if (m) return select({ kind: 'pair', level: m[1], a: m[2], b: m[3] });
  if (a.subject.startsWith('dns:')) return select({ kind: 'dns', client: a.subject.slice(4) });
}

function renderMatrix() {
  const subnets = store.subnets().filter(s => s !== 'external');
  const cells = new Map();
  for (const w of store.current(store.latency)) {
    if (w.level === 'subnet' && w.kind === 'tcp_handshake') cells.set(`${w.src}|${w.dst}`, w);
  }
  if (!subnets.length) { $('matrix').replaceChildren(h('div', { class: 'empty', text: 'waiting for latency windows…' })); return; }
  const head = h('tr', {}, [h('th', { text: 'client ↓ server →' }), ...subnets.map(s => h('th', { text: s }))]);
  const rows = subnets.map(src => h('tr', {}, [h('th', { class: 'row', text: src }), ...subnets.map(dst => {
    const w = cells.get(`${src}|${dst}`);
    if (!w) return h('td', { class: 'none', text: '·' });
    const jittery = w.src !== w.dst && (w.jitter_ms >= JITTER_ALERT_MS || w.p99_ms >= P99_ALERT_MS);
    const td = h('td', { class: 'cell' + (jittery ? ' jittery' : ''), title: `${src} → ${dst}: p50 ${ms(w.p50_ms)}, p99 ${ms(w.p99_ms)}, jitter ${ms(w.jitter_ms)}, ${w.samples} handshakes`,
      'data-src': src, 'data-dst': dst, onclick: () => select({ kind: 'pair', level: 'subnet', a: src, b: dst }) },
      [h('b', { text: ms(w.p99_ms) }), h('span', { text: `± ${ms(w.jitter_ms)}` })]);
    td.style.background = latencyColour(w.p99_ms);
    return td;
  })]));
  $('matrix').replaceChildren(h('table', { class: 'matrix' }, [h('thead', {}, head), h('tbody', {}, rows)]));
}

function renderLinks() {
  const links = store.current(store.links)
    .filter(l => (!view.level || l.level === view.level) && subnetOk(l) && (l.level !== 'workload' || nsOk(l.src) || nsOk(l.dst))
      && (!view.ns || l.level === 'workload'))
    .filter(l => l.forwarded + l.dropped > 0)
    .sort((a, b) => b.drop_rate - a.drop_rate || b.dropped - a.dropped || (b.forwarded - a.forwarded))
    .slice(0, 14);
  if (!links.length) { $('links').replaceChildren(h('div', { class: 'empty', text: 'waiting for link windows…' })); return; }
  const rows = links.map(l => {
    const bar = h('span', { class: 'bar' });
    bar.style.width = Math.max(2, Math.min(60, l.drop_rate * 300)) + 'px';
    bar.style.background = dropColour(l.drop_rate);
    return h('tr', { class: 'click', 'data-level': l.level, onclick: () => select({ kind: 'pair', level: l.level, a: l.src, b: l.dst }) }, [
      h('td', { class: 'muted', text: l.level }),
      h('td', { class: 'name-cell', text: `${l.src} → ${l.dst}` }),
      h('td', { class: 'num' }, [bar, ' ', pct(l.drop_rate)]),
      h('td', { class: 'num', text: `${num(l.dropped)} / ${num(l.forwarded + l.dropped)}` }),
      h('td', {}, Object.entries(l.drop_reasons || {}).sort((a, b) => b[1] - a[1]).slice(0, 3)
        .map(([k, v]) => h('span', { class: 'chip', text: `${k} ${num(v)}` })))]);
  });
  $('links').replaceChildren(h('table', {}, [h('thead', {}, h('tr', {}, ['level', 'link', 'drop rate', 'dropped / all', 'reasons']
    .map(t => h('th', { text: t })))), h('tbody', {}, rows)]));
}

function renderDns() {
  const open = new Set(store.alertStories().filter(s => s.changes[s.changes.length - 1].state === 'FIRING')
    .map(s => s.subject));
  const rows = store.current(store.dns).filter(d => nsOk(d.client))
    .sort((a, b) => b.queries - a.queries).slice(0, 14).map(d => {
      const nx = (d.rcodes || {}).NXDOMAIN || 0, sf = (d.rcodes || {}).SERVFAIL || 0;
      const p99 = d.latency_ms ? d.latency_ms.p99 : null;
      return h('tr', { class: 'click', onclick: () => select({ kind: 'dns', client: d.client }) }, [
        h('td', { class: 'name-cell', text: (open.has('dns:' + d.client) ? '⚠ ' : '') + d.client }),
        h('td', { class: 'num', text: num(d.queries) }),
        cellNum(nx, nx > 0 && nx >= d.responses * 0.5 ? 'crit' : nx > 0 ? 'warn' : ''),
        cellNum(sf, sf > 0 ? 'crit' : ''),
        cellNum(p99 == null ? '–' : ms(p99), p99 >= 500 ? 'crit' : ''),
        h('td', {}, (d.suspicious_names || []).slice(0, 2).map(n => h('span', { class: 'chip sus', text: n.length > 28 ? n.slice(0, 26) + '…' : n, title: n })))]);
    });
  if (!rows.length) { $('dns').replaceChildren(h('div', { class: 'empty', text: 'waiting for DNS windows…' })); return; }
  $('dns').replaceChildren(h('table', {}, [h('thead', {}, h('tr', {}, ['client', 'queries', 'NXDOMAIN', 'SERVFAIL', 'p99', 'suspicious names']
    .map(t => h('th', { text: t })))), h('tbody', {}, rows)]));
}

function cellNum(v, level) {
  const td = h('td', { class: 'num', text: typeof v === 'number' ? num(v) : v });
  if (level === 'crit') td.style.color = '#f2545b';
  if (level === 'warn') td.style.color = '#e0b23a';
  return td;
}

function renderStages() {
  const last = store.stats[store.stats.length - 1];
  if (!last) { $('stages').replaceChildren(h('div', { class: 'empty', text: 'waiting for stats…' })); return; }
  const cards = last.stages.map(s => {
    const key = s.stage + '/' + (s.group || '');
    const series = store.stats.slice(-60).map(x => (x.stages.find(y => y.stage + '/' + (y.group || '') === key) || {}).rate || 0);
    return h('div', { class: 'stage', 'data-stage': s.stage, title: s.detail }, [
      h('div', { class: 'label', text: s.stage + (s.group ? ` · ${s.group}` : '') }),
      h('div', { class: 'value', text: `${num(s.rate)}/s` }),
      sparkline(series),
      h('div', { class: 'lag' + (s.lag > 1000 ? ' behind' : ''), text: `total ${num(s.total)}` + (s.lag != null ? ` · lag ${num(s.lag)}` : '') + (s.clients != null ? ` · ${s.clients} viewer${s.clients === 1 ? '' : 's'}` : '') })]);
  });
  $('stages').replaceChildren(...cards);
}

// ---- the detail drawer -------------------------------------------------------------------
function select(sel) {
  if (sel.kind === 'subnet') {
    view.subnet = view.subnet === sel.subnet ? '' : sel.subnet;
    writeHash();
    schedule(true);
    return;
  }
  view.sel = sel.kind === 'dns' ? `dns:${sel.client}` : `${sel.level}:${sel.a}>${sel.b}`;
  writeHash();
  renderDetail(view.sel);
}

function renderDetail(sel) {
  const body = $('detail-body');
  const panel = $('detail');
  panel.hidden = false;
  if (sel.startsWith('dns:')) {
    const client = sel.slice(4);
    $('detail-title').textContent = `DNS · ${client}`;
    const windows = store.dns.get(client) || [];
    const last = windows[windows.length - 1];
    body.replaceChildren(
      h('div', { class: 'keys' }, [key('#2a4a66', 'queries'), key('#e0b23a', 'NXDOMAIN'), key('#f2545b', 'SERVFAIL/REFUSED'), key('#f08a3c', 'p99 latency')]),
      dnsChart(windows),
      last ? h('h3', { text: 'Latest window' }) : null,
      last ? h('table', {}, h('tbody', {}, [
        row('queries / responses', `${last.queries} / ${last.responses}`),
        row('rcodes', Object.entries(last.rcodes || {}).map(([k, v]) => `${k} ${v}`).join(', ') || '–'),
        row('latency p50 / p99 / max', last.latency_ms ? `${ms(last.latency_ms.p50)} / ${ms(last.latency_ms.p99)} / ${ms(last.latency_ms.max)}` : '–'),
        row('top NXDOMAIN', (last.top_nxdomain || []).map(n => `${n.name} (${n.count})`).join(', ') || '–'),
        row('suspicious names', (last.suspicious_names || []).join(', ') || '–')])) : h('div', { class: 'empty', text: 'no windows for this client yet' }));
    return;
  }
  const m = /^(workload|node|subnet):(.+)>(.+)$/.exec(sel);
  if (!m) { panel.hidden = true; return; }
  const [, level, a, b] = m;
  $('detail-title').textContent = `${level} · ${a} ↔ ${b}`;
  const parts = [];
  for (const [src, dst] of a === b ? [[a, b]] : [[a, b], [b, a]]) {
    const windows = store.links.get(`${level}|${src}|${dst}`) || [];
    const lat = store.latency.get(`${level}|tcp_handshake|${src}|${dst}`) || [];
    if (!windows.length && !lat.length) continue;
    parts.push(h('h3', { text: `${src} → ${dst}` }));
    if (windows.length) {
      const reasons = {};
      let dropped = 0, all = 0;
      for (const w of windows) {
        dropped += w.dropped; all += w.forwarded + w.dropped;
        for (const [k, v] of Object.entries(w.drop_reasons || {})) reasons[k] = (reasons[k] || 0) + v;
      }
      parts.push(h('div', { class: 'keys' }, [key('#2a4a66', 'forwarded'), key('#f2545b', 'dropped'), key('#e0b23a', 'drop rate'),
        h('span', { text: `${windows.length} windows · ${num(dropped)} of ${num(all)} dropped (${pct(all ? dropped / all : 0)})` })]));
      parts.push(linkChart(windows));
      const rs = Object.entries(reasons).sort((x, y) => y[1] - x[1]);
      if (rs.length) parts.push(h('div', {}, rs.map(([k, v]) => h('span', { class: 'chip', text: `${k} ${num(v)}` }))));
    }
    if (lat.length) {
      const l = lat[lat.length - 1];
      parts.push(h('div', { class: 'keys' }, [key('#6cb6ff', 'p50'), key('#f08a3c', 'p99'), key('#ff5cc8', 'jitter'),
        h('span', { text: `handshakes · latest p99 ${ms(l.p99_ms)}, jitter ${ms(l.jitter_ms)}, ${l.samples} samples` })]));
      parts.push(latencyChart(lat));
    }
  }
  body.replaceChildren(...(parts.length ? parts : [h('div', { class: 'empty', text: 'no windows for this link yet' })]));
}

function key(colour, label) {
  const i = h('i');
  i.style.background = colour;
  return h('span', {}, [i, label]);
}

function row(k, v) {
  return h('tr', {}, [h('td', { class: 'muted', text: k }), h('td', { class: 'name-cell', text: v })]);
}

function svgEl(tag, attrs = {}) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

// ---- controls ----------------------------------------------------------------------------
function bind() {
  $('f-ns').addEventListener('change', e => { view.ns = e.target.value; writeHash(); schedule(true); });
  $('f-subnet').addEventListener('change', e => { view.subnet = e.target.value; writeHash(); schedule(true); });
  $('f-level').addEventListener('change', e => { view.level = e.target.value; writeHash(); schedule(true); });
  $('pause').addEventListener('click', () => {
    paused = !paused;
    view.paused = paused ? '1' : '';
    $('pause').setAttribute('aria-pressed', String(paused));
    $('pause').textContent = paused ? 'Resume' : 'Pause';
    writeHash();
    if (!paused) { pending = 0; schedule(true); }
    status();
  });
  $('detail-close').addEventListener('click', () => { $('detail').hidden = true; view.sel = ''; writeHash(); });
  document.addEventListener('keydown', e => { if (e.key === 'Escape') $('detail-close').click(); });
  for (const b of document.querySelectorAll('[data-map]')) {
    b.classList.toggle('on', b.dataset.map === map.mode);
    b.addEventListener('click', () => {
      map.mode = b.dataset.map;
      view.map = map.mode === 'node' ? 'node' : '';
      for (const o of document.querySelectorAll('[data-map]')) o.classList.toggle('on', o === b);
      writeHash();
      schedule(true);
    });
  }
  window.addEventListener('hashchange', () => { Object.assign(view, { ns: '', subnet: '', level: '', sel: '' }, readHash()); schedule(true); });
  if (paused) { $('pause').setAttribute('aria-pressed', 'true'); $('pause').textContent = 'Resume'; }
  legend($('legend'));
}

bind();
connect();
status();
