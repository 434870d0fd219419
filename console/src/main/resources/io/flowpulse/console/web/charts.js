// Hand-written SVG charts: a sparkline for the stage rates, and time charts of windows.
import { svg, text, title, clock, num, ms, pct } from './svg.js';

export function sparkline(values, w = 160, hgt = 34) {
  const s = svg('svg', { viewBox: `0 0 ${w} ${hgt}`, preserveAspectRatio: 'none' });
  if (values.length < 2) return s;
  const max = Math.max(1, ...values);
  const step = w / (values.length - 1);
  const pts = values.map((v, i) => [i * step, hgt - 2 - (v / max) * (hgt - 4)]);
  const line = pts.map((p, i) => (i ? 'L' : 'M') + p[0].toFixed(1) + ' ' + p[1].toFixed(1)).join('');
  s.append(svg('path', { class: 'spark-area', d: `${line}L${w} ${hgt}L0 ${hgt}Z` }));
  s.append(svg('path', { class: 'spark', d: line }));
  return s;
}

const W = 600, H = 180, L = 46, R = 46, T = 10, B = 22;

function frame(windows, leftLabel, rightLabel) {
  const s = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img' });
  s.append(svg('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }));
  s.append(svg('line', { class: 'axis', x1: L, y1: T, x2: L, y2: H - B }));
  s.append(svg('line', { class: 'axis', x1: W - R, y1: T, x2: W - R, y2: H - B }));
  if (leftLabel) s.append(text(4, T + 8, leftLabel));
  if (rightLabel) s.append(text(W - R + 4, T + 8, rightLabel));
  if (windows.length) {
    s.append(text(L, H - 6, clock(windows[0].window_start)));
    s.append(text(W - R - 48, H - 6, clock(windows[windows.length - 1].window_start)));
  }
  return s;
}

function xs(n) {
  const inner = W - L - R;
  const band = inner / Math.max(1, n);
  return { band, x: i => L + i * band };
}

function path(points) {
  return points.filter(p => p[1] != null && !isNaN(p[1]))
    .map((p, i) => (i ? 'L' : 'M') + p[0].toFixed(1) + ' ' + p[1].toFixed(1)).join('');
}

// volume bars (forwarded, dropped stacked) on the left axis, drop rate line on the right axis
export function linkChart(windows) {
  const s = frame(windows, 'events', 'drop %');
  const { band, x } = xs(windows.length);
  const maxVol = Math.max(1, ...windows.map(w => w.forwarded + w.dropped));
  const maxRate = Math.max(0.05, ...windows.map(w => w.drop_rate || 0));
  const y = v => H - B - (v / maxVol) * (H - B - T);
  const yr = r => H - B - (r / maxRate) * (H - B - T);
  s.append(text(L - 40, T + 20, num(maxVol)));
  s.append(text(W - R + 4, T + 20, pct(maxRate)));
  windows.forEach((w, i) => {
    const bw = Math.max(1, band * 0.7);
    const bx = x(i) + band * 0.15;
    const g = svg('g', {}, [title(`${clock(w.window_start)}  forwarded ${w.forwarded}, dropped ${w.dropped} (${pct(w.drop_rate)})`
      + reasons(w.drop_reasons))]);
    g.append(svg('rect', { class: 'fwd', x: bx, width: bw, y: y(w.forwarded + w.dropped), height: Math.max(0, H - B - y(w.forwarded)) }));
    g.append(svg('rect', { class: 'drop', x: bx, width: bw, y: y(w.dropped), height: Math.max(0, H - B - y(w.dropped)) }));
    s.append(g);
  });
  s.append(svg('path', { class: 'rate', d: path(windows.map((w, i) => [x(i) + band / 2, yr(w.drop_rate || 0)])) }));
  return s;
}

function reasons(r) {
  const e = Object.entries(r || {});
  return e.length ? '\n' + e.map(([k, v]) => `${k}: ${v}`).join('\n') : '';
}

// p50, p99 and jitter lines of latency windows
export function latencyChart(windows) {
  const s = frame(windows, 'ms', '');
  const { band, x } = xs(windows.length);
  const max = Math.max(1, ...windows.map(w => Math.max(w.p99_ms || 0, w.jitter_ms || 0)));
  const y = v => v == null ? null : H - B - (v / max) * (H - B - T);
  s.append(text(L - 40, T + 20, ms(max)));
  s.append(svg('path', { class: 'p50', d: path(windows.map((w, i) => [x(i) + band / 2, y(w.p50_ms)])) }));
  s.append(svg('path', { class: 'p99', d: path(windows.map((w, i) => [x(i) + band / 2, y(w.p99_ms)])) }));
  s.append(svg('path', { class: 'jit', d: path(windows.map((w, i) => [x(i) + band / 2, y(w.jitter_ms)])) }));
  windows.forEach((w, i) => {
    s.append(svg('rect', { x: x(i), y: T, width: band, height: H - B - T, fill: 'transparent' },
      [title(`${clock(w.window_start)}  p50 ${ms(w.p50_ms)}, p99 ${ms(w.p99_ms)}, jitter ${ms(w.jitter_ms)}, ${w.samples} samples`)]));
  });
  return s;
}

// queries as bars, NXDOMAIN and SERVFAIL stacked in colour
export function dnsChart(windows) {
  const s = frame(windows, 'queries', 'p99');
  const { band, x } = xs(windows.length);
  const max = Math.max(1, ...windows.map(w => Math.max(w.queries, w.responses)));
  const maxP = Math.max(1, ...windows.map(w => (w.latency_ms && w.latency_ms.p99) || 0));
  const y = v => H - B - (v / max) * (H - B - T);
  const yp = v => H - B - (v / maxP) * (H - B - T);
  s.append(text(L - 40, T + 20, num(max)));
  s.append(text(W - R + 4, T + 20, ms(maxP)));
  windows.forEach((w, i) => {
    const bw = Math.max(1, band * 0.7), bx = x(i) + band * 0.15;
    const nx = (w.rcodes || {}).NXDOMAIN || 0, sf = ((w.rcodes || {}).SERVFAIL || 0) + ((w.rcodes || {}).REFUSED || 0);
    const g = svg('g', {}, [title(`${clock(w.window_start)}  ${w.queries} queries, NXDOMAIN ${nx}, SERVFAIL ${sf}`)]);
    g.append(svg('rect', { class: 'q', x: bx, width: bw, y: y(w.queries), height: H - B - y(w.queries) }));
    g.append(svg('rect', { class: 'nx', x: bx, width: bw, y: y(nx), height: H - B - y(nx) }));
    g.append(svg('rect', { class: 'sf', x: bx, width: bw, y: y(nx + sf), height: Math.max(0, y(nx) - y(nx + sf)) }));
    s.append(g);
  });
  s.append(svg('path', { class: 'p99', d: path(windows.map((w, i) => [x(i) + band / 2, w.latency_ms ? yp(w.latency_ms.p99) : null])) }));
  return s;
}
