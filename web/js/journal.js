// journal.js: a cat's journal: log a leak in one tap (details optional), stool, weight, a pain
// score, care done; the timeline, newest first, with delete.

import { api, choices, clearErrors, el, enc, field, main, num, page, say, showError, when } from './dom.js';
import { grimace } from './grimace.js';
import { schedule, showResult } from './result.js';

// The episode fields of include/scoot/journal.h, in plain words.
const AMOUNTS = [['spot', 'A spot'], ['smear', 'A smear or streak'], ['puddle', 'A puddle']];
const LOOKS = [['brown', 'Brown'], ['grey', 'Grey'], ['yellow', 'Yellow'], ['bloody', 'With blood (pink or red)'], ['pus', 'Thick, like pus']];
const CONTEXTS = [['fright', 'Just after a fright'], ['rest', 'While resting or asleep'], ['after_stool', 'After passing stool'], ['other', 'Something else']];
const TOLERATED = [['well', 'Well'], ['fair', 'Fair'], ['poorly', 'Poorly'], ['refused', 'Refused']];
const word = (list, v) => (list.find((x) => x[0] === v) || [v, v])[1];

export function describe(kb, ev) {
  const d = ev.data || {};
  const care = (id) => (kb.care.find((k) => k.id === id) || { title: id }).title;
  switch (ev.kind) {
    case 'episode': {
      const bits = [d.amount ? word(AMOUNTS, d.amount).toLowerCase() : null,
        d.look ? [].concat(d.look).map((l) => word(LOOKS, l).toLowerCase()).join(', ') : null,
        d.context ? word(CONTEXTS, d.context).toLowerCase() : null, d.where || null].filter(Boolean);
      return 'Leak' + (bits.length ? ': ' + bits.join('; ') : '');
    }
    case 'observation': {
      const f = kb.facts.find((x) => x.id === d.finding);
      const v = d.value === true ? 'yes' : d.value === false ? 'no' : d.value;
      return `Seen: ${f && f.ask ? f.ask : d.finding} ${v}`;
    }
    case 'stool': {
      if (d.chart === 'royal_canin') return `Stool ${d.score} (Royal Canin chart)`;
      const f = kb.facts.find((x) => x.id === 'fecal_score');
      const l = f && f.labels ? f.labels.find((x) => x.value === d.score) : null;
      return `Stool ${d.score}${l ? ': ' + l.text : ''}`;
    }
    case 'weight': return `Weight ${num(d.kg, 2)} kg`;
    case 'bcs': return `Body condition ${d.score} of 9`;
    case 'pain': {
      const sc = kb.scales.find((s) => s.id === 'fgs');
      const parts = sc ? sc.units.filter((u) => d[u.id] !== undefined && d[u.id] !== null).map((u) => `${u.name.toLowerCase()} ${d[u.id]}`) : [];
      return `Pain (grimace) score ${typeof d.score === 'number' ? d.score.toFixed(1) : '?'} of 10${parts.length ? ' (' + parts.join(', ') + ')' : ''}`;
    }
    case 'care': {
      const bits = [d.minutes ? `${d.minutes} minutes` : null, d.tolerated ? `taken ${word(TOLERATED, d.tolerated).toLowerCase()}` : null].filter(Boolean);
      return `Done: ${care(d.care)}${bits.length ? ' (' + bits.join(', ') + ')' : ''}`;
    }
    case 'medicine': return `Medicine: ${d.name}${d.dose ? ' ' + d.dose : ''}, ${schedule({ times_per_day: d.times_per_day, days: d.days }).toLowerCase()}`;
    case 'dose': return d.given === false ? 'Dose missed' : 'Dose given';
    case 'vet_visit': return 'Vet visit' + ([d.clinic, d.diagnosis, d.treatment].filter(Boolean).length ? ': ' + [d.clinic, d.diagnosis, d.treatment].filter(Boolean).join('; ') : '');
    case 'assessment': {
      const t = d.result && d.result.triage;
      return `Check: ${t ? t.label || t.level : 'done'}`;
    }
    default: return ev.kind;
  }
}

async function events(name, since) {
  const all = [];
  let offset = 0;
  for (let i = 0; i < 50 && offset !== null; i++) {
    const q = new URLSearchParams({ limit: '1000', offset: String(offset) });
    if (since) q.set('since', since);
    const r = await api('GET', `/cats/${enc(name)}/events?${q}`);
    all.push(...r.events);
    offset = r.next_offset === undefined ? null : r.next_offset;
  }
  return all;
}

