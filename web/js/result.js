// result.js: the answer of an assessment: the triage banner in plain words, why, the likely
// causes with the evidence for and against, the care plan, what is withheld, what to watch
// for, the safety questions left unanswered, the sources and the disclaimer.

import { api, el, enc, main, page, say } from './dom.js';

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
    triage: { ...r.triage, label: level.label, advice: level.advice },
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
  if (s.minutes) parts.push(`${s.minutes} minutes`);
  if (s.days) parts.push(`for ${s.days} day${s.days === 1 ? '' : 's'}`);
  return parts.join(', ');
}

const pct = (score) => {
  const p = score * 100;
  return p >= 1 || p === 0 ? `${Math.round(p)}%` : '<1%';
};

function causeBlock(c) {
  const evidence = (cls, title, items) => (items && items.length
    ? el('div', { class: `evidence ${cls}` }, el('h4', { text: title }), el('ul', {}, items.map((e) => el('li', { text: e.text }))))
    : null);
  return el('article', { class: 'cause' + (c.likely ? ' likely' : ''), 'data-cause': c.id },
    el('h3', {}, el('span', { class: 'score', text: pct(c.score) }), ' ', c.name || c.id,
      c.likely ? el('span', { class: 'tag', text: 'likely' }) : null),
    el('div', { class: 'meter', 'aria-hidden': 'true' }, el('div', { class: `fill p${Math.min(100, Math.round(c.score * 20) * 5)}` })),
    c.about ? el('p', { class: 'about', text: c.about }) : null,
    evidence('for', 'Points for', c.for),
    evidence('against', 'Points against', c.against));
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
  return el('article', { class: 'card care', 'data-care': k.id },
    el('h3', { text: k.title }),
    sched ? el('p', { class: 'schedule', text: sched }) : null,
    careSteps(k));
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
  const said = (f, v) => {
    if (f.type === 'yesno') return v ? 'Yes' : 'No';
    if (f.type === 'choice') { const o = (f.options || []).find((x) => x.id === v); return o ? o.text || o.id : String(v); }
    const l = (f.labels || []).find((x) => x.value === v);
    return `${String(v)}${f.unit ? ` ${f.unit}` : ''}${l ? `: ${l.text}` : ''}`;
  };
  const ids = [...new Set([...(kb.question_order || []), ...Object.keys(answers)])];
  const rows = ids.filter((id) => answers[id] !== undefined && facts.has(id) && facts.get(id).type !== 'text')
    .map((id) => el('li', {}, el('span', { class: 'q', text: facts.get(id).ask || id }), ' ', el('strong', { text: said(facts.get(id), answers[id]) })));
  return rows.length ? el('details', { class: 'more answers-given' },
    el('summary', { text: `The answers given (${rows.length})` }),
    el('p', { class: 'muted', text: 'What this check went on (the journal\'s too), in the order of the questions: for the vet.' }),
    el('ul', {}, rows)) : null;
}

