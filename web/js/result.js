// result.js: the answer of an assessment: the triage banner in plain words, why, the likely
// causes with the evidence for and against, the care plan, what is withheld, what to watch
// for, the safety questions left unanswered, the sources and the disclaimer.

import { api, el, enc, errorText, longDate, main, num, page, plural, say } from './dom.js';

// The page asks for brief results (?texts=brief): ids, scores, reasons and evidence, without
// the texts the KB already holds. This puts those texts back from the KB the page loaded
// (GET /api/v1/kb), or from the server's KB again if it has changed since. A full result
// (a stored assessment) is returned as it is.
export async function withTexts(kb, r) {
  if (!r || r.texts !== 'brief') return r;
  if (!r.kb || r.kb.id !== kb.id || r.kb.version !== kb.version) kb = await api('GET', '/kb');
  const index = (list) => new Map((list || []).map((x) => [x.id, x]));
  const levels = index(kb.levels);
  const causes = index(kb.causes);
  const care = index(kb.care);
  const rules = index(kb.rules);
  const facts = index(kb.facts);
  const of = (map, id) => map.get(id) || {};
  const level = of(levels, r.triage.level);
  const { texts, ...rest } = r;
  return {
    ...rest,
    kb: { ...r.kb, title: kb.title },
    triage: { ...r.triage, label: level.label, advice: level.advice, now: level.now || [] },
    causes: (r.causes || []).map((c) => {
      const k = of(causes, c.id);
      return { ...c, name: k.name, about: k.about, sources: k.sources || [] };
    }),
    care: (r.care || []).map((c) => {
      const k = of(care, c.id);
      return { ...c, title: k.title, steps: k.steps || [], cautions: k.cautions || [], sources: k.sources || [] };
    }),
    watch_for: (r.watch_for || []).map((w) => ({ ...w, text: of(rules, w.rule).watch })),
    unanswered_red_flags: (r.unanswered_red_flags || []).map((u) => ({ ...u, question: of(facts, u.id).ask })),
    disclaimer: kb.disclaimer,
  };
}

// "3× a day, 10 minutes, for 7 days"
export function schedule(s) {
  if (!s) return '';
  const parts = [];
  if (s.times_per_day) parts.push(s.times_per_day === 1 ? 'Once a day' : `${s.times_per_day}× a day`);
  if (s.minutes) parts.push(plural(s.minutes, 'minute'));
  if (s.days) parts.push(`for ${plural(s.days, 'day')}`);
  return parts.join(', ');
}

// How likely a cause is, in words and a figure that never claims certainty: the engine's
// scores share 100 % among the causes, and a top cause at 99.7 % would read "100%" (certain)
// and the last ones "0%" (impossible). i: the cause's rank (0: the first).
export function likelihood(c, i) {
  const p = (c.score || 0) * 100;
  const figure = p > 95 ? 'more than 95%' : p < 1 ? 'less than 1%' : `${Math.round(p)}%`;
  const words = c.likely ? (i === 0 ? 'Most likely' : 'Likely') : c.score >= 0.05 ? 'Possible' : 'Less likely';
  return { words, figure };
}

