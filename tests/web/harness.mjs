// harness.mjs: what the browser tests share: the opening of a test file, the two viewport
// sizes, and audit / until / heading for one page of Debian's chromium.
import { mkdirSync, rmSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

// The opening of a browser test file (tests/web/NAME.mjs URL OUTDIR): its arguments, OUTDIR made
// and cleared of the last run's failure picture (PREFIXfailure.png), and the failures with the
// expect() that counts checks (t.checks) and names the step (step() gives it).
export function testFile(name, prefix, step) {
  const [url, out] = process.argv.slice(2);
  if (!url || !out) {
    console.error(`usage: node tests/web/${name}.mjs URL OUTDIR`);
    process.exit(2);
  }
  mkdirSync(out, { recursive: true });
  rmSync(`${out}/${prefix}failure.png`, { force: true });
  const t = { url, out, failures: [], axeLog: [], checks: 0 };
  t.expect = (cond, what) => {
    t.checks++;
    if (!cond) t.failures.push(`[${step()}] ${what}`);
    return Boolean(cond);
  };
  return t;
}

export const sizes = { phone: { width: 375, height: 667 }, desktop: { width: 1280, height: 800 } };

// Debian's chromium (never a downloaded browser) with one page at the desktop size; a page
// error, a console error (but the 4xx answers a test provokes) or a 5xx answer is a failure.
// contextOpts go to newContext (a locale, say).
export async function openPage({ failures, step, contextOpts = {} }) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: sizes.desktop, ...contextOpts });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.on('pageerror', (e) => failures.push(`[${step()}] page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()))
      failures.push(`[${step()}] console: ${m.text()}`);
  });
  page.on('response', (r) => { if (r.status() >= 500) failures.push(`[${step()}] ${r.status()} from ${r.url()}`); });
  return { browser, page };
}

// opts: {page, out (the screenshot folder), prefix (of the file names), failures (an array the
// test reports), axeLog (an array of axe results), expect (the test's), step: () => the current
// step's name}
export function harness({ page, out, prefix = '', failures, axeLog, expect, step }) {
  const main = page.locator('main');

  // axe at both sizes (serious or critical violations fail), no rendering slip, no sideways
  // scrolling at the phone size, and a full-page screenshot of each.
  async function audit(name) {
    const text = await main.innerText();
    const slip = text.match(/.{0,40}(\[object |undefined|NaN| \? of ).{0,20}/);
    expect(!slip, `${name}: the page shows a rendering slip: "${slip && slip[0]}"`);
    for (const [label, size] of Object.entries(sizes)) {
      await page.setViewportSize(size);
      await page.waitForTimeout(150);
      const r = await new AxeBuilder({ page }).analyze();
      axeLog.push({ page: name, size: label, passes: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help })) });
      for (const v of r.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'))
        failures.push(`[${step()}] axe ${name} (${label}): ${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      if (label === 'phone') {
        const w = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(w <= size.width + 1, `${name}: the page is ${w}px wide at a 375px phone (it scrolls sideways)`);
      }
      await page.screenshot({ path: `${out}/${prefix}${name}-${label}.png`, fullPage: true });
    }
    await page.setViewportSize(sizes.desktop);
  }

  // Polls cond (an async function run here, not in the page: the page's CSP forbids eval).
  async function until(cond, what, timeout = 10000) {
    const end = Date.now() + timeout;
    for (;;) {
      if (await cond()) return true;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await page.waitForTimeout(50);
    }
  }

  // Waits for the page's h1 (exact: the whole text).
  async function heading(text, exact = false) {
    await page.getByRole('heading', { level: 1, name: text, exact }).waitFor();
  }

  return { expect, audit, until, heading };
}

// A checklist screen (main[data-checklist]) asked one question at a time instead, as an owner
// unsure of one item does; does nothing on any other screen.
export async function oneAtATime(page) {
  const main = page.locator('main');
  const cl = await main.getAttribute('data-checklist');
  if (!cl) return;
  await page.locator('#one-at-a-time').click();
  await page.locator('main[data-fact]:not([data-checklist])').waitFor();
}

// "No" to the question shown: the "No" button, or a checklist with nothing ticked ("None of
// these"); waits for the next screen.
export async function answerNo(page) {
  const main = page.locator('main');
  const id = await main.getAttribute('data-fact');
  const cl = await main.getAttribute('data-checklist');
  if (cl) {
    await page.locator('#checklist-next').click();
    await page.locator(`main[data-view], main:not([data-checklist="${cl}"])`).first().waitFor();
  } else {
    await page.getByRole('button', { name: 'No', exact: true }).click();
    await page.locator(`main[data-view], main[data-fact]:not([data-fact="${id}"])`).first().waitFor();
  }
}
