// record.mjs URL OUTDIR: the record leaves scoot, from the web app (issue 20): the report for the
// vet from a cat's journal and from a saved cat's answer, the calendar of its plan, a copy of the
// journal saved and restored, an entry edited, and the charts' ideal band, baseline, vet and
// medicine marks and single point. Debian's chromium (playwright-core), axe at a phone and a
// desktop size, screenshots rec-*.png in OUTDIR. Its cats (Pip, Pip two) are its own.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { harness, openPage, testFile } from './harness.mjs';

let step = 'start';
const t = testFile('record', 'rec-', () => step);
const { url, out, failures, axeLog, expect } = t;
const { browser, page } = await openPage({ failures, step: () => step, contextOpts: { locale: 'en-GB', acceptDownloads: true } });
const { audit, heading, until } = harness({ page, out, prefix: 'rec-', failures, axeLog, expect, step: () => step });
const api = (path) => `${url}/api/v1${path}`;
const enc = encodeURIComponent;
const send = async (method, path, body) => {
  const r = await fetch(api(path), { method, headers: { 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  if (r.status >= 300) throw new Error(`${method} ${path} answered ${r.status}: ${await r.text()}`);
  return r.status === 204 ? null : r.json();
};
const CATS = ['Pip', 'Pip two'];
const text = async (loc) => (await loc.innerText()).replace(/\s+/g, ' ');
const ago = (h) => new Date(Date.now() - h * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');

async function go(hash, title) {
  await page.goto(`${url}/#/cats`);
  await heading('Cats', true);
  if (hash === '#/cats') return;
  await page.goto(`${url}/${hash}`);
  await heading(title, true);
}

async function run() {
  for (const n of CATS) await fetch(api(`/cats/${enc(n)}`), { method: 'DELETE' });
  await send('POST', '/cats', { name: 'Pip', weight_kg: 4.2 });

  // ---- charts: one weighing, the stool band, the vet and medicine marks
  step = 'charts';
  await send('POST', '/cats/Pip/events', { kind: 'weight', t: ago(50), data: { kg: 4.3 } });
  await send('POST', '/cats/Pip/events', { kind: 'stool', t: ago(72), data: { score: 3 } });
  await send('POST', '/cats/Pip/events', { kind: 'stool', t: ago(30), data: { score: 5 } });
  await send('POST', '/cats/Pip/events', { kind: 'episode', t: ago(60), data: { amount: 'spot' } });
  await send('POST', '/cats/Pip/events', { kind: 'vet_visit', t: ago(26), data: { clinic: 'Oak Vets' } });
  await send('POST', '/cats/Pip/events', { kind: 'medicine', data: { name: 'Clavamox', times_per_day: 2, days: 5 } });
  await go('#/charts/Pip', 'Pip: charts');
  const weight = await text(page.locator('#chart-weight').locator('xpath=ancestor::section'));
  expect(/One weighing so far/.test(weight), `the weight chart does not say it is one weighing: "${weight}"`);
  expect(await page.locator('#chart-weight .baseline line').count() === 1 && /usual weight from the profile, 4\.2 kg/.test(weight),
    `the weight chart has no baseline at the profile's 4.2 kg: "${weight}"`);
  expect(await page.locator('#chart-stool .band rect').count() === 1, 'the stool chart has no ideal band');
  expect(/ideal, 2 to 3 on the Purina chart/.test(await text(page.locator('#chart-stool').locator('xpath=..'))), 'the stool chart does not say what the band is');
  for (const c of ['leaks', 'stool', 'weight'])
    expect(await page.locator(`#chart-${c} .mark-vet`).count() === 1 && await page.locator(`#chart-${c} .mark-medicine`).count() === 1,
      `the ${c} chart does not mark the vet visit and the medicine`);
  expect(/2 stool scores from/.test(await text(page.locator('#chart-stool').locator('xpath=..'))), 'the stool chart does not count its scores in words');
  await audit('charts');

  // ---- the journal: the report for the vet, the calendar, an entry edited
  step = 'journal';
  await go('#/journal/Pip', "Pip's journal");
  const print = page.getByRole('link', { name: 'Print for the vet' });
  expect(await print.getAttribute('href') === '/api/v1/cats/Pip/report.html', `"Print for the vet" goes to ${await print.getAttribute('href')}`);
  const pdf = page.getByRole('link', { name: 'Download the PDF' });
  expect(await pdf.getAttribute('href') === '/api/v1/cats/Pip/report.pdf', 'no "Download the PDF" link to report.pdf');
  const [popup] = await Promise.all([page.waitForEvent('popup'), print.click()]);
  await popup.waitForLoadState();
  expect(/Pip/.test(await popup.locator('body').innerText()), 'the report for the vet does not open with the cat in it');
  await popup.screenshot({ path: `${out}/rec-report.png`, fullPage: true });
  await popup.close();
  const cal = page.getByRole('link', { name: 'Add reminders to your calendar' });
  await cal.waitFor();
  expect(await cal.getAttribute('href') === '/api/v1/cats/Pip/plan.ics', 'the calendar link is not plan.ics');
  const calWhat = await text(page.locator('.calendar-what'));
  expect(/Clavamox/.test(calWhat), `the calendar's line does not say what it holds: "${calWhat}"`);

  step = 'edit';
  const wli = page.locator('#timeline li.kind-weight');
  await wli.getByRole('button', { name: /^Edit: Weight 4\.3 kg/ }).click();
  const form = page.locator('form.edit-entry');
  await form.waitFor();
  await form.getByLabel('Weight in kg').fill('4,4');
  await form.getByLabel('Note (optional)').fill('after breakfast');
  await audit('journal-edit');
  await form.getByRole('button', { name: 'Save the changes' }).click();
  await until(async () => /Weight 4\.4 kg/.test(await text(page.locator('#timeline'))), 'the edited weight in the timeline');
  expect(/after breakfast/.test(await text(page.locator('#timeline li.kind-weight'))), 'the edited note is not shown');
  const sli = page.locator('#timeline li.kind-stool').first();
  await sli.getByRole('button', { name: /^Edit: Stool 5/ }).click();
  await page.locator('form.edit-entry').getByLabel('Stool score (1 very hard to 7 watery)').fill('9');
  await page.locator('form.edit-entry').getByRole('button', { name: 'Save the changes' }).click();
  await until(async () => /from 1 to 7/.test(await text(page.locator('form.edit-entry'))), 'the out-of-range stool score refused in words');
  await page.locator('form.edit-entry').getByRole('button', { name: 'Cancel' }).click();
  expect(/Stool 5/.test(await text(page.locator('#timeline'))), 'cancel did not give the entry back');
  await audit('journal');

  // ---- a saved cat's answer: the report for the vet in place of printing the page
  step = 'answer';
  await send('POST', '/cats/Pip/assess?texts=brief', { findings: { pain_on_touch: false, swelling: false, not_eating: false } });
  await go('#/journal/Pip', "Pip's journal");
  await page.locator('#timeline li.kind-assessment').getByRole('button', { name: /^Show/ }).click();
  await heading('Pip: the answer', true);
  expect(await page.getByRole('link', { name: 'Print for the vet' }).count() === 1, 'a saved cat\'s answer has no "Print for the vet"');
  expect(await page.getByRole('button', { name: 'Print', exact: true }).count() === 0, 'a saved cat\'s answer still prints the page');

  // ---- Today: the calendar
  step = 'today';
  await go('#/today', 'Today');
  const sec = page.locator('section.part', { has: page.getByRole('heading', { level: 2, name: 'Pip', exact: true }) });
  expect(await sec.getByRole('link', { name: 'Add reminders to your calendar' }).count() === 1, 'Today has no calendar link for Pip');
  await audit('today');

  // ---- a copy of the journal: saved, and restored
  step = 'copy';
  await go('#/cats', 'Cats');
  const save = page.getByRole('link', { name: 'Save a copy of the journal' });
  const [dl] = await Promise.all([page.waitForEvent('download'), save.click()]);
  expect(/^scoot-journal-\d{4}-\d{2}-\d{2}\.json$/.test(dl.suggestedFilename()), `the copy is named ${dl.suggestedFilename()}`);
  const copy = await (await fetch(api('/export?cat=Pip'))).json();
  const n = copy.events.length;
  const dir = mkdtempSync(join(tmpdir(), 'scoot-rec-'));
  writeFileSync(join(dir, 'pip.json'), JSON.stringify(copy));
  const two = JSON.parse(JSON.stringify(copy).replaceAll('"Pip"', '"Pip two"'));
  writeFileSync(join(dir, 'pip-two.json'), JSON.stringify(two));
  writeFileSync(join(dir, 'notes.json'), '{"hello": 1}');
  const pick = page.getByLabel('Restore from a copy');
  await pick.setInputFiles(join(dir, 'notes.json'));
  await until(async () => /notes\.json is not a copy of a scoot journal/.test(await text(page.locator('#restore-error'))), 'a file that is not a copy refused in words');
  await pick.setInputFiles(join(dir, 'pip.json'));
  await until(async () => /Pip is already here/.test(await text(page.locator('#restore-box'))), 'a copy of a cat that is here refused before sending');
  await pick.setInputFiles(join(dir, 'pip-two.json'));
  await until(async () => /Pip two/.test(await text(page.locator('#restore-box'))), 'the confirmation of the restore');
  const ask = await text(page.locator('#restore-box'));
  expect(new RegExp(`holds 1 cat \\(Pip two\\) with ${n} entries`).test(ask), `the confirmation does not name what will be added: "${ask}"`);
  await audit('restore-confirm');
  await page.getByRole('button', { name: 'Add Pip two' }).click();
  await until(async () => /Restored 1 cat \(Pip two\) and \d+ entries\./.test(await text(page.locator('#restore-box'))), 'the result of the restore in words');
  const pip2 = await send('GET', '/cats/Pip%20two/events?limit=1000');
  expect(pip2.events.length === n, `Pip two has ${pip2.events.length} entries, not ${n}`);
  await audit('restored');

  step = 'clean up';
  for (const c of CATS) await fetch(api(`/cats/${enc(c)}`), { method: 'DELETE' });
}

try {
  await run();
} catch (e) {
  failures.push(`[${step}] stopped: ${e.message.split('\n').slice(0, 4).join(' | ')}`);
  await page.screenshot({ path: `${out}/rec-failure.png`, fullPage: true }).catch(() => {});
  for (const c of CATS) await fetch(api(`/cats/${enc(c)}`), { method: 'DELETE' }).catch(() => {});
}
await browser.close();
writeFileSync(`${out}/rec-axe.json`, JSON.stringify(axeLog, null, 1));
if (failures.length) {
  console.error(`the record from the web FAILED (${failures.length} of ${t.checks} checks, or a stop):\n  ` + failures.join('\n  '));
  process.exit(1);
}
console.log(`the record from the web: ok (${t.checks} checks; axe clean on ${new Set(axeLog.map((a) => a.page)).size} pages x 2 sizes; screenshots rec-*.png in ${out})`);
