// The subnet map: subnets as boxes holding their nodes, lines between subnets coloured by drop
// rate and as wide as their volume, labelled with the TCP handshake p99 and jitter. A path whose
// jitter or p99 crosses the alert thresholds is drawn dashed, moving and magenta: it stands out.
import { svg, text, title, dropColour, pct, ms, num } from './svg.js';

const VW = 1000, VH = 560;
export const JITTER_ALERT_MS = 30;
export const P99_ALERT_MS = 200;

export class SubnetMap {
  constructor(container, onSelect) {
    this.container = container;
    this.onSelect = onSelect;
    this.view = { x: 0, y: 0, w: VW, h: VH };
    this.mode = 'subnet';
    this.drag = null;
    container.addEventListener('wheel', e => this.zoom(e), { passive: false });
    container.addEventListener('pointerdown', e => {
      const hit = e.target.closest('[data-pick]');
      if (hit) { this.pick = { sel: JSON.parse(hit.dataset.pick), x: e.clientX, y: e.clientY }; return; }
      this.drag = { x: e.clientX, y: e.clientY, view: { ...this.view } };
      container.setPointerCapture(e.pointerId);
    });
    container.addEventListener('pointermove', e => {
      if (!this.drag || !this.svg) return;
      const k = this.view.w / container.clientWidth;
      this.view.x = this.drag.view.x - (e.clientX - this.drag.x) * k;
      this.view.y = this.drag.view.y - (e.clientY - this.drag.y) * k;
      this.svg.setAttribute('viewBox', this.viewBox());
    });
    container.addEventListener('pointerup', e => {
      this.drag = null;
      const p = this.pick;
      this.pick = null;
      if (p && Math.hypot(e.clientX - p.x, e.clientY - p.y) < 8) this.onSelect(p.sel);
    });
  }

  viewBox() { return `${this.view.x} ${this.view.y} ${this.view.w} ${this.view.h}`; }

  zoom(e) {
    e.preventDefault();
    if (!this.svg) return;
    const rect = this.container.getBoundingClientRect();
    const fx = (e.clientX - rect.left) / rect.width, fy = (e.clientY - rect.top) / rect.height;
    const factor = e.deltaY > 0 ? 1.15 : 1 / 1.15;
    const w = Math.min(VW * 2, Math.max(VW / 5, this.view.w * factor));
    const hgt = w * VH / VW;
    this.view.x += (this.view.w - w) * fx;
    this.view.y += (this.view.h - hgt) * fy;
    this.view.w = w; this.view.h = hgt;
    this.svg.setAttribute('viewBox', this.viewBox());
  }