// opts: {cat, derived: [string], again: () => void, answerSafety: () => void (back to the
// first open safety question), t: the time of a stored assessment, answers: {fact id: value}
// (a fresh check's, listed for the vet)}
export function showResult(kb, r, opts = {}) {
  const t = r.triage;
  const level = kb.levels ? kb.levels.find((l) => l.id === t.level) : null;
  const label = t.label || (level && level.label) || t.level;
  const advice = t.advice || (level && level.advice) || '';
  // the safety questions still open; with the answers at hand (a fresh check), a follow-up
  // question whose lead-in is itself open ("while straining, ...?") waits for that one
  const facts = new Map((kb.facts || []).map((f) => [f.id, f]));
  const unanswered = r.unanswered_red_flags || [];
  const ids = new Set(unanswered.map((u) => u.id));
  const waits = (c) => Boolean(c) && (ids.has(c.fact) || [c.not, ...(c.and || []), ...(c.or || [])].some(waits));
  const open = unanswered.filter((u) => !opts.answers || !facts.has(u.id) || !waits(facts.get(u.id).ask_if));
  // "Keep an eye on it at home" is only safe once the safety questions are answered: with
  // some still open, the banner says so, and they come right under it (not at the end).
  const unsure = open.length > 0 && t.level !== 'urgent';
  const openPart = open.length ? el('section', { 'aria-labelledby': 'unanswered', class: 'part safety-open' },
    el('h2', { id: 'unanswered', text: unsure ? `${open.length} safety question${open.length === 1 ? '' : 's'} still open` : 'Safety questions not answered' }),
    unsure ? el('p', { class: 'muted', text: 'Still open means not answered yet, or answered "Not sure".' }) : null,
    el('p', { text: t.level === 'urgent'
      ? 'Tell the vet about any of these that is "yes": it helps them know what to look for.'
      : 'These could change the answer. If any of them is "yes", see a vet today.' }),
    el('ul', { class: 'unanswered' }, open.map((w) => el('li', { text: w.question }))),
    opts.answerSafety && unsure
      ? el('p', {}, el('button', { type: 'button', id: 'answer-safety', onclick: opts.answerSafety, text: 'Answer the safety questions' }))
      : null) : null;

  const banner = el('section', { class: `banner level-${t.level}${unsure ? ' incomplete' : ''}`, 'data-level': t.level, 'aria-labelledby': 'level-label' },
    el('p', { class: 'banner-kicker', text: 'How urgent' }),
    el('h2', { id: 'level-label', text: label }),
    el('p', { text: advice }),
    unsure ? el('p', { class: 'banner-caveat', text: `This holds only if none of the ${open.length} safety question${open.length === 1 ? '' : 's'} still open below points to an emergency: if you can, answer ${open.length === 1 ? 'it' : 'them'}. A "yes" to one of them can make it more urgent.` }) : null,
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

  const content = [
    banner,
    unsure ? openPart : null,
    section('why', 'Why', (t.reasons || []).length
      ? el('ul', { class: 'reasons' }, t.reasons.map((x) => el('li', { text: x.text })))
      : el('p', { text: unsure ? 'Nothing in the answers given so far points to a problem that needs a vet now.'
        : 'Nothing in the answers points to a problem that needs a vet now.' })),
    section('causes', 'What is probably behind it',
      el('p', { class: 'muted', text: 'The percentages share 100% among the possible causes, given your answers.' }),
      top.map(causeBlock),
      rest.length ? el('details', { class: 'more' }, el('summary', { text: `Less likely (${rest.length} more)` }),
        el('ul', {}, rest.map((c) => el('li', {}, el('span', { class: 'score', text: pct(c.score) }), ' ', c.name || c.id)))) : null),
    section('care', 'What to do now', (r.care || []).length ? r.care.map(careBlock) : el('p', { text: 'No care items.' })),
    (r.withheld || []).length ? section('withheld', 'Not now', el('ul', { class: 'withheld' },
      r.withheld.map((w) => el('li', {}, el('strong', { text: w.title }), ': ', w.reason)))) : null,
    // (grouped by what each sign would mean, the most urgent first: a long list reads better)
    (r.watch_for || []).length ? section('watch', 'Watch for', watchGroups(kb, r.watch_for)) : null,
    unsure ? null : openPart,
    opts.answers ? answersGiven(kb, facts, opts.answers) : null,
    opts.derived && opts.derived.length ? el('details', { class: 'more' },
      el('summary', { text: `What ${opts.cat}'s journal added (${opts.derived.length})` }),
      el('ul', {}, opts.derived.map((d) => el('li', { text: d })))) : null,
    sources.length ? el('details', { class: 'more sources' }, el('summary', { text: `Sources (${sources.length})` }),
      el('ul', {}, sources.map((s) => el('li', {},
        s.url ? el('a', { href: s.url, rel: 'noopener noreferrer', target: '_blank', text: s.cite }) : s.cite)))) : null,
    el('p', { class: 'disclaimer', text: r.disclaimer || kb.disclaimer || '' }),
    el('div', { class: 'nav-row actions' },
      el('button', { type: 'button', class: 'secondary', onclick: () => window.print(), text: 'Print' }),
      opts.again ? el('button', { type: 'button', class: 'secondary', onclick: opts.again, text: 'Check again' }) : null,
      opts.cat ? el('a', { class: 'button', href: `#/journal/${enc(opts.cat)}`, text: `${opts.cat}'s journal` }) : null),
  ];
  page(opts.cat ? `${opts.cat}: the answer` : 'Your answer', content);
  main.dataset.view = 'result';
  say(`${label}. ${advice}${unsure ? ` ${open.length} safety questions are still open.` : ''}`);
}
