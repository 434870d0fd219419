// Drives Debian's headless Chromium (never a downloaded browser) against a running console:
//   node console-e2e.mjs URL SCREENSHOT.png
// Checks: the page loads without a script error and fetches nothing from elsewhere, the five
// subnets of the default model are on the map, an alert shows FIRING and later RESOLVED, a click
// on a link opens its chart. Saves the overview to SCREENSHOT and the open chart beside it.
import { chromium } from 'playwright-core';

const [url, screenshot] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error('usage: node console-e2e.mjs URL SCREENSHOT.png');
  process.exit(2);
}
const SUBNETS = ['lab-a', 'lab-b', 'lab-c', 'cloud-d', 'edge-e'];
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const started = Date.now();
const log = m => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${m}`);

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const errors = [];
const foreign = [];
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1680, height: 1050 } });
  const origin = new URL(url).origin;
  page.on('pageerror', e => errors.push(`page error: ${e.message}`));
  page.on('console', m => { if (m.type() === 'error') errors.push(`console error: ${m.text()}`); });
  page.on('request', r => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url()); });

  await page.goto(url, { waitUntil: 'load' });
  log(`loaded ${url}`);

  await page.waitForFunction(names => names.every(n => document.querySelector(`#map g.subnet[data-subnet="${n}"]`)),
    SUBNETS, { timeout: 60_000 });
  log(`map shows ${SUBNETS.join(', ')}`);

  // an alert that fires, and later resolves: whichever of the faults does so first
  await page.waitForSelector('#alerts li.alert[data-state="FIRING"]', { timeout: 150_000 });
  const resolved = await page.waitForFunction(() => {
    const firing = new Set([...document.querySelectorAll('#alerts li.alert[data-state="FIRING"]')].map(li => li.dataset.id));
    const li = [...document.querySelectorAll('#alerts li.alert[data-state="RESOLVED"]')]
      .find(r => firing.has(r.dataset.id));
    return li && li.dataset.id;
  }, null, { timeout: 150_000, polling: 250 });
  const id = await resolved.jsonValue();
  log(`FIRING ${id}`);
  log(`RESOLVED ${id}`);

  // a relayed, jittery pair must stand out on the map
  await page.waitForSelector('#map path.edge.relay', { timeout: 30_000 });
  await page.waitForSelector('#matrix td.cell', { timeout: 30_000 });
  await page.screenshot({ path: screenshot, fullPage: true });
  log(`screenshot ${screenshot}`);

  // a real mouse click on a line of the map opens its chart
  let opened = false;
  for (let attempt = 0; attempt < 8 && !opened; attempt++) {
    const point = await page.evaluate(() => {
      const path = document.querySelector('#map path.edge-hit[data-src="edge-e"], #map path.edge-hit[data-dst="edge-e"]')
        || document.querySelector('#map path.edge-hit');
      if (!path) return null;
      const p = path.getPointAtLength(path.getTotalLength() * 0.3);
      const m = path.getScreenCTM();
      return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
    });
    if (point) await page.mouse.click(point.x, point.y);
    opened = await page.waitForSelector('#detail:not([hidden]) svg.chart', { timeout: 2_000 }).then(() => true, () => false);
  }
  if (!opened) throw new Error('a click on a map link did not open its chart');
  const title = await page.textContent('#detail-title');
  log(`chart open: ${title}`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: screenshot.replace(/\.png$/, '-detail.png'), fullPage: false });

  if (!page.url().includes('sel=')) throw new Error(`the URL does not keep the selection: ${page.url()}`);
} catch (e) {
  failed = true;
  console.error(`FAILED: ${e.message}`);
} finally {
  await browser.close();
}
if (errors.length) {
  failed = true;
  console.error(errors.join('\n'));
}
if (foreign.length) {
  failed = true;
  console.error(`requests to other origins: ${foreign.join(', ')}`);
}
console.log(failed ? 'browser test failed' : 'browser test passed');
process.exit(failed ? 1 : 0);
