// today_vet.mjs URL OUTDIR: the Today page once a vet visit is in the journal (issue 16, "the
// owner's walk"), checked in Debian's chromium (playwright-core, never a downloaded browser),
// with axe-core at a phone and a desktop size and full-page screenshots in OUTDIR (vet-*.png).
// Runs after journey.mjs and owner_checks.mjs against the same server; its cats are its own
// (Vetted, Rechecked) and are removed at the end.
//
//   1. a check that asked for a vet, then a vet visit that booked a recheck and gave a medicine:
//      Today follows the vet's plan (the medicine's doses, "Coming up: a recheck"), not the
//      check's compress and cleaning, and no longer says to book the vet visit
//   2. a vet visit that booked a recheck, then a check that asks for a vet in a day or two: the
//      visit is booked already, so Today says to call the clinic if the recheck is later,
//      never "Book the vet visit if you have not yet"
//
// Exit status 0 when everything passed, 1 with every failure listed.
import { writeFileSync } from 'node:fs';
import { harness, openPage, testFile } from './harness.mjs';

let step = 'start';
const t = testFile('today_vet', 'vet-', () => step);
const { url, out, failures, axeLog, expect } = t;

const { browser, page } = await openPage({ failures, step: () => step, contextOpts: { locale: 'en-US' } });
const { audit, heading } = harness({ page, out, prefix: 'vet-', failures, axeLog, expect, step: () => step });
const api = (path) => `${url}/api/v1${path}`;
const enc = encodeURIComponent;
const send = async (method, path, body) => {
  const r = await fetch(api(path), { method, headers: { 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  if (r.status >= 300) throw new Error(`${method} ${path} answered ${r.status}: ${await r.text()}`);
  return r.json();
};
const CATS = ['Vetted', 'Rechecked'];

// a check that asks for a vet in a day or two, and plans a warm compress and cleaning
const CASE = {
  cat: {},
  findings: { discharge_seen: true, discharge_repeated: true, scooting: true, pain_on_touch: false, swelling: false,
    not_eating: false, straining: false, fever: false, lethargy: false, redness: false },
  history: { episodes_last_30_days: 2 },
};

// The local date (YYYY-MM-DD) days from today, as the date box of the vet visit gives it.
function dayFromToday(days) {
  const d = new Date(Date.now() + days * 86400e3);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// The section of the Today page for cat, and its text.
async function section(cat) {
  const s = page.locator('section.part', { has: page.getByRole('heading', { level: 2, name: cat, exact: true }) });
  await s.waitFor();
  return { s, text: (await s.innerText()).replace(/\s+/g, ' ') };
}

// (from another page: the same address again would not draw the page anew)
async function openToday() {
  await page.goto(`${url}/#/cats`);
  await heading('Cats', true);
  await page.goto(`${url}/#/today`);
  await heading('Today', true);
  await page.locator('#due').waitFor();
}

async function run() {
  const probe = await fetch(`${url}/js/today.js`);
  if (!probe.ok) throw new Error(`${url}/js/today.js answers ${probe.status}: this server was built with an older web/`);
  for (const n of CATS) await fetch(api(`/cats/${enc(n)}`), { method: 'DELETE' });

  // ---- 1: check, then the vet visit: the vet's plan is what is due
  step = 'visit after the check';
  await send('POST', '/cats', { name: 'Vetted' });
  const res = (await send('POST', '/cats/Vetted/assess?texts=brief', CASE)).result || {};
  expect(res.triage && res.triage.level === 'vet_soon', `the check of Vetted said ${res.triage && res.triage.level}, not vet_soon`);
  expect((res.care || []).some((c) => c.id === 'warm_compress'), 'the check of Vetted planned no warm compress');
  await openToday();
  let { text } = await section('Vetted');
  expect(/Warm compress/.test(text) && /Book the vet visit if you have not yet/.test(text),
    `before the visit, Today does not give the check's compress and its "book the vet visit": "${text}"`);

  const recheck = dayFromToday(7);
  await send('POST', '/cats/Vetted/events', { kind: 'vet_visit', data: { clinic: 'Oak Vets', treatment: 'glands emptied', recheck } });
  await send('POST', '/cats/Vetted/events', { kind: 'medicine', data: { name: 'Clavamox', dose: '1 tablet', times_per_day: 2, days: 7 } });
  await openToday();
  ({ text } = await section('Vetted'));
  expect(!/Book the vet visit/.test(text), `after the vet visit, Today still says to book it: "${text}"`);
  expect(/Coming up: a recheck with the vet at Oak Vets on /.test(text), `no "Coming up: a recheck" after the visit: "${text}"`);
  expect(/Clavamox 1 tablet/.test(text), `the medicine the vet gave is not due on Today: "${text}"`);
  expect(!/Warm compress|Clean the area/.test(text), `the check's compress or cleaning is still due after the vet visit: "${text}"`);
  expect(!/missed on earlier days/.test(text), `Today counts missed care after the vet visit: "${text}"`);
  expect(/The vet visit of [A-Z][a-z]+, [A-Z][a-z]+ \d+ came after the check of [A-Z][a-z]+, [A-Z][a-z]+ \d+: do what the vet said; the check's home care is no longer listed\./.test(text),
    `Today does not say why the check's care is gone: "${text}"`);
  const due = await send('GET', '/due?cat=Vetted');
  expect(due.length === 1 && due[0].kind === 'medicine', `GET /due after the visit: ${JSON.stringify(due.map((d) => d.item))}`);
  await audit('today-after-visit');

  // ---- 2: the vet visit (a recheck booked), then a check that asks for a vet in a day or two
  step = 'check after the visit';
  await send('POST', '/cats', { name: 'Rechecked' });
  await send('POST', '/cats/Rechecked/events', { kind: 'vet_visit', t: new Date(Date.now() - 2 * 3600e3).toISOString(),
    data: { clinic: 'Elm Clinic', recheck: dayFromToday(10) } });
  const res2 = (await send('POST', '/cats/Rechecked/assess?texts=brief', CASE)).result || {};
  expect(res2.triage && res2.triage.level === 'vet_soon', `the check of Rechecked said ${res2.triage && res2.triage.level}`);
  await openToday();
  ({ text } = await section('Rechecked'));
  expect(!/Book the vet visit if you have not yet/.test(text), `a booked recheck, and Today says to book the vet visit: "${text}"`);
  expect(/Coming up: a recheck with the vet at Elm Clinic on /.test(text), `no "Coming up" for Rechecked: "${text}"`);
  expect(/A recheck is booked for .*: call Elm Clinic and ask whether to come sooner/.test(text),
    `Today does not say to ask the clinic for a sooner visit: "${text}"`);
  // (the check came after the visit: its care is what to do until then)
  expect(/Warm compress/.test(text), `the care of the check made after the visit is not on Today: "${text}"`);
  await audit('today-check-after-visit');

  step = 'clean up';
  for (const n of CATS) await fetch(api(`/cats/${enc(n)}`), { method: 'DELETE' });
}

try {
  await run();
} catch (e) {
  failures.push(`[${step}] stopped: ${e.message.split('\n').slice(0, 4).join(' | ')}`);
  await page.screenshot({ path: `${out}/vet-failure.png`, fullPage: true }).catch(() => {});
  for (const n of CATS) await fetch(api(`/cats/${enc(n)}`), { method: 'DELETE' }).catch(() => {});
}
await browser.close();
writeFileSync(`${out}/vet-axe.json`, JSON.stringify(axeLog, null, 1));
if (failures.length) {
  console.error(`today after a vet visit FAILED (${failures.length} of ${t.checks} checks, or a stop):\n  ` + failures.join('\n  '));
  process.exit(1);
}
console.log(`today after a vet visit: ok (${t.checks} checks: the vet's plan after a visit, a booked recheck before a check; axe clean on ${new Set(axeLog.map((a) => a.page)).size} pages x 2 sizes; screenshots vet-*.png in ${out})`);