export async function journalPage(kb, name) {
  const cat = await api('GET', `/cats/${enc(name)}`);
  name = cat.name;
  const base = `/cats/${enc(name)}`;

  // ---- log a leak: one tap, details optional
  const amount = choices('How much', 'ep-amount', AMOUNTS.map(([value, text]) => ({ value, text })));
  const look = choices('How it looked (tick all that fit)', 'ep-look', LOOKS.map(([value, text]) => ({ value, text })), { type: 'checkbox' });
  const context = choices('What happened just before', 'ep-context', CONTEXTS.map(([value, text]) => ({ value, text })));
  const where = field('Where you found it (optional)', el('input', { id: 'ep-where', type: 'text', maxlength: 200 }));
  const epNote = field('Note (optional)', el('input', { id: 'ep-note', type: 'text', maxlength: 500 }));
  const leakMsg = el('p', { class: 'logged', id: 'leak-msg' });
  const leakErr = el('p', { class: 'error', role: 'alert' });
  const leakBtn = el('button', { type: 'button', class: 'big', id: 'log-leak', text: 'Log a leak now' });
  const detailBtn = el('button', { type: 'button', text: 'Log a leak with these details' });
  const details = el('details', { class: 'ep-details' }, el('summary', { text: 'Add details: amount, look, what happened (optional)' }),
    amount.node, look.node, context.node, where.node, epNote.node, detailBtn);
  let busy = false; // (not disabled: a disabled button would lose the keyboard focus)
  async function logLeak() {
    const data = {};
    if (amount.value()) data.amount = amount.value();
    if (look.values().length) data.look = look.values();
    if (context.value()) data.context = context.value();
    if (where.input.value.trim()) data.where = where.input.value.trim();
    const body = { kind: 'episode', data };
    if (epNote.input.value.trim()) body.note = epNote.input.value.trim();
    if (busy) return;
    busy = true;
    clearErrors({ amount, look, context, where, epNote }, leakErr);
    try {
      const ev = await api('POST', `${base}/events`, body);
      leakMsg.textContent = `Leak logged at ${new Date(ev.t).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}.`;
      say('Logged a leak');
      amount.reset(); look.reset(); context.reset(); where.input.value = ''; epNote.input.value = '';
      details.open = false;
      refresh();
    } catch (e) {
      showError(e, { 'data.amount': amount, 'data.look': look, 'data.context': context, 'data.where': where, note: epNote }, leakErr);
    } finally {
      busy = false;
    }
  }
  leakBtn.addEventListener('click', logLeak);
  detailBtn.addEventListener('click', logLeak);

  // ---- the other logs: each a form in a card that opens
  function logCard(id, title, controls, button, make, after) {
    const general = el('p', { class: 'error', role: 'alert' });
    const done = el('p', { class: 'logged' });
    const form = el('form', { novalidate: true, id: `form-${id}` }, controls.map((c) => c.node), general, done,
      el('button', { type: 'submit', text: button }));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const map = Object.fromEntries(controls.filter((c) => c.key).map((c) => [c.key, c]));
      clearErrors(map, general);
      done.textContent = '';
      let body;
      try { body = make(); } catch (e) { showError(e, map, general); return; }
      if (!body) return;
      try {
        await api('POST', `${base}/events`, body);
        done.textContent = `Logged. ${describe(kb, { kind: body.kind, data: body.data })}.`;
        say(`Logged ${title.toLowerCase()}`);
        form.reset();
        if (after) after();
        refresh();
      } catch (e) {
        showError(e, map, general);
      }
    });
    return el('details', { class: 'card log', id: `log-${id}` }, el('summary', { text: title }), form);
  }
  const localError = (message, fieldName) => Object.assign(new Error(message), { field: fieldName });

  const stoolFact = kb.facts.find((f) => f.id === 'fecal_score');
  const stool = Object.assign(choices('Which picture of the Purina chart fits best?', 'stool',
    ((stoolFact && stoolFact.labels) || []).map((l) => ({ value: l.value, strong: String(l.value), text: l.text }))), { key: 'data.score' });
  const weight = Object.assign(field('Weight in kg', el('input', { id: 'weight', type: 'number', min: 0.2, max: 20, step: 'any', inputmode: 'decimal' }),
    { hint: 'Weigh yourself holding the cat, then yourself alone, and take the difference.' }), { key: 'data.kg' });
  const fgs = kb.scales.find((s) => s.id === 'fgs') || kb.scales[0];
  const pain = fgs ? grimace(fgs) : null;
  const careSel = el('select', { id: 'care-item' },
    [...kb.care].sort((a, b) => (Object.keys(b.schedule || {}).length > 0) - (Object.keys(a.schedule || {}).length > 0))
      .map((k) => el('option', { value: k.id, text: k.title })));
  const care = Object.assign(field('What did you do?', careSel), { key: 'data.care' });
  const minutes = Object.assign(field('Minutes (optional)', el('input', { id: 'care-minutes', type: 'number', min: 0, max: 240, step: 1, inputmode: 'numeric' })), { key: 'data.minutes' });
  const tolerated = Object.assign(choices('How did your cat take it? (optional)', 'care-tolerated', TOLERATED.map(([value, text]) => ({ value, text }))), { key: 'data.tolerated' });

  const cards = [
    logCard('stool', 'Stool (Purina chart 1 to 7)', [stool], 'Log stool', () => {
      if (stool.value() === null) throw localError('Please choose the picture that fits best.', 'data.score');
      return { kind: 'stool', data: { score: Number(stool.value()) } };
    }),
    logCard('weight', 'Weight', [weight], 'Log weight', () => {
      const v = weight.input.value.trim();
      if (v === '' || !Number.isFinite(Number(v))) throw localError('Please give the weight in kilograms, for example 4.2.', 'data.kg');
      return { kind: 'weight', data: { kg: Number(v) } };
    }),
    pain ? logCard('pain', 'Pain score (Feline Grimace Scale)', [{ node: pain.node }], 'Log pain score', () => {
      const u = pain.units();
      if (Object.values(u).every((x) => x === null)) throw localError('Please score at least one part of the face.');
      return { kind: 'pain', data: u };
    }, () => pain.reset()) : null,
    logCard('care', 'Care done', [care, minutes, tolerated], 'Log care', () => {
      const data = { care: careSel.value };
      if (minutes.input.value.trim() !== '') data.minutes = Number(minutes.input.value);
      if (tolerated.value()) data.tolerated = tolerated.value();
      return { kind: 'care', data };
    }),
  ];

  // ---- the timeline
  const list = el('ol', { class: 'timeline', id: 'timeline' });
  const listErr = el('p', { class: 'error', role: 'alert' });
  const more = el('p', { class: 'more-events' });
  const heading = el('h2', { id: 'timeline-title', tabindex: '-1', text: 'Timeline' });
  let sinceDays = 90;
  async function refresh() {
    let evs;
    try {
      const since = sinceDays ? new Date(Date.now() - sinceDays * 864e5).toISOString().slice(0, 10) : null;
      evs = await events(name, since);
      listErr.textContent = '';
    } catch (e) {
      listErr.textContent = e.message;
      return;
    }
    evs.sort((a, b) => (a.t < b.t ? 1 : a.t > b.t ? -1 : b.id - a.id));
    list.replaceChildren(...evs.map((ev) => {
      const text = describe(kb, ev);
      return el('li', { class: `event kind-${ev.kind}`, 'data-id': ev.id },
        el('div', { class: 'event-text' },
          el('time', { datetime: ev.t, class: 'muted', text: when(ev.t) }),
          el('span', { class: 'what', text }),
          ev.note ? el('span', { class: 'note', text: ev.note }) : null),
        el('div', { class: 'event-actions' },
          ev.kind === 'assessment' && ev.data && ev.data.result
            ? el('button', { type: 'button', class: 'secondary small', 'aria-label': `Show the answer of the check on ${when(ev.t)}`, text: 'Show',
              onclick: () => showResult(kb, ev.data.result, { cat: name }) }) : null,
          el('button', { type: 'button', class: 'secondary small', 'aria-label': `Delete: ${text}, ${when(ev.t)}`, text: 'Delete',
            onclick: async () => {
              if (!window.confirm(`Delete this entry?\n\n${when(ev.t)}: ${text}`)) return;
              try {
                await api('DELETE', `/events/${ev.id}`);
                say(`Deleted: ${text}`);
                await refresh();
                heading.focus();
              } catch (e) { listErr.textContent = e.message; }
            } })));
    }));
    if (!evs.length) list.replaceChildren(el('li', { class: 'empty', text: sinceDays ? `Nothing logged in the last ${sinceDays} days.` : 'Nothing logged yet.' }));
    more.replaceChildren(...(sinceDays
      ? [el('span', { class: 'muted', text: `Showing the last ${sinceDays} days. ` }),
        el('button', { type: 'button', class: 'link', text: 'Show everything', onclick: () => { sinceDays = 0; refresh(); } })]
      : [el('span', { class: 'muted', text: 'Showing everything.' })]));
  }

  page(`${name}'s journal`, [
    el('p', { class: 'links' },
      el('a', { class: 'button', href: `#/check/${enc(name)}`, text: `Check ${name} now` }),
      el('a', { href: `#/charts/${enc(name)}`, text: 'Charts' }),
      el('a', { href: `#/edit/${enc(name)}`, text: 'Edit profile' })),
    el('section', { 'aria-labelledby': 'leak-title', class: 'part leak' },
      el('h2', { id: 'leak-title', text: 'A leak or smell' }),
      el('p', { class: 'muted', text: 'Found a spot or smelled it? One tap is enough; details help but are optional.' }),
      leakBtn, leakErr, leakMsg, details),
    el('section', { 'aria-labelledby': 'log-title', class: 'part' },
      el('h2', { id: 'log-title', text: 'Log something else' }), cards),
    el('section', { 'aria-labelledby': 'timeline-title', class: 'part' }, heading, listErr, list, more),
  ]);
  main.dataset.view = 'journal';
  await refresh();
}
