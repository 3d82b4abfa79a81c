// owner_walk.mjs URL OUTDIR: the answer and the journal from an owner's walk (issue 16), in
// Debian's chromium (playwright-core), with axe at a phone (375x667) and a desktop size and
// screenshots in OUTDIR (walk-*.png). Runs after owner_checks.mjs against the same server; its
// cats (Walker, Fifi, Pip) are its own and are removed at the end.
//
//   1. what a cat's journal added to a check is in words ("Age: 9.6 years"), never an id
//      ("age_years = 9.6"), on the screen and on paper
//   2. "1 minute", "1 month": no "1 minutes" on the journal, the Cats list or the answer
//   3. a cause at 99.8 % never reads "100%" (nor one at 0.01 % "0%"), and says how likely in words
//   4. "See a vet today" on a phone: its first screen says what to do now (call ahead, carry
//      the cat in a carrier lined with a towel, gently) and nothing else competes with it
//   5. a "see a vet soon" answer leads with the level, why and what to do, and folds the
//      rest (a cause's evidence, how to do the care, the sources, the answers given); paper
//      unfolds everything
//   6. a one-tap leak, then details timed ten days earlier: "this leak or another one?"; either
//      answer keeps every leak (another: two leaks; that leak: moved, still one)
//   7. a check made with "No cat" is saved to a cat from its answer
//   8. one disclaimer on a page; the Add-a-cat form folded when there are cats
//   9. the server out of reach: said in an owner's words, never "TypeError: Failed to fetch"
//
// Exit status 0 when everything passed, 1 with every failure listed.
import { writeFileSync } from 'node:fs';
import { harness, openPage, sizes, testFile } from './harness.mjs';

let step = 'start';
const t = testFile('owner_walk', 'walk-', () => step);
const { url, out, failures, axeLog, expect } = t;