// ---- facts in an owner's words (the KB's questions, units, labels and options): what a
// cat's journal added to a check is shown as "Age: 9.6 years", never as "age_years = 9.6".

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
// "your cat's usual stool" -> "the usual stool"
const theCat = (s) => s.replace(/\byour cat's /g, 'the ');

// "episodes of leaking have you noted in the last 30 days" -> "episodes of leaking noted in
// the last 30 days"; "days have the signs been going on" -> "days the signs have been going on";
// "times has your cat vomited" -> "times your cat has vomited"
function countPhrase(s) {
  const m = s.match(/^(.+?) (has|have) (.+)$/);
  if (!m) return s;
  const [, what, aux, rest] = m;
  let r;
  if ((r = rest.match(/^you (.+)$/))) return `${what} ${r[1]}`;
  if ((r = rest.match(/^(.+?) been (.+)$/))) return `${what} ${r[1]} ${aux} been ${r[2]}`;
  if ((r = rest.match(/^your cat (.+)$/))) return `${what} your cat ${aux} ${r[1]}`;
  return s;
}

// A short label made from a fact's question, or null when its question reads better as it is
// (the yes/no and choice questions: "Does your cat drag its bottom along the floor? Yes").
// (The KB has no short label of its own: an optional `label` attribute on facts would be better.)
export function factLabel(kb, f, seen = 0) {
  if (f.scale) {
    const s = (kb.scales || []).find((x) => x.id === f.scale);
    if (s && s.title) return s.title;
  }
  const q = String(f.ask || '').trim().replace(/\?$/, '').replace(/\s*\([^)]*\)$/, '').replace(/\?$/, '')
    .replace(/, counting this one$/, '');
  let m;
  if ((m = q.match(/^And (in|on|over|during) (.+)$/)) && seen < 3) {
    // "And in the last 90 days": the question before it, with this window
    const facts = kb.facts || [];
    const i = facts.findIndex((x) => x.id === f.id);
    const prev = i > 0 ? factLabel(kb, facts[i - 1], seen + 1) : null;
    const k = prev ? prev.lastIndexOf(` ${m[1]} `) : -1;
    return k > 0 ? `${prev.slice(0, k)} ${m[1]} ${m[2]}` : null;
  }
  if (/^How old is /.test(q)) return 'Age';
  if (/^How much does .+ weigh\b/.test(q)) return 'Weight';
  if ((m = q.match(/^What is (.+)$/))) return cap(theCat(m[1]).replace(/^the /, ''));
  if ((m = q.match(/^Which (.+?) best (?:matches|fits|describes) (.+)$/)))
    return cap(`${m[1].replace(/\s*\([^)]*\)/g, '')} for ${theCat(m[2])}`);
  if ((m = q.match(/^(?:For how|How) many (.+)$/))) return cap(countPhrase(m[1]));
  return null;
}

// A fact's value in words: "Yes", "Long coat", "9.6 years", "1 day", "5 (Very moist piles
// that still have some shape)", "4 of 10". label: the label it goes with (its unit is not said
// twice: "Days the signs have been going on: 3").
export function factValue(f, v, label = null) {
  if (f.type === 'yesno') return v === true || v === 'yes' ? 'Yes' : 'No';
  if (f.type === 'choice') { const o = (f.options || []).find((x) => x.id === v); return o ? o.text || String(v) : String(v); }
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  let s = num(n);
  const unit = f.unit && !(label && label.toLowerCase().startsWith(f.unit.toLowerCase())) ? f.unit : '';
  if (unit) s += ` ${n === 1 ? unit.replace(/s$/, '') : unit}`;
  if (f.scale && typeof f.max === 'number') s += ` of ${f.max}`;
  const l = (f.labels || []).find((x) => x.value === n);
  if (l) s += ` (${l.text.split(';')[0]})`;
  return s;
}

// "Age: 9.6 years", or the question and its answer.
export function factWords(kb, f, v) {
  const label = factLabel(kb, f);
  return label ? `${label}: ${factValue(f, v, label)}` : `${f.ask || cap(f.id.replace(/_/g, ' '))} ${factValue(f, v)}`;
}

// One line of what a cat's journal added ("fecal_score = 5 (the latest stool record)", as the
// API sends it) as {text, why} in words; why is left out when it only says the value again.
export function derivedWords(kb, line) {
  const m = String(line).match(/^(\w+) = (.*?)(?: \((.*)\))?$/);
  const f = m && (kb.facts || []).find((x) => x.id === m[1]);
  if (!f) return null;
  let why = m[3] || '';
  if (why === 'profile') why = 'from the profile';
  if (why.startsWith(`${m[2]} `)) why = '';
  why = why.replace(/\b(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2})?Z?)?\b/g, (d, day, time) => (time ? when(d) : longDate(day)));
  return { text: factWords(kb, f, m[2]), why };
}

function causeBlock(c, i) {
  const evidence = (cls, title, items) => (items && items.length
    ? el('div', { class: `evidence ${cls}` }, el('h4', { text: title }), el('ul', {}, items.map((e) => el('li', { text: e.text }))))
    : null);
  const l = likelihood(c, i);
  const n = (c.for || []).length + (c.against || []).length;
  return el('article', { class: 'cause' + (c.likely ? ' likely' : ''), 'data-cause': c.id },
    el('h3', { text: c.name || 'A cause' }),
    el('p', { class: 'likelihood' }, el('strong', { class: 'words', text: l.words }), ' · ', el('span', { class: 'score', text: l.figure })),
    el('div', { class: 'meter', 'aria-hidden': 'true' }, el('div', { class: `fill p${Math.min(95, Math.round(c.score * 20) * 5)}` })),
    c.about || n ? el('details', { class: 'more why-cause' },
      el('summary', {}, n ? `What points to it and against it (${n})` : 'What it is'),
      c.about ? el('p', { class: 'about', text: c.about }) : null,
      evidence('for', 'Points for', c.for),
      evidence('against', 'Points against', c.against)) : null);
}