  layout(subnets, nodesBySubnet) {
    const inner = subnets.filter(s => s !== 'external');
    const pos = new Map();
    const n = inner.length;
    inner.forEach((s, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, n);
      pos.set(s, { x: VW / 2 + Math.cos(a) * 350, y: VH / 2 + 10 + Math.sin(a) * 195 });
    });
    if (subnets.includes('external')) pos.set('external', { x: VW / 2, y: VH / 2 + 10 });
    const boxes = new Map();
    for (const s of subnets) {
      const nodes = nodesBySubnet.get(s) || [];
      const cols = Math.min(3, Math.max(1, nodes.length));
      const rows = Math.ceil(nodes.length / cols);
      const w = Math.max(196, cols * 62 + 16), hgt = 44 + rows * 40;
      const p = pos.get(s);
      const box = { x: p.x - w / 2, y: p.y - hgt / 2, w, h: hgt, cx: p.x, cy: p.y, nodes: new Map() };
      nodes.forEach((node, i) => {
        const c = i % cols, r = Math.floor(i / cols);
        box.nodes.set(node, { x: box.x + 8 + 31 + c * 62 + (w - 16 - cols * 62) / 2, y: box.y + 46 + r * 40 + 8 });
      });
      boxes.set(s, box);
    }
    return boxes;
  }

  render(store, filters) {
    const subnets = store.subnets();
    const nodesBySubnet = new Map();
    for (const n of [...store.nodes.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      if (!nodesBySubnet.has(n.subnet)) nodesBySubnet.set(n.subnet, []);
      nodesBySubnet.get(n.subnet).push(n.name);
    }
    const boxes = this.layout(subnets, nodesBySubnet);
    const root = svg('svg', { viewBox: this.viewBox(), role: 'img', 'aria-label': 'subnet map' });
    root.append(svg('defs', {}, [
      svg('filter', { id: 'glow', x: '-50%', y: '-50%', width: '200%', height: '200%' }, [
        svg('feGaussianBlur', { stdDeviation: 4, result: 'b' }),
        svg('feMerge', {}, [svg('feMergeNode', { in: 'b' }), svg('feMergeNode', { in: 'SourceGraphic' })])])]));
    const edgeLayer = svg('g', { class: 'edges' });
    const boxLayer = svg('g', { class: 'boxes' });
    const labelLayer = svg('g', { class: 'labels' });
    root.append(edgeLayer, boxLayer, labelLayer);

    const links = store.current(store.links);
    const lat = store.current(store.latency);
    const focus = filters.subnet;

    // subnet pairs, both directions together
    const pairs = new Map();
    const intra = new Map();
    for (const l of links) {
      if (l.level !== 'subnet' || !boxes.has(l.src) || !boxes.has(l.dst)) continue;
      if (l.src === l.dst) { intra.set(l.src, l); continue; }
      const [a, b] = [l.src, l.dst].sort();
      const p = pairs.get(`${a}|${b}`) || { a, b, fwd: 0, drop: 0, p99: null, jitter: null, reasons: {} };
      p.fwd += l.forwarded; p.drop += l.dropped;
      for (const [k, v] of Object.entries(l.drop_reasons || {})) p.reasons[k] = (p.reasons[k] || 0) + v;
      pairs.set(`${a}|${b}`, p);
    }
    for (const w of lat) {
      if (w.level !== 'subnet' || w.kind !== 'tcp_handshake' || w.src === w.dst) continue;
      const [a, b] = [w.src, w.dst].sort();
      const p = pairs.get(`${a}|${b}`);
      if (!p) continue;
      p.p99 = Math.max(p.p99 ?? 0, w.p99_ms ?? 0);
      p.jitter = Math.max(p.jitter ?? 0, w.jitter_ms ?? 0);
    }
    const maxVol = Math.max(1, ...[...pairs.values()].map(p => p.fwd + p.drop));

    if (this.mode === 'subnet') {
      for (const p of pairs.values()) {
        const A = boxes.get(p.a), B = boxes.get(p.b);
        const vol = p.fwd + p.drop, rate = vol ? p.drop / vol : 0;
        const relay = (p.jitter ?? 0) >= JITTER_ALERT_MS || (p.p99 ?? 0) >= P99_ALERT_MS;
        const width = 1.5 + 9 * Math.log10(1 + vol) / Math.log10(1 + maxVol);
        const mx = (A.cx + B.cx) / 2, my = (A.cy + B.cy) / 2;
        const dx = B.cx - A.cx, dy = B.cy - A.cy, len = Math.hypot(dx, dy) || 1;
        const bend = 28;
        const qx = mx - dy / len * bend, qy = my + dx / len * bend;
        const d = `M${A.cx} ${A.cy} Q${qx} ${qy} ${B.cx} ${B.cy}`;
        const dim = focus && p.a !== focus && p.b !== focus;
        const g = svg('g', { class: 'pair', 'data-a': p.a, 'data-b': p.b, opacity: dim ? 0.15 : 1 });
        if (relay) g.append(svg('path', { class: 'edge-halo', d, 'stroke-width': width + 14 }));
        const tip = `${p.a} ↔ ${p.b}\n${num(vol)} events, ${num(p.drop)} dropped (${pct(rate)})`
          + (p.p99 != null ? `\nhandshake p99 ${ms(p.p99)}, jitter ${ms(p.jitter)}` : '')
          + Object.entries(p.reasons).map(([k, v]) => `\n${k}: ${v}`).join('');
        g.append(svg('path', { class: 'edge' + (relay ? ' relay' : ''), d, stroke: relay ? '#ff5cc8' : dropColour(rate),
          'stroke-width': width, 'data-src': p.a, 'data-dst': p.b }, [title(tip)]));
        if (relay) g.append(svg('path', { class: 'edge', d, stroke: dropColour(rate), 'stroke-width': Math.max(1.2, width / 3), opacity: 0.9 }));
        const pick = JSON.stringify({ kind: 'pair', level: 'subnet', a: p.a, b: p.b });
        g.append(svg('path', { class: 'edge-hit', d, 'data-src': p.a, 'data-dst': p.b, 'data-pick': pick }, [title(tip)]));
        edgeLayer.append(g);
        if (p.p99 != null && !dim) {
          const label = relay ? `⚠ p99 ${ms(p.p99)} · jitter ${ms(p.jitter)}` : `p99 ${ms(p.p99)} ± ${ms(p.jitter)}`;
          const lw = label.length * 6.7 + 12;
          const lx = (mx + qx) / 2, ly = (my + qy) / 2;
          const lg = svg('g', { class: 'edge-label' + (relay ? ' relay' : ''), transform: `translate(${lx - lw / 2} ${ly - 9})`,
            'data-pick': pick });
          lg.append(svg('rect', { width: lw, height: 18, rx: 9 }), text(6, 13, label));
          labelLayer.append(lg);
        }
      }
    } else {
      // node links, between the node dots
      const at = new Map();
      for (const b of boxes.values()) for (const [n, p] of b.nodes) at.set(n, p);
      const nodeLinks = links.filter(l => l.level === 'node' && at.has(l.src) && at.has(l.dst) && l.src !== l.dst);
      const maxN = Math.max(1, ...nodeLinks.map(l => l.forwarded + l.dropped));
      for (const l of nodeLinks) {
        const A = at.get(l.src), B = at.get(l.dst);
        const vol = l.forwarded + l.dropped;
        const sa = store.subnetOf(l.src), sb = store.subnetOf(l.dst);
        const dim = focus && sa !== focus && sb !== focus;
        const mx = (A.x + B.x) / 2, my = (A.y + B.y) / 2;
        const dx = B.x - A.x, dy = B.y - A.y, len = Math.hypot(dx, dy) || 1;
        const d = `M${A.x} ${A.y} Q${mx - dy / len * 18} ${my + dx / len * 18} ${B.x} ${B.y}`;
        const e = svg('path', { class: 'node-edge edge', d, stroke: dropColour(l.drop_rate), 'data-src': l.src, 'data-dst': l.dst,
          'stroke-width': 0.8 + 4 * Math.log10(1 + vol) / Math.log10(1 + maxN), opacity: dim ? 0.08 : 0.75,
          'data-pick': JSON.stringify({ kind: 'pair', level: 'node', a: l.src, b: l.dst }) },
          [title(`${l.src} → ${l.dst}\n${num(vol)} events, ${num(l.dropped)} dropped (${pct(l.drop_rate)})`)]);
        edgeLayer.append(e);
      }
    }

    for (const s of subnets) {
      const b = boxes.get(s);
      const inner = intra.get(s);
      const g = svg('g', { class: 'subnet' + (s === 'external' ? ' external' : '') + (focus === s ? ' sel' : '')
        + (focus && focus !== s ? ' dim' : ''), 'data-subnet': s, 'data-pick': JSON.stringify({ kind: 'subnet', subnet: s }) });
      g.append(svg('rect', { class: 'box', x: b.x, y: b.y, width: b.w, height: b.h, rx: 12,
        stroke: inner && inner.drop_rate >= 0.01 ? dropColour(inner.drop_rate) : null }));
      g.append(text(b.x + 12, b.y + 21, s, { class: 'name' }));
      const n = b.nodes.size;
      g.append(text(b.x + 12, b.y + 36, (n ? `${n} node${n > 1 ? 's' : ''}` : '') +
        (inner ? `${n ? ' · ' : ''}${num(inner.forwarded + inner.dropped)} ev inside · ${pct(inner.drop_rate)} drop` : ''), { class: 'sub' }));
      for (const [name, p] of b.nodes) {
        const short = name.startsWith(s + '-') ? name.slice(s.length + 1) : name;
        g.append(svg('g', { class: 'node', 'data-node': name }, [
          svg('circle', { cx: p.x, cy: p.y, r: 9 }), text(p.x - short.length * 3, p.y + 22, short), title(name)]));
      }
      boxLayer.append(g);
    }
    this.container.replaceChildren(root);
    this.svg = root;
  }
}

export function legend(el) {
  el.replaceChildren();
  const items = [['#2fb46c', '< 0.5 %'], ['#e0b23a', '1 %'], ['#f08a3c', '5 %'], ['#f2545b', '≥ 20 % drops']];
  for (const [c, t] of items) {
    const s = document.createElement('span');
    const i = document.createElement('i');
    i.style.background = c;
    s.append(i, t);
    el.append(s);
  }
  const r = document.createElement('span');
  const i = document.createElement('i');
  i.className = 'relay';
  r.append(i, `jitter ≥ ${JITTER_ALERT_MS} ms or p99 ≥ ${P99_ALERT_MS} ms`);
  el.append(r);
}