const { browser, page } = await openPage({ failures, step: () => step, contextOpts: { locale: 'en-US' } });
const main = page.locator('main');
const { audit, heading: h1Of } = harness({ page, out, prefix: 'walk-', failures, axeLog, expect, step: () => step });
const heading = (text) => h1Of(text, true);
const api = (path) => `${url}/api/v1${path}`;
const enc = encodeURIComponent;
const post = (path, body) => fetch(api(path), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const getJson = async (path) => (await fetch(api(path))).json();
const iso = (msAgo) => new Date(Date.now() - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');
const HOUR = 3600e3, DAY = 24 * HOUR;
const ID = /\b[a-z]+_[a-z0-9_]+\b| = /; // a fact id ("age_years") or the journal's "id = value"
const PLURAL_SLIP = /(^|[^\d.,])1 (days|minutes|hours|years|months|weeks|leaks|questions|entries|times|episodes)\b/;
const OFFLINE = 'scoot cannot reach its server. Check that it is still running, then try again.';
const CATS = ['Walker', 'Fifi', 'Pip'];

// A datetime-local value, hours from now, in the page's own zone.
const localIn = (hours) => page.evaluate((h) => {
  const d = new Date(Date.now() + h * 3600e3);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}, hours);

// Starts a check (cat: a name, or '' for no cat) and answers until the answer: yes: the ids
// answered "Yes"; every other safety question "No"; then "See the answer now" at the first
// question that is not a safety question (or "See the full answer" at the "see a vet today" stop).
async function check(cat, { yes = [] } = {}) {
  await page.goto(`${url}/#/check`);
  await heading('Check my cat');
  await page.locator('#cat-pick').selectOption(cat);
  await page.getByRole('button', { name: 'Start the questions' }).click();
  for (let n = 0; n < 60; n++) {
    await page.locator('main[data-fact], main[data-view="result"], main[data-view="urgent-stop"]').first().waitFor();
    const view = await main.getAttribute('data-view');
    if (view === 'result') return;
    if (view === 'urgent-stop' || !(await page.locator('#progress .redflag').count())) {
      // (once the level is settled the page offers the answer first: take it)
      const settled = page.locator('#see-answer-settled');
      if (await settled.count()) await settled.click();
      else await page.getByRole('button', { name: /^See the (full answer|answer now)$/ }).click();
      await page.locator('main[data-view="result"]').waitFor();
      return;
    }
    const id = await main.getAttribute('data-fact');
    const cl = await main.getAttribute('data-checklist');
    if (cl) { // a checklist: tick the ids in yes, the rest "no"
      for (const box of await page.locator('main input[type="checkbox"]').all())
        if (yes.includes(await box.getAttribute('value'))) await box.check();
      await page.locator('#checklist-next').click();
      await page.locator(`main[data-view], main:not([data-checklist="${cl}"])`).first().waitFor();
      continue;
    }
    const yesno = await page.getByRole('button', { name: 'Yes', exact: true }).count();
    if (yesno) await page.getByRole('button', { name: yes.includes(id) ? 'Yes' : 'No', exact: true }).click();
    else await page.getByRole('button', { name: 'Not sure', exact: true }).click();
    await page.locator(`main:not([data-fact="${id}"])`).waitFor();
  }
  throw new Error('the check did not end');
}

// What the page shows and is visible (folded parts are not).
const visibleText = (loc) => loc.evaluateAll((els) => els.filter((e) => e.checkVisibility()).map((e) => e.innerText.trim()));

// One part of the walk: a stop in it (a missing element) is a failure of its own, and the
// parts after it still run.
async function part(fn) {
  try {
    await fn();
  } catch (e) {
    failures.push(`[${step}] stopped: ${e.message.split('\n').slice(0, 4).join(' | ')}`);
    await page.screenshot({ path: `${out}/walk-failure.png`, fullPage: true }).catch(() => {});
    await page.emulateMedia({ media: 'screen' }).catch(() => {});
    await page.setViewportSize(sizes.desktop).catch(() => {});
  }
}

async function run() {
  for (const n of CATS) await fetch(api(`/cats/${n}`), { method: 'DELETE' });
  const kb = await getJson('/kb');

  // Walker: 9.6 years old, two leaks, a soft stool, a warm compress of one minute
  step = 'set up';
  const born = new Date(Date.now() - 9.6 * 365.25 * DAY).toISOString().slice(0, 10);
  expect((await post('/cats', { name: 'Walker', sex: 'female', coat: 'long', birth_date: born, weight_kg: 4.2 })).status === 201, 'adding Walker');
  for (const [kind, data, ago] of [['episode', { amount: 'smear' }, 2 * HOUR], ['episode', { amount: 'smear' }, 3 * DAY],
    ['stool', { score: 5 }, HOUR], ['care', { care: 'warm_compress', minutes: 1 }, HOUR / 2]])
    expect((await post('/cats/Walker/events', { kind, data, t: iso(ago) })).status === 201, `logging ${kind} for Walker`);
  expect((await post('/cats', { name: 'Fifi' })).status === 201, 'adding Fifi');
  expect((await post('/cats', { name: 'Pip', age_years: 0.1 })).status === 201, 'adding Pip');

  // ---- 1, 5: Walker's check (see a vet soon: two leaks): what the journal added, in words;
  // the answer leads with the level, why and what to do, the rest folded
  await part(async () => {
    step = 'journal words';
    await check('Walker');
    const banner = page.locator('[data-level]');
    expect(await banner.getAttribute('data-level') === 'vet_soon', `Walker's check: level ${await banner.getAttribute('data-level')}, expected vet_soon`);
    const added = page.locator('details.journal-added');
    expect(/^What Walker's journal added \(\d+\)$/.test(await added.locator('summary').textContent()), 'the answer does not fold what the journal added');
    await added.locator('summary').click();
    const lines = await added.locator('li').allTextContents();
    const ids = lines.filter((l) => ID.test(l));
    expect(lines.length >= 5 && !ids.length, `what the journal added shows ids: ${JSON.stringify(ids.slice(0, 4))}`);
    expect(lines.some((l) => /^Age: 9\.\d years — from the birth date$/.test(l)), `no "Age: 9.6 years": ${JSON.stringify(lines.slice(0, 4))}`);
    expect(lines.includes('Episodes of leaking, smell or scooting noted in the last 30 days: 2'), `no count of the leaks in words: ${JSON.stringify(lines)}`);
    expect(lines.some((l) => l.startsWith('Stool chart score for the usual stool this week: 5 (Very moist piles')), 'the stool score is not said with its description');
    expect(lines.some((l) => l === 'Is your cat male or female? Female — from the profile'), 'the profile\'s sex is not said as question and answer');
    const answerText = await main.innerText();
    const slip = answerText.match(PLURAL_SLIP);
    expect(!slip, `the answer says "${slip && slip[0]}"`);
    await added.locator('summary').click();

  });

  // ---- after a vet visit the answer leads its care with the vet's plan: the visit and the
  // recheck it booked (Walker, never at the vet, has no such note)
  await part(async () => {
    step = 'after a vet visit';
    expect(!(await page.locator('#vet-plan').isVisible()), 'Walker, never at the vet, has a note of a vet visit');
    expect((await post('/cats', { name: 'Visited', sex: 'male' })).status === 201, 'adding Visited');
    const recheck = new Date(Date.now() + 5 * DAY).toISOString().slice(0, 10);
    expect((await post('/cats/Visited/events', { kind: 'vet_visit', t: iso(DAY), data: { clinic: 'Oak Vets', recheck } })).status === 201, 'logging the vet visit');
    expect((await post('/cats/Visited/events', { kind: 'episode', data: { amount: 'smear' }, t: iso(HOUR) })).status === 201, 'logging a leak');
    // (from another page: the check page lists the cats when it is drawn)
    await page.goto(`${url}/#/cats`);
    await page.getByRole('heading', { level: 1, name: 'Cats' }).waitFor();
    await check('Visited');
    const note = page.locator('#vet-plan');
    await note.waitFor();
    const text = await note.textContent();
    expect(/^Visited saw the vet on .+, and a recheck is booked for .+ at Oak Vets\. Keep to the vet's plan/.test(text),
      `the answer after a vet visit says "${text}"`);
    expect(await page.locator('section[aria-labelledby="care"] #vet-plan').count() === 1, 'the vet visit note is not at the head of what to do');
    await fetch(api('/cats/Visited'), { method: 'DELETE' });
    await page.goto(`${url}/#/cats`);
    await page.getByRole('heading', { level: 1, name: 'Cats' }).waitFor();
    await check('Walker'); // (the parts after this one read Walker's answer)
  });

  await part(async () => {
    step = 'vet soon, folded';
    await page.setViewportSize(sizes.phone);
    await page.waitForTimeout(150);
    const foldedWhat = { '.evidence li': "a cause's evidence", '.care ol.steps li': "a care item's steps", '.sources li': 'the sources',
      '.answers-given li': 'the answers given', '.journal-added li': 'what the journal added' };
    for (const [sel, what] of Object.entries(foldedWhat)) {
      expect(await page.locator(sel).count() > 0, `the answer has no ${what} at all`);
      expect((await visibleText(page.locator(sel))).length === 0, `on the screen, ${what}: not folded`);
    }
    // the first screen: the level, and why, start at once
    await page.evaluate(() => window.scrollTo(0, 0));
    const whyTop = await page.locator('#why').boundingBox();
    expect(whyTop && whyTop.y < sizes.phone.height, `"Why" starts at ${whyTop && whyTop.y}px, below the first phone screen`);
    const tall = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(tall <= 6.5 * sizes.phone.height, `the answer runs ${(tall / sizes.phone.height).toFixed(1)} phone screens`);
    await page.screenshot({ path: `${out}/walk-vet-soon-first-screen.png` });
    await audit('vet-soon');
    await page.emulateMedia({ media: 'print' });
    for (const [sel, what] of Object.entries(foldedWhat)) {
      const n = await page.locator(sel).count();
      expect((await visibleText(page.locator(sel))).length === n, `print: ${what}: still folded`);
    }
    const printed = await page.locator('.journal-added li').allInnerTexts();
    expect(printed.length && !printed.some((l) => ID.test(l)), `print: what the journal added shows ids: ${JSON.stringify(printed.filter((l) => ID.test(l)).slice(0, 3))}`);
    await page.screenshot({ path: `${out}/walk-vet-soon-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize(sizes.desktop);

  });

  // ---- 8: one disclaimer on a page
  await part(async () => {
    step = 'one disclaimer';
    const disclaimers = async () => page.evaluate((kbText) => [...document.querySelectorAll('main p, footer p')]
      .filter((p) => p.checkVisibility() && /does not replace/.test(p.textContent)).map((p) => p.textContent), kb.disclaimer);
    let said = await disclaimers();
    expect(said.length === 1 && said[0] === kb.disclaimer, `the answer says ${said.length} disclaimers: ${JSON.stringify(said)}`);
    await page.goto(`${url}/#/check`);
    await heading('Check my cat');
    said = await disclaimers();
    expect(said.length === 1, `the check's start page says ${said.length} disclaimers`);
    await page.goto(`${url}/#/today`);
    await heading('Today');
    said = await disclaimers();
    expect(said.length === 1, `Today says ${said.length} disclaimers (the footer's is its only one)`);

  });

  // ---- 8, 2: the Add-a-cat form is folded when there are cats; "1 month", not "1 months"
  await part(async () => {
    step = 'cats';
    await page.goto(`${url}/#/cats`);
    await heading('Cats');
    const nameBox = page.getByLabel('Name (required)');
    expect(!(await nameBox.isVisible()), 'the Add-a-cat form is open although there are cats');
    await page.locator('#add-cat-fold summary').click();
    expect(await nameBox.isVisible(), '"Add another cat" does not open the form');
    const pip = await page.locator('li.cat').filter({ has: page.getByRole('heading', { name: 'Pip' }) }).innerText();
    expect(/\b1 month\b/.test(pip) && !/1 months/.test(pip), `Pip's age reads "${pip}"`);
    await audit('cats');

  });

  // ---- 2: the journal says "1 minute"
  await part(async () => {
    step = 'journal plurals';
    await page.goto(`${url}/#/journal/Walker`);
    await heading("Walker's journal");
    const careLine = await page.locator('#timeline li.event').filter({ hasText: 'Done: Warm compress' }).first().innerText();
    expect(/\(1 minute\)/.test(careLine), `a care of one minute reads "${careLine}"`);

  });

  // ---- 3: a cause at 99.8 % is not certain, one at 0.01 % not impossible
  await part(async () => {
    step = 'likelihood';
    const fear = await post('/cats/Fifi/assess', { cat: {}, findings: { discharge_seen: true, startled_recently: true, fear_signs: true }, history: { all_episodes_after_fright: true } });
    const fearRes = (await fear.json()).result;
    expect(fear.status === 201 && fearRes.causes[0].score > 0.995 && fearRes.causes.some((c) => c.score < 0.005),
      `the test case no longer has a cause above 99.5 % and one below 0.5 %: ${fearRes.causes.slice(0, 2).map((c) => c.score)}`);
    await page.goto(`${url}/#/journal/Fifi`);
    await heading("Fifi's journal");
    await page.getByRole('button', { name: /^Show the answer of the check on / }).first().click();
    await heading('Fifi: the answer');
    const figures = await page.locator('#causes ~ * .score, section[aria-labelledby="causes"] .score').allTextContents();
    const certain = figures.filter((f) => /(^|[^\d.])(100|0)\s?%/.test(f));
    expect(figures.length > 3 && !certain.length, `causes shown as certain or impossible: ${JSON.stringify(certain)}`);
    const first = await page.locator('.cause').first().locator('.likelihood').innerText();
    expect(/^Most likely · more than 95%$/.test(first), `the first cause reads "${first}"`);
    const words = await page.locator('.cause .likelihood .words').allTextContents();
    expect(words.every((w) => ['Most likely', 'Likely', 'Possible', 'Less likely'].includes(w)), `likelihood words: ${JSON.stringify(words)}`);
    const intro = await page.locator('section[aria-labelledby="causes"] > p.muted').first().textContent();
    expect(!/100\s?%/.test(intro), `the causes' introduction says "${intro}"`);
    await page.emulateMedia({ media: 'print' });
    const printedFigures = await page.locator('section[aria-labelledby="causes"] .score').allInnerTexts();
    expect(!printedFigures.some((f) => /(^|[^\d.])(100|0)\s?%/.test(f)), `print: causes shown as certain or impossible: ${JSON.stringify(printedFigures)}`);
    await page.emulateMedia({ media: 'screen' });

  });

  // ---- 4, 7: "See a vet today" with no cat: the first phone screen says what to do now;
  // then the check is saved to Fifi from its answer
  await part(async () => {
    step = 'urgent';
    await page.setViewportSize(sizes.phone);
    await check('', { yes: ['straining', 'no_urine_output'] });
    expect(await page.locator('[data-level]').getAttribute('data-level') === 'urgent', 'straining with no urine is not urgent');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(150);
    const now = page.locator('#do-now');
    const box = await now.boundingBox();
    expect(box && box.y + box.height <= sizes.phone.height, `what to do now ends at ${box && Math.round(box.y + box.height)}px, below the first phone screen (667px)`);
    const nowText = await now.innerText();
    expect(/call/i.test(nowText) && /carrier/.test(nowText) && /towel/.test(nowText) && /gently/.test(nowText) && /do not (squeeze|press on) its rear/.test(nowText),
      `what to do now does not say to call ahead and carry the cat safely: "${nowText}"`);
    // nothing else on the first screen: the headings there are the level's and what to do now's
    const firstScreen = await page.evaluate((h) => [...document.querySelectorAll('main h2, main h3, main summary, main .card, main .safety-open')]
      .filter((e) => e.checkVisibility() && e.getBoundingClientRect().top < h).map((e) => e.id || e.className || e.textContent), sizes.phone.height);
    // (the reasons may start under it: they are why it is urgent)
    expect(firstScreen.every((x) => ['level-label', 'do-now-title', 'why'].includes(x)), `on the first phone screen beside what to do now: ${JSON.stringify(firstScreen)}`);
    expect((await visibleText(page.locator('.care ol.steps li'))).length === 0, 'the care steps are not folded on an urgent answer');
    await page.screenshot({ path: `${out}/walk-urgent-first-screen.png` });
    await audit('urgent');

  });

  await part(async () => {
    step = 'save to a cat';
    const before = (await getJson('/cats/Fifi/assessments')).length;
    const save = page.locator('#save-check');
    await save.waitFor();
    await page.locator('#save-cat').selectOption('Fifi');
    await page.locator('#save-to-cat').click();
    await heading('Fifi: the answer');
    const stored = await getJson('/cats/Fifi/assessments');
    expect(stored.length === before + 1, `saving to Fifi stored ${stored.length - before} checks`);
    const latest = stored.reduce((a, b) => (a.id > b.id ? a : b), stored[0]);
    const level = latest && (latest.level || (latest.data && latest.data.result && latest.data.result.triage.level) || (latest.result && latest.result.triage.level));
    expect(level === 'urgent', `the check saved to Fifi is "${level}", not the urgent one shown`);
    expect(await page.locator('#saved-note').isVisible(), 'the answer does not say it was saved');
    expect(await page.locator('#save-check').count() === 0, 'the saved answer still offers to save it');
    await audit('urgent-saved');
    // a reload shows Fifi's answer, not the no-cat one with its offer to save it again
    await page.reload();
    await page.locator('main[data-view="result"]').waitFor();
    expect((await page.locator('h1').textContent()).startsWith('Fifi'), `after a reload the saved answer reads "${await page.locator('h1').textContent()}"`);
    expect(await page.locator('#save-check').count() === 0, 'after a reload the saved answer offers to save it again');
    expect((await getJson('/cats/Fifi/assessments')).length === before + 1, 'the reload stored the check again');
    await page.setViewportSize(sizes.desktop);

  });

  // ---- 6: a one-tap leak, then details ten days earlier: this leak, or another one?
  await part(async () => {
    step = 'leak: another';
    const leaks = async () => (await getJson('/cats/Walker/events?kind=episode')).events;
    await page.goto(`${url}/#/journal/Walker`);
    await heading("Walker's journal");
    let n0 = (await leaks()).length;
    await page.getByRole('button', { name: 'Log a leak now' }).click();
    await page.locator('#leak-msg').filter({ hasText: 'Leak logged' }).waitFor();
    const details = page.getByText('Add details: amount, look, what happened (optional)');
    await details.click();
    await page.locator('#ep-when').fill(await localIn(-240));
    await page.getByRole('button', { name: /^Add these details to the leak logged at / }).click();
    const which = page.locator('#leak-which');
    await which.filter({ hasText: 'another one' }).waitFor({ timeout: 3000 }).catch(() => {});
    expect(/that leak, or about another one/.test(await which.innerText().catch(() => '')), 'details ten days from the one-tap leak are not asked about');
    await audit('leak-which');
    await page.locator('#leak-other').click();
    await page.locator('#leak-msg').filter({ hasText: /^Leak logged for / }).waitFor();
    let evs = await leaks();
    expect(evs.length === n0 + 2, `a one-tap leak and another one ten days earlier made ${evs.length - n0} leaks, not 2`);
    expect(evs.filter((e) => Math.abs(Date.now() - Date.parse(e.t) - 10 * DAY) < HOUR).length === 1, 'the other leak is not timed ten days ago');

    step = 'leak: that one';
    n0 = evs.length;
    await page.getByRole('button', { name: 'Log a leak now' }).click();
    await page.locator('#leak-msg').filter({ hasText: 'Leak logged' }).waitFor();
    const tappedId = (await leaks()).reduce((a, b) => (a.id > b.id ? a : b)).id;
    await details.click();
    await page.locator('#ep-when').fill(await localIn(-241));
    await page.getByRole('button', { name: /^Add these details to the leak logged at / }).click();
    await page.locator('#leak-same').click();
    await page.locator('#leak-msg').filter({ hasText: /^Details added to the leak, which is now timed / }).waitFor();
    evs = await leaks();
    const moved = evs.find((e) => e.id === tappedId);
    expect(evs.length === n0 + 1, `a one-tap leak moved ten days back made ${evs.length - n0} leaks, not 1`);
    expect(moved && Math.abs(Date.now() - Date.parse(moved.t) - (10 * DAY + HOUR)) < HOUR, `the leak was not moved ten days back: ${moved && moved.t}`);
    // details without a time, or near the tap, go to the tapped leak without a question
    n0 = evs.length;
    await page.getByRole('button', { name: 'Log a leak now' }).click();
    await page.locator('#leak-msg').filter({ hasText: 'Leak logged' }).waitFor();
    await details.click();
    await page.getByRole('button', { name: /^Add these details to the leak logged at / }).click();
    await page.locator('#leak-msg').filter({ hasText: /^Details added to the leak logged at / }).waitFor();
    expect((await leaks()).length === n0 + 1, 'details without a time made a second leak');
    expect(!(await which.isVisible()), 'details without a time were asked about');

  });

  // ---- 9: the server out of reach
  await part(async () => {
    step = 'offline';
    const ctx = await browser.newContext({ viewport: sizes.phone, locale: 'en-US' });
    const off = await ctx.newPage();
    const errors = [];
    off.on('pageerror', (e) => errors.push(e.message));
    await off.goto(`${url}/#/journal/Walker`);
    await off.getByRole('heading', { level: 1, name: "Walker's journal" }).waitFor();
    await off.route('**/api/v1/**', (r) => r.abort('connectionrefused'));
    await off.getByRole('button', { name: 'Log a leak now' }).click();
    const leakErr = off.locator('.leak .error').filter({ hasText: /\S/ });
    await leakErr.waitFor();
    expect(await leakErr.textContent() === OFFLINE, `a leak logged with the server out of reach says "${await leakErr.textContent()}"`);
    await off.goto(`${url}/#/cats`);
    await off.locator('main .error').filter({ hasText: /\S/ }).waitFor();
    const offText = await off.locator('main').innerText();
    expect(offText.includes(OFFLINE), `a page with the server out of reach says "${offText.slice(0, 200)}"`);
    expect(!/TypeError|Failed to fetch|NetworkError|Something went wrong/.test(offText), `programmer words with the server out of reach: "${offText.slice(0, 200)}"`);
    await off.screenshot({ path: `${out}/walk-offline-phone.png`, fullPage: true });
    // "Try again" is a full-size tap target, and it asks again: once the server answers, the page
    const again = off.getByRole('button', { name: 'Try again', exact: true });
    const box = await again.boundingBox();
    expect(box && box.height >= 44, `"Try again" is ${box && box.height}px tall, under a 44px tap target`);
    await off.unroute('**/api/v1/**');
    await again.click();
    await off.getByRole('heading', { level: 1, name: 'Cats' }).waitFor();
    expect(!errors.length, `page errors with the server out of reach: ${errors.join('; ')}`);
    // a check whose next question cannot be chosen (the server gone mid-check) says so in the
    // owner's words, and goes on once it answers again
    step = 'offline check';
    await off.goto(`${url}/#/check`);
    await off.locator('#cat-pick').selectOption('');
    await off.getByRole('button', { name: 'Start the questions' }).click();
    await off.locator('main[data-fact="straining"]').waitFor();
    await off.route('**/api/v1/assess**', (r) => r.abort('connectionrefused'));
    await off.locator('#checklist-next').click(); // (the litter box: none of these)
    await off.getByRole('heading', { level: 1, name: 'The next question could not be chosen' }).waitFor();
    const stuck = await off.locator('main').innerText();
    expect(stuck.includes(OFFLINE) && !/TypeError|Failed to fetch/.test(stuck), `a check with the server gone reads "${stuck.slice(0, 200)}"`);
    await off.unroute('**/api/v1/assess**');
    await off.getByRole('button', { name: 'Try again', exact: true }).click();
    await off.locator('main[data-fact]').waitFor();
    expect(await off.locator('main').getAttribute('data-fact') !== 'straining', 'after Try again the check asked the answered question again');
    await ctx.close();

  });

  step = 'clean up';
  for (const n of CATS) await fetch(api(`/cats/${n}`), { method: 'DELETE' });
}

try {
  await run();
} catch (e) {
  failures.push(`[${step}] stopped: ${e.message.split('\n').slice(0, 4).join(' | ')}`);
  await page.screenshot({ path: `${out}/walk-failure.png`, fullPage: true }).catch(() => {});
}
await browser.close();
writeFileSync(`${out}/walk-axe.json`, JSON.stringify(axeLog, null, 1));
if (failures.length) {
  console.error(`owner walk FAILED (${failures.length} of ${t.checks} checks, or a stop):\n  ` + failures.join('\n  '));
  process.exit(1);
}
console.log(`owner walk: ok (${t.checks} checks: journal facts in words, plurals, likelihood, urgent first screen, folded answer and its printout, one-tap leak and its details, saving a check to a cat, one disclaimer, the server out of reach; screenshots walk-*.png in ${out})`);