// A care item's steps and cautions (k: a care item with its texts), for its card here and for
// Today; h: the cautions' heading level (under the page's own headings).
export function careSteps(k, h = 'h4') {
  return [
    k.steps && k.steps.length ? el('ol', { class: 'steps' }, k.steps.map((s) => el('li', { text: s }))) : null,
    k.cautions && k.cautions.length
      ? el('div', { class: 'cautions' }, el(h, { text: 'Take care' }), el('ul', {}, k.cautions.map((s) => el('li', { text: s }))))
      : null,
  ];
}

function careBlock(k) {
  const sched = schedule(k.schedule);
  const n = (k.steps || []).length;
  return el('article', { class: 'card care', 'data-care': k.id },
    el('h3', { text: k.title }),
    sched ? el('p', { class: 'schedule', text: sched }) : null,
    n || (k.cautions || []).length ? el('details', { class: 'more how' },
      el('summary', { text: 'How to do it' }),
      careSteps(k)) : null);
}

// The report for the vet (GET /cats/{name}/report.html: one page made for printing, its own
// print button being the browser's) and its PDF: the cat's last 12 weeks, with its checks.
export function vetReport(name) {
  const base = `/api/v1/cats/${enc(name)}`;
  return el('span', { class: 'vet-report' },
    el('a', { class: 'button secondary', id: 'print-vet', href: `${base}/report.html`, target: '_blank', rel: 'noopener', text: 'Print for the vet' }),
    ' ',
    el('a', { id: 'report-pdf', href: `${base}/report.pdf`, download: '', text: 'Download the PDF' }));
}

// When the check was made, for the screen and for a printout handed to the vet.
function when(t) {
  const d = t ? new Date(t) : new Date();
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { dateStyle: 'long', timeStyle: 'short' });
}

// The watch-for signs by the level each would bring, the most urgent first, each group under
// the words of its level ("See a vet today if …").
function watchGroups(kb, watch) {
  const levels = kb.levels || [];
  const rank = (id) => levels.findIndex((l) => l.id === id);
  const byLevel = new Map();
  for (const w of watch) {
    const lv = w.level || '';
    if (!byLevel.has(lv)) byLevel.set(lv, []);
    byLevel.get(lv).push(w);
  }
  const groups = [...byLevel.entries()].sort((a, b) => rank(b[0]) - rank(a[0]));
  if (groups.length === 1 && !groups[0][0]) return el('ul', { class: 'watch' }, watch.map((w) => el('li', { text: w.text })));
  // (under "See a vet today if:" the KB's own "Go today if" would be said twice)
  const lead = /^(Go today|Book a vet visit) (if|once) /;
  const sign = (t) => (lead.test(t) ? t.replace(lead, '').replace(/^./, (c) => c.toUpperCase()) : t);
  return groups.map(([lv, items]) => {
    const l = levels.find((x) => x.id === lv);
    return [el('h3', { class: 'watch-level', text: l ? `${l.label} if:` : 'Also watch for:' }),
      el('ul', { class: 'watch' }, items.map((w) => el('li', { text: l ? sign(w.text) : w.text })))];
  });
}

// The answers a check was given, as question and answer, in the order they are asked: for the
// vet (folded on the screen, shown on paper). answers: {fact id: value}.
function answersGiven(kb, facts, answers) {
  const said = (f, v) => factValue(f, v);
  const ids = [...new Set([...(kb.question_order || []), ...Object.keys(answers)])];
  const rows = ids.filter((id) => answers[id] !== undefined && facts.has(id) && facts.get(id).type !== 'text')
    .map((id) => el('li', {}, el('span', { class: 'q', text: facts.get(id).ask || id }), ' ', el('strong', { text: said(facts.get(id), answers[id]) })));
  return rows.length ? el('details', { class: 'more answers-given' },
    el('summary', { text: `The answers given (${rows.length})` }),
    el('p', { class: 'muted', text: 'What this check went on (the journal\'s too), in the order of the questions: for the vet.' }),
    el('ul', {}, rows)) : null;
}

