// The page's copy of the console's history: windows per key, alerts, stats and the node inventory.
// Everything arrives as events (the snapshot is a batch of them), so one code path fills it.

const PER_KEY = 90;      // windows kept per link / DNS client / latency pair
const ALERTS = 3000;
const STATS = 400;

export class Store {
  constructor() { this.reset(); }

  reset() {
    this.links = new Map();     // "level|src|dst" -> [window...] oldest first
    this.latency = new Map();   // "level|kind|src|dst" -> [window...]
    this.dns = new Map();       // client -> [window...]
    this.alerts = [];           // state changes in arrival order
    this.stats = [];
    this.nodes = new Map();     // name -> node
    this.latestEnd = 0;         // newest window end seen
    this.windowMs = 60000;
    this.lastId = null;
    this.meta = {};
  }

  loadSnapshot(snap) {
    this.reset();
    this.meta = snap.meta || {};
    for (const n of snap.nodes || []) this.nodes.set(n.name, n);
    for (const e of snap.events || []) this.apply(e.type, e.data);
    this.lastId = snap.last_id;
  }

  apply(type, d) {
    switch (type) {
      case 'window': return this.window(d);
      case 'alert': return this.alert(d);
      case 'stats': return this.stat(d);
      case 'node':
        if (d.removed) this.nodes.delete(d.name); else this.nodes.set(d.name, d);
        return;
    }
  }

  window(d) {
    let map, key;
    if (d.record === 'link') { map = this.links; key = `${d.level}|${d.src}|${d.dst}`; }
    else if (d.record === 'latency') { map = this.latency; key = `${d.level}|${d.kind}|${d.src}|${d.dst}`; }
    else if (d.record === 'dns') { map = this.dns; key = d.client; }
    else return;
    let list = map.get(key);
    if (!list) { list = []; map.set(key, list); }
    // windows arrive in order per key; a backfilled or repeated one is put in its place
    let i = list.length;
    while (i > 0 && list[i - 1].window_start > d.window_start) i--;
    if (i > 0 && list[i - 1].window_start === d.window_start) list[i - 1] = d; else list.splice(i, 0, d);
    if (list.length > PER_KEY) list.splice(0, list.length - PER_KEY);
    if (d.window_end > this.latestEnd) this.latestEnd = d.window_end;
    const w = d.window_end - d.window_start;
    if (w > 0) this.windowMs = w;
  }

  alert(a) {
    this.alerts.push(a);
    if (this.alerts.length > ALERTS) this.alerts.splice(0, this.alerts.length - ALERTS);
  }

  stat(s) {
    this.stats.push(s);
    if (this.stats.length > STATS) this.stats.splice(0, this.stats.length - STATS);
  }

  // newest window of each key that is recent (within two windows of the newest one seen)
  current(map) {
    const out = [];
    const horizon = this.latestEnd - 2 * this.windowMs;
    for (const list of map.values()) {
      const last = list[list.length - 1];
      if (last && last.window_end > horizon) out.push(last);
    }
    return out;
  }

  subnetOf(node) {
    const n = this.nodes.get(node);
    return n ? n.subnet : null;
  }

  subnets() {
    const names = new Set();
    for (const n of this.nodes.values()) if (n.subnet && n.subnet !== 'unknown') names.add(n.subnet);
    for (const l of this.links.values()) {
      const d = l[l.length - 1];
      if (d.level === 'subnet') { names.add(d.src); names.add(d.dst); }
    }
    names.delete('unknown');
    return [...names].sort((a, b) => (a === 'external') - (b === 'external') || a.localeCompare(b));
  }

  namespaces() {
    const out = new Set();
    for (const l of this.links.values()) {
      const d = l[l.length - 1];
      if (d.level === 'workload') for (const w of [d.src, d.dst]) if (w.includes('/')) out.add(w.split('/')[0]);
    }
    for (const c of this.dns.keys()) if (c.includes('/')) out.add(c.split('/')[0]);
    return [...out].sort();
  }

  // alert ids with their state changes, newest first by last change
  alertStories() {
    const byId = new Map();
    for (const a of this.alerts) {
      let s = byId.get(a.id);
      if (!s) { s = { id: a.id, kind: a.kind, subject: a.subject, changes: [] }; byId.set(a.id, s); }
      s.changes.push(a);
    }
    return [...byId.values()];
  }
}