// A cat's check after a vet visit (the last 30 days, or one whose recheck is still ahead):
// the vet's plan is what the owner keeps to, and the check says when to call the clinic
// sooner; the note stays hidden otherwise (or when the journal cannot be read).
async function showVetPlan(note, cat) {
  let s;
  try { s = await api('GET', `/cats/${enc(cat)}/summary`); } catch (e) { return; }
  const visit = s.last_vet_visit, recheck = s.recheck && s.recheck.days_until >= 0 ? s.recheck : null;
  if (!visit || (!recheck && Date.now() - new Date(visit.t).getTime() > 30 * 86400e3)) return;
  const at = recheck && recheck.clinic ? ` at ${recheck.clinic}` : '';
  note.textContent = `${cat} saw the vet on ${longDate(visit.t)}${recheck ? `, and a recheck is booked for ${longDate(recheck.date)}${at}` : ''}. `
    + 'Keep to the vet\'s plan and give every medicine as prescribed. If what you see now is new or worse since the visit, call the clinic and ask whether to come sooner; for "See a vet today", go today.';
  note.hidden = false;
}

// True when condition c (a fact's ask_if, as the KB JSON gives it) looks at a fact for which
// test(id) holds: a follow-up question's ask_if names the question it follows.
export function refersTo(c, test) {
  if (!c) return false;
  if (c.fact && test(c.fact)) return true;
  return [c.not, ...(c.and || []), ...(c.or || [])].some((x) => x && refersTo(x, test));
}

// What to do at once (the level's `now` steps of the KB, e.g. for "See a vet today": call
// ahead, carry the cat safely): said first, before anything else; null when the level has
// none. A step's words before a colon are its heading.
export function doNow(now) {
  if (!now || !now.length) return null;
  const item = (text) => {
    const i = text.indexOf(': ');
    return i > 0 && i < 40 ? el('li', {}, el('strong', { text: text.slice(0, i + 1) + ' ' }), text.slice(i + 2)) : el('li', { text });
  };
  return el('section', { class: 'do-now', id: 'do-now', 'aria-labelledby': 'do-now-title' },
    el('h2', { id: 'do-now-title', text: 'What to do now' }),
    el('ul', {}, now.map(item)));
}

// A check made with "No cat" can be kept as a cat's check afterwards: the same answers are
// sent to that cat's check (POST /cats/{name}/assess), where its journal adds what it knows,
// and the answer is drawn again as that cat's. Hidden when there is no cat to choose.
function saveToCat(kb, facts, opts) {
  const box = el('section', { class: 'part save-check', id: 'save-check', 'aria-labelledby': 'save-title', hidden: true });
  const sel = el('select', { id: 'save-cat' });
  const msg = el('p', { class: 'error', role: 'alert' });
  const btn = el('button', { type: 'button', id: 'save-to-cat', text: 'Save' });
  box.append(
    el('h2', { id: 'save-title', text: 'Keep this check in a cat\'s journal' }),
    el('p', { class: 'muted', text: 'This check was made for no cat, so it is not saved. Choose the cat it was about: its journal keeps the answer, and adds what it knows.' }),
    el('div', { class: 'field' }, el('label', { for: 'save-cat', text: 'Which cat?' }), sel),
    msg, btn);
  api('GET', '/cats').then((cats) => {
    if (!cats.length || !box.isConnected) return;
    sel.replaceChildren(...cats.map((c) => el('option', { value: c.name, text: c.name })));
    box.hidden = false;
  }, () => { /* the answer stands without it */ });
  let busy = false;
  btn.addEventListener('click', async () => {
    if (busy || !sel.value) return;
    busy = true;
    msg.textContent = '';
    const name = sel.value;
    const body = { cat: {}, findings: {}, history: {} };
    for (const [id, v] of Object.entries(opts.answers || {}))
      if (v !== undefined && v !== null && facts.has(id)) body[facts.get(id).section][id] = v;
    const unsureIds = (opts.notSure || []).filter((id) => facts.has(id) && !(id in body[facts.get(id).section]));
    if (unsureIds.length) body.not_sure = unsureIds;
    try {
      const r = await api('POST', `/cats/${enc(name)}/assess?texts=brief`, body);
      if (opts.onSaved) opts.onSaved(name, r.result, r.derived || []);
      const res = await withTexts(kb, r.result);
      showResult(kb, res, { cat: name, derived: r.derived || [], answers: opts.answers, notSure: opts.notSure, again: opts.again, saved: true });
    } catch (e) {
      msg.textContent = errorText(e);
    } finally {
      busy = false;
    }
  });
  return box;
}

// opts: {cat, derived: [string], again: () => void, answerSafety: (open) => void (back to the
// first of the open safety questions given), t: the time of a stored assessment,
// notSure: [fact id] (a fresh check's questions answered "not sure"), answers: {fact id: value}
// (a fresh check's, listed for the vet; without a cat, the check can then be saved to one),
// saved: the answer has just been saved to opts.cat from a check made without a cat,
// onSaved: (cat, brief result, derived) => void, told when a no-cat check is saved to a cat)
export function showResult(kb, r, opts = {}) {
  const t = r.triage;
  const level = kb.levels ? kb.levels.find((l) => l.id === t.level) : null;
  const label = t.label || (level && level.label) || t.level;
  const advice = t.advice || (level && level.advice) || '';
  const urgent = t.level === 'urgent';
  // the safety questions still open that matter: for "see a vet today" all of them (what the
  // vet will want to know); else those whose answer could still change how urgent it is (the
  // engine's first level_questions of next_questions) and those answered "not sure": one that
  // can no longer change the level is not one to chase. With the answers at hand (a fresh
  // check), a follow-up question whose lead-in is itself open waits for that one.
  const facts = new Map((kb.facts || []).map((f) => [f.id, f]));
  const levelQs = r.next_questions && !urgent ? new Set(r.next_questions.slice(0, t.level_questions || 0)) : null;
  const notSure = new Set(opts.notSure || []);
  const unanswered = (r.unanswered_red_flags || []).filter((u) => !levelQs || levelQs.has(u.id) || notSure.has(u.id));
  const ids = new Set(unanswered.map((u) => u.id));
  const open = unanswered.filter((u) => !opts.answers || !facts.has(u.id) || !refersTo(facts.get(u.id).ask_if, (f) => ids.has(f)));
  // "Keep an eye on it at home" is only safe once the safety questions are answered: with
  // some still open, the banner says so, and they come right under it (not at the end). For
  // "See a vet today" they wait below what to do now, folded.
  const unsure = open.length > 0 && !urgent;
  const questions = plural(open.length, 'safety question');
  const openList = [
    unsure ? el('p', { class: 'muted', text: 'Still open means not answered yet, or answered "Not sure".' }) : null,
    el('p', { text: urgent
      ? 'Tell the vet about any of these that is "yes": it helps them know what to look for.'
      : 'These could change the answer. If any of them is "yes", see a vet today.' }),
    el('ul', { class: 'unanswered' }, open.map((w) => el('li', { text: w.question }))),
    opts.answerSafety && unsure
      ? el('p', {}, el('button', { type: 'button', id: 'answer-safety', onclick: () => opts.answerSafety(open), text: 'Answer the safety questions' }))
      : null,
  ];
  // (the questions themselves fold under the button that asks them, when it is there)
  const openPart = !open.length ? null : el('section', { 'aria-labelledby': 'unanswered', class: 'part safety-open' },
    el('h2', { id: 'unanswered', text: unsure ? `${questions} still open` : 'Safety questions not answered' }),
    unsure && opts.answerSafety
      ? [openList[0], openList[1], openList[3],
        el('details', { class: 'more open-list' }, el('summary', { text: `The ${plural(open.length, 'question')}` }), openList[2])]
      : openList);

  const banner = el('section', { class: `banner level-${t.level}${unsure ? ' incomplete' : ''}`, 'data-level': t.level, 'aria-labelledby': 'level-label' },
    el('p', { class: 'banner-kicker', text: 'How urgent' }),
    el('h2', { id: 'level-label', text: label }),
    el('p', { text: advice }),
    unsure ? el('p', { class: 'banner-caveat', text: `This holds only if none of the ${questions} still open below points to an emergency: if you can, answer ${open.length === 1 ? 'it' : 'them'}. A "yes" to one of them can make it more urgent.` }) : null,
    el('p', { class: 'checked-at', text: `Checked ${when(opts.t)}${opts.cat ? ` for ${opts.cat}` : ''}` }));

  const causes = r.causes || [];
  // the likely causes, with the next ones up to three at 5 % or more (the first always, as on
  // the command line); the rest fold under "Less likely"
  const top = causes.filter((c, i) => i === 0 || c.likely || (i < 3 && c.score >= 0.05)).slice(0, 5);
  const rest = causes.filter((c) => !top.includes(c));

  const cited = new Set();
  for (const x of t.reasons || []) (x.sources || []).forEach((s) => cited.add(s));
  for (const c of top) (c.sources || []).forEach((s) => cited.add(s));
  for (const k of r.care || []) (k.sources || []).forEach((s) => cited.add(s));
  const sources = (kb.sources || []).filter((s) => cited.has(s.id));

  const section = (id, title, ...content) => el('section', { 'aria-labelledby': id, class: 'part' },
    el('h2', { id, text: title }), content);

  const derived = (opts.derived || []).map((d) => derivedWords(kb, d)).filter(Boolean);
  // after a vet visit the vet's plan leads: said at the head of what to do (filled in below)
  const vetPlan = el('p', { class: 'note vet-plan', id: 'vet-plan', hidden: true });
  const content = [
    opts.saved ? el('p', { class: 'note saved', id: 'saved-note', text: `Saved in ${opts.cat}'s journal, with what the journal knows.` }) : null,
    banner,
    doNow(t.now || (level && level.now)),
    unsure ? openPart : null,
    section('why', 'Why', (t.reasons || []).length
      ? el('ul', { class: 'reasons' }, t.reasons.map((x) => el('li', { text: x.text })))
      : el('p', { text: unsure ? 'Nothing in the answers given so far points to a problem that needs a vet now.'
        : 'Nothing in the answers points to a problem that needs a vet now.' })),
    section('care', urgent ? 'Until you see the vet' : 'What to do now', vetPlan,
      (r.care || []).length ? r.care.map(careBlock) : el('p', { text: 'No care items.' })),
    (r.withheld || []).length ? section('withheld', 'Not now', el('ul', { class: 'withheld' },
      r.withheld.map((w) => el('li', {}, el('strong', { text: w.title }), ': ', w.reason)))) : null,
    // (grouped by what each sign would mean, the most urgent first: a long list reads better)
    (r.watch_for || []).length ? section('watch', 'Watch for', watchGroups(kb, r.watch_for)) : null,
    section('causes', 'What is probably behind it',
      el('p', { class: 'muted', text: 'How likely each cause is, compared with the others, given the answers. Only an examination by a vet can tell which it is.' }),
      top.map((c) => causeBlock(c, causes.indexOf(c))),
      rest.length ? el('details', { class: 'more' }, el('summary', { text: `Less likely (${rest.length} more)` }),
        el('ul', {}, rest.map((c) => el('li', {}, c.name || 'A cause', ' ', el('span', { class: 'score', text: `(${likelihood(c, causes.indexOf(c)).figure})` }))))) : null),
    unsure ? null : openPart,
    opts.answers && !opts.cat ? saveToCat(kb, facts, opts) : null,
    opts.answers ? answersGiven(kb, facts, opts.answers) : null,
    derived.length ? el('details', { class: 'more journal-added' },
      el('summary', { text: `What ${opts.cat}'s journal added (${derived.length})` }),
      el('ul', {}, derived.map((d) => el('li', {}, d.text, d.why ? el('span', { class: 'muted', text: ` — ${d.why}` }) : null)))) : null,
    sources.length ? el('details', { class: 'more sources' }, el('summary', { text: `Sources (${sources.length})` }),
      el('ul', {}, sources.map((s) => el('li', {},
        s.url ? el('a', { href: s.url, rel: 'noopener noreferrer', target: '_blank', text: s.cite }) : s.cite)))) : null,
    el('p', { class: 'disclaimer', text: r.disclaimer || kb.disclaimer || '' }),
    el('div', { class: 'nav-row actions' },
      // (a saved cat's answer: the report for the vet, its whole record; a check without a cat
      // prints this page)
      opts.cat ? vetReport(opts.cat) : el('button', { type: 'button', class: 'secondary', onclick: () => window.print(), text: 'Print' }),
      opts.again ? el('button', { type: 'button', class: 'secondary', onclick: opts.again, text: 'Check again' }) : null,
      opts.cat ? el('a', { class: 'button', href: `#/journal/${enc(opts.cat)}`, text: `${opts.cat}'s journal` }) : null),
  ];
  page(opts.cat ? `${opts.cat}: the answer` : 'Your answer', content);
  main.dataset.view = 'result';
  if (opts.cat && !opts.t) showVetPlan(vetPlan, opts.cat);
  say(`${opts.saved ? `Saved in ${opts.cat}'s journal. ` : ''}${label}. ${advice}${unsure ? ` ${questions} ${open.length === 1 ? 'is' : 'are'} still open.` : ''}`);
}
